#!/usr/bin/env bash
# The browser client end to end (issue 5): a fresh SQLite practice (easel init, an admin, two
# therapists, a supervisor, web passwords), `easel serve --insecure-cookies` on a free port with
# the clinic KB overlay in clinic-kb/, then the node:test scenario in a real Chromium
# (playwright-core on Debian's /usr/bin/chromium) with axe-core on every screen and tablet-width
# screenshots in ARTIFACTS; then the group programs (groups.test.mjs, issue 12) on the same
# server. The server is stopped on exit.
# Usage: run.sh EASEL SOURCE_DIR ARTIFACTS
# Exit 77 (ctest: skipped) when node or chromium is missing; scripts/install-deps.sh installs both.
set -u
easel=$1
src=$2
art=$3
e2e="$src/tests/e2e"
chromium=${EASEL_CHROMIUM:-/usr/bin/chromium}
# shellcheck source=tests/node_lib.sh
. "$src/tests/node_lib.sh"
node_ready
if [ ! -x "$chromium" ]; then echo "SKIP: $chromium not installed"; exit 77; fi
npm_pinned "$e2e" # the pinned packages (package-lock.json) into tests/e2e/node_modules

tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
db="sqlite:$tmp/e2e.db"
pw=e2e-password-1234
"$easel" init --db "$db" --practice "E2E practice" >/dev/null || exit 1
while read -r login role name; do
  "$easel" user add --db "$db" --user setup --login "$login" --role "$role" --name "$name" >/dev/null || exit 1
  printf '%s\n' "$pw" | "$easel" user passwd --db "$db" --user setup "$login" >/dev/null || exit 1
done <<'USERS'
admin1 admin Ada Admin
ther1 therapist Theo Newman
sup1 supervisor Sam Supervisor
ther2 therapist Tess Outside
USERS

"$easel" serve --db "$db" --listen 127.0.0.1:0 --insecure-cookies --threads 4 \
  --kb-overlay "$e2e/clinic-kb" >"$tmp/out" 2>"$tmp/log" &
pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's|^easel: serving on \(http://[0-9.]*:[0-9]*\)$|\1|p' "$tmp/out")
  [ -n "$base" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$base" ]; then echo "easel serve did not start:"; cat "$tmp/log"; exit 1; fi

mkdir -p "$art"
rm -f "$art"/*.png # screenshots of this run only
# the issue 5 scenario, then the group programs (issue 12) on the same server: each file runs
# even when the other fails, and the run fails when either does
rc=0
for t in scenario groups; do
  EASEL_E2E_BASE=$base EASEL_E2E_DB=$db EASEL_E2E_BIN=$easel EASEL_E2E_PASSWORD=$pw EASEL_E2E_ARTIFACTS=$art EASEL_CHROMIUM=$chromium \
    node --test --test-reporter=spec "$e2e/$t.test.mjs" || rc=1
done
if [ "$rc" -ne 0 ]; then echo "--- server log (method, route, status only) ---"; tail -n 40 "$tmp/log"; fi
exit "$rc"
