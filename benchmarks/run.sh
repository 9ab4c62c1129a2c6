#!/usr/bin/env bash
# Runs every benchmark side by side with its peer and writes BENCHMARKS.md at the repository root.
#   benchmarks/run.sh             full suite (5-8 min on 2 cores, more under load)
#   benchmarks/run.sh --quick     smoke figures (about 1 min): fewer records, fewer rounds
#   benchmarks/run.sh --assemble  rewrite BENCHMARKS.md from the last run (after editing ANALYSIS.md)
# MVN_OFFLINE=-o makes the build step offline.
# Loopback only. Nothing here runs in `./mvnw verify`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode=full
assemble_only=false
case "${1:-}" in
  --quick) mode=quick ;;
  # Rewrites BENCHMARKS.md from the last run's files (e.g. after editing benchmarks/ANALYSIS.md).
  --assemble) assemble_only=true ;;
  "") ;;
  *) echo "usage: benchmarks/run.sh [--quick|--assemble]" >&2; exit 2 ;;
esac
out="$root/benchmarks/target/run"
java_cmd="java"
[[ -n "${JAVA_HOME:-}" ]] && java_cmd="$JAVA_HOME/bin/java"
jar="$root/benchmarks/target/benchmarks-all.jar"
# Spring Batch logs every step at INFO; the engine logs nothing per job. Same quiet for both.
jvm=(-Xms2g -Xmx4g -XX:+UseG1GC -Dorg.slf4j.simpleLogger.log.org.springframework=warn)

if [[ $assemble_only == false ]]; then
rm -rf "$out"
mkdir -p "$out"
started=$(date -u +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

echo "run.sh: building benchmarks-all.jar..." >&2
./mvnw -q -B ${MVN_OFFLINE:-} -DskipTests -Pbench -pl benchmarks -am package >&2

if [[ $mode == quick ]]; then
  # No fork in quick mode: the JVM and the dataset are made once for all seven benchmarks.
  jmh_args=(-f 0 -wi 1 -w 1s -i 1 -r 1s)
  macro_args=(--quick)
else
  jmh_args=(-f 1 -wi 2 -w 2s -i 5 -r 2s)
  macro_args=()
fi

echo "run.sh: JMH micro benchmarks..." >&2
"$java_cmd" -jar "$jar" "${jmh_args[@]}" -jvmArgs "-Xms1g -Xmx2g" -rf json -rff "$out/jmh.json" \
  'dev.bulkestate.benchmarks.(ProcessorBenchmark|JsonBenchmark)' > "$out/jmh.txt"
"$java_cmd" -cp "$jar" dev.bulkestate.benchmarks.JmhTable "$out/jmh.json" > "$out/jmh.md"

echo "run.sh: macro runs..." >&2
"$java_cmd" "${jvm[@]}" -cp "$jar" dev.bulkestate.benchmarks.MacroBench "${macro_args[@]}" \
  --out "$out/macro.md" 2> "$out/macro.log"

echo "run.sh: profiling the engine with the real address processor (JFR)..." >&2
"$java_cmd" "${jvm[@]}" -XX:StartFlightRecording:filename="$out/engine.jfr",settings=profile \
  -cp "$jar" dev.bulkestate.benchmarks.MacroBench "${macro_args[@]}" --only profile \
  2> "$out/profile.log" > /dev/null
"$java_cmd" -cp "$jar" dev.bulkestate.benchmarks.JfrSummary "$out/engine.jfr" \
  bulk-worker,bulk-record,main 15 > "$out/profile.md"

finished=$(date -u +%s)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
command="benchmarks/run.sh${1:+ $1}"
declare -p mode started finished load_before load_after command jmh_args > "$out/meta.sh"
fi

# shellcheck source=/dev/null
source "$out/meta.sh"
{
  echo "# Benchmarks"
  echo
  echo "Written by \`$command\` ($mode mode) on $(date -u -d "@$finished" +%Y-%m-%dT%H:%MZ), in $(( finished - started )) s."
  echo "Every comparison is a ratio of two sides measured in the same run, in the same JVM where"
  echo "possible, over loopback only. Medians with the spread (min..max) of the measured rounds."
  echo
  echo "## Machine"
  echo
  echo "- CPUs (\`nproc\`): $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "- JDK: $("$java_cmd" -version 2>&1 | head -2 | tail -1)"
  echo "- OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "- Heap: \`${jvm[*]}\` for the macro runs; JMH forks \`-Xms1g -Xmx2g\`, \`${jmh_args[*]}\`"
  echo "- Load average (1, 5, 15 min) before: $load_before; after: $load_after. A load above the"
  echo "  number of CPUs means other processes (here: other builds on this shared machine) competed"
  echo "  for them: absolute figures are then lower and noisier than on an idle machine, and the"
  echo "  ratios (both sides under the same load, rounds interleaved) are what to read."
  echo
  echo "## Micro (JMH): records/s per processor, JSON mapping"
  echo
  echo "Over the default synthetic dataset (seed 42, 20,000 properties) with the record mix of"
  echo "\`BenchData\` (clean and messy addresses, ids, APNs, phones, names; some records fail)."
  echo
  cat "$out/jmh.md"
  echo
  cat "$out/macro.md"
  echo
  echo "## Profile: the engine with the real address processor"
  echo
  echo "JFR (\`settings=profile\`) over \`MacroBench --only profile\` (10 jobs x 10,000"
  echo "address-verification records through the engine), summarised by \`JfrSummary\` over the"
  echo "engine's threads (\`bulk-worker-*\`, which run the records; \`bulk-record-*\`, the timeout"
  echo "watchdog) and \`main\`, which submits the jobs (and, before"
  echo "the timed rounds, generates the dataset and the requests)."
  echo
  cat "$out/profile.md"
  if [[ -f "$root/benchmarks/ANALYSIS.md" ]]; then
    echo
    cat "$root/benchmarks/ANALYSIS.md"
  fi
} > "$root/BENCHMARKS.md"
echo "run.sh: wrote BENCHMARKS.md ($(( finished - started )) s)" >&2
