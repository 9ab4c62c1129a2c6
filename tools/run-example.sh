#!/usr/bin/env bash
# Runs one program of the examples module: tools/run-example.sh CLASS [ARGS...], e.g.
#   tools/run-example.sh PortfolioAnalysis examples/data/portfolio.csv
# Builds the module (and what it needs) first; needs only a JDK 17.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: tools/run-example.sh CLASS [ARGS...]   (CLASS as in examples/src/main/java/dev/bulkestate/examples)" >&2
  exit 1
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp_file="$root/examples/target/classpath.txt"
(cd "$root" && ./mvnw -q -B -DskipTests -pl examples -am package dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime) >&2
class="$1"
shift
[[ "$class" == *.* ]] || class="dev.bulkestate.examples.$class"
java_cmd="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
exec "$java_cmd" -cp "$root/examples/target/classes:$(cat "$cp_file")" "$class" "$@"
