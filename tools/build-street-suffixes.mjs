// Turns the USPS Publication 28 Appendix C1 street suffix table, as shipped in the npm package
// street-types (MIT), into the resource read by dev.bulkestate.processors.address.Pub28.
//
// Output (UTF-8, tab separated, sorted by primary name, header line first):
//   primary (spelled-out name), standard (USPS abbreviation), variants (comma separated, every
//   spelling USPS recognizes, including the primary name and the standard abbreviation)
//
// Cleaning: entries are trimmed (the package has "ARCADE ", "KNOLL " ...); the primary name and the
// standard abbreviation are always variants of their own row; a spelling listed under two rows
// (MDW is both MEADOW's standard abbreviation and a variant of MEADOWS) stays with the row whose
// standard abbreviation it is (the first such row when several share one).
import fs from 'node:fs';
import { createRequire } from 'node:module';

const [, , pkgDir, output] = process.argv;
if (!pkgDir || !output) {
  console.error('usage: node build-street-suffixes.mjs <node_modules/street-types> <out.tsv>');
  process.exit(2);
}
const table = createRequire(import.meta.url)(pkgDir + '/index.js');
const rows = table.map((t) => ({
  primary: t.suffix.trim(),
  standard: t.standardAbbr.trim(),
  variants: new Set([t.suffix, t.standardAbbr, ...t.abbrs].map((s) => s.trim())),
}));
// Several rows share a standard abbreviation (PARK, PARKS -> PARK): the first row, whose primary
// name is the singular, owns it.
const standards = new Map();
for (const r of rows) if (!standards.has(r.standard)) standards.set(r.standard, r);
const owner = new Map();
for (const r of rows) {
  for (const v of r.variants) {
    if (!/^[A-Z]+$/.test(v)) throw new Error('unexpected spelling ' + JSON.stringify(v));
    const prev = owner.get(v);
    if (!prev) {
      owner.set(v, r);
    } else if (standards.get(v) === r) {
      owner.set(v, r);
    } else if (standards.get(v) !== prev) {
      throw new Error(`spelling ${v} is claimed by ${prev.primary} and ${r.primary}`);
    }
  }
}
const out = ['primary\tstandard\tvariants'];
for (const r of [...rows].sort((a, b) => a.primary.localeCompare(b.primary))) {
  const mine = [...r.variants].filter((v) => owner.get(v) === r).sort();
  out.push([r.primary, r.standard, mine.join(',')].join('\t'));
}
fs.writeFileSync(output, out.join('\n') + '\n');
console.error(`wrote ${rows.length} suffixes (${owner.size} spellings) to ${output}`);
