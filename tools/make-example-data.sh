#!/usr/bin/env bash
# Regenerates examples/data/*.csv from the synthetic dataset the engine uses by default
# (seed 42, 20,000 properties), with dev.bulkestate.examples.data.ExampleData. Deterministic:
# running it again gives the same bytes (ExampleDataTest checks the committed files).
# Needs only a JDK 17; ./mvnw fetches the rest.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/run-example.sh" dev.bulkestate.examples.data.ExampleData "$root/examples/data"
echo "wrote $(cd "$root" && ls examples/data/*.csv | tr '\n' ' ')"
