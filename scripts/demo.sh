#!/usr/bin/env bash
# Set everything up and run easel's main job on demo data: build the release preset and
# propose a treatment plan for a synthetic client (26, complex trauma, outpatient).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
build/release/easel kb check
echo
build/release/easel plan "${1:-examples/outpatient-complex-trauma.json}"
