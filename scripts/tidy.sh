#!/usr/bin/env bash
# clang-tidy over every C source with the committed .clang-tidy, using a build's compile
# database (default build/release). Any finding fails. Usage: scripts/tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
command -v clang-tidy >/dev/null || { echo "SKIP: clang-tidy not installed"; exit 77; }
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 2; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
git ls-files 'src/*.c' | xargs -P2 -n8 clang-tidy -p "$build" --quiet >"$out" 2>/dev/null || true
if grep -E "(error|warning):" "$out"; then
  echo "tidy: findings above" >&2
  exit 1
fi
echo "tidy: $(git ls-files 'src/*.c' | wc -l) files clean"
