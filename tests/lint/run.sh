#!/usr/bin/env bash
# web.lint (issue 16): eslint (pinned by tests/lint/package-lock.json, config
# tests/lint/eslint.config.js) on the browser client web/app/ and the e2e tests tests/e2e/, from
# the source root, failing on any error or warning (--max-warnings 0); every file under them is
# linted (counted against the tree). Then the config is shown to bite: a probe module linted as
# web/app/lint-probe.js with an undeclared name, ==, an unused binding, a let never reassigned and
# a hand-built /api/v1 path must fail with each of those rules, the same path in web/app/paths.js
# must pass, and an e2e probe with an undeclared name must fail.
# Usage: run.sh SOURCE_DIR. Exit 77 (skipped) only when node or npm is missing;
# scripts/install-deps.sh installs both.
set -u
src=$1
lint="$src/tests/lint"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then echo "SKIP: node/npm not installed"; exit 77; fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 18) ? 0 : 1)'; then
  echo "FAIL: eslint 9 needs node >= 18.18, this is $(node --version)"
  exit 1
fi

# shellcheck source=tests/node_lib.sh
. "$src/tests/node_lib.sh"
npm_pinned "$lint" # the pinned eslint into tests/lint/node_modules

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 1
eslint() { "$lint/node_modules/.bin/eslint" --config "$lint/eslint.config.js" --max-warnings 0 "$@"; }
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the tree: no finding, and every file looked at
eslint --format json --output-file "$tmp/tree.json" web/app tests/e2e
rc=$?
want=$( (ls web/app/*.js; find tests/e2e -name '*.mjs' -not -path '*/node_modules/*') | wc -l)
# shellcheck disable=SC2016 # the node program is single-quoted on purpose
got=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const f of r) for (const m of f.messages)
    console.error(`${f.filePath.slice(process.cwd().length + 1)}:${m.line}:${m.column}: ${m.severity === 2 ? "error" : "warning"} ${m.ruleId || ""}: ${m.message}`);
  console.log(r.length);' "$tmp/tree.json")
[ "$rc" -eq 0 ] && ok "web/app and tests/e2e: no error, no warning" || bad "eslint found the problems above (exit $rc)"
[ "$got" -eq "$want" ] && [ "$want" -gt 10 ] && ok "$got files linted" || bad "$got files linted, $want in the tree"

# the config bites
cat >"$tmp/probe.js" <<'JS'
import { api } from './api.js';
let unchanged = 1;
const unused = 2;
export const me = () => api.get('/api/v1/me');
export const one = (ref) => api.get(`/api/v1/clients/${ref}`);
export function check(x) { if (x == unchanged) undeclared = 3; }
JS
eslint --no-color --stdin --stdin-filename web/app/lint-probe.js <"$tmp/probe.js" >"$tmp/probe.out" 2>&1
[ $? -eq 1 ] && ok "the web/app probe fails" || bad "the web/app probe passed"
for rule in no-undef eqeqeq no-unused-vars prefer-const no-restricted-syntax; do
  grep -qE "  error  .*  $rule\$" "$tmp/probe.out" && ok "probe: $rule" || bad "probe: $rule not reported"
done
[ "$(grep -c 'API paths come from web/app/paths.js' "$tmp/probe.out")" -eq 2 ] && ok "probe: both hand-built paths" || bad "probe: not both hand-built paths reported"
printf "export const me = () => '/api/v1/me';\n" | eslint --stdin --stdin-filename web/app/paths.js >"$tmp/paths.out" 2>&1 &&
  ok "paths.js may spell /api/v1" || { cat "$tmp/paths.out"; bad "paths.js may not spell /api/v1"; }
printf "import { test } from 'node:test';\ntest('x', () => { document.title = missing; });\n" |
  eslint --no-color --stdin --stdin-filename tests/e2e/lint-probe.test.mjs >"$tmp/e2e.out" 2>&1
[ $? -eq 1 ] && grep -q "'missing' is not defined" "$tmp/e2e.out" && ! grep -q "'document'" "$tmp/e2e.out" &&
  ok "the e2e probe: an undeclared name fails, document is the page's" || { cat "$tmp/e2e.out"; bad "the e2e probe"; }

echo "web.lint: $fails failed"
[ "$fails" -eq 0 ]
