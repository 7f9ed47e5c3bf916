#!/usr/bin/env bash
# Regenerate tests/golden/ from the examples with a built easel (default: build/dev/easel).
# Run only after reviewing that a change of plan output is intended; commit the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
easel=${1:-build/dev/easel}
for f in examples/*.json; do
  name=$(basename "$f" .json)
  "$easel" plan "$f" --format text > "tests/golden/$name.txt"
  "$easel" plan "$f" --format json > "tests/golden/$name.json"
done
"$easel" plan examples/outpatient-complex-trauma.json --format markdown \
  > tests/golden/outpatient-complex-trauma.md
echo "golden files regenerated"
