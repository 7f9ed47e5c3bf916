# shellcheck shell=bash
# tests/node_lib.sh — what the tests that run node share (fhir.validate, fhir.api, web.e2e,
# web.lint): node_ready skips the test (exit 77) without node or npm or with a node older than
# 18; npm_pinned DIR installs the packages DIR/package-lock.json pins into DIR/node_modules, once
# per lock change (exit 1 when npm ci fails). scripts/install-deps.sh installs node and npm.
node_ready() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then echo "SKIP: node/npm not installed"; exit 77; fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 18 ]; then echo "SKIP: node $major is older than 18"; exit 77; fi
}

npm_pinned() { # DIR
  local stamp="$1/node_modules/.easel-lock"
  if ! cmp -s "$1/package-lock.json" "$stamp" 2>/dev/null; then
    npm ci --prefix "$1" --no-audit --no-fund --loglevel=error || { echo "npm ci failed"; exit 1; }
    cp "$1/package-lock.json" "$stamp"
  fi
}
