#!/usr/bin/env bash
# Regenerates examples/data/*.csv from the synthetic dataset the engine uses by default
# (seed 42, 20,000 properties), with dev.bulkestate.examples.data.ExampleData. Deterministic:
# running it again gives the same bytes (ExampleDataTest checks the committed files).
# Needs only a JDK 17; ./mvnw fetches the rest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="$root/examples/target/classpath.txt"
./mvnw -q -B -DskipTests -pl examples -am package dependency:build-classpath \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
java -cp "$root/examples/target/classes:$(cat "$cp_file")" \
  dev.bulkestate.examples.data.ExampleData "$root/examples/data"
echo "wrote $(ls examples/data/*.csv | tr '\n' ' ')"
