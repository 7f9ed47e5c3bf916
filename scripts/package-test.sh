#!/usr/bin/env bash
# The Debian package, installed and run from its installed paths (issue 16): built by CPack
# from the release preset, installed with apt (which brings its dependencies), then
# `easel --version` names the installed knowledge base, `easel kb check` passes, `easel demo`
# fills a database from the installed example profiles, `easel serve` answers over HTTP, the
# manual page and the bash completion are where man and bash look, the systemd unit verifies;
# the package is removed again. Needs root or sudo (scripts/install-deps.sh has the same rule).
# Usage: scripts/package-test.sh [BUILD_DIR]   (default build/release, already built)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/easel_*.deb | head -1)
tmp=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  $sudo dpkg -r easel >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "package-test: FAIL: $*" >&2; exit 1; }

DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$(realpath "$deb")" >/dev/null
[ -x /usr/bin/easel ] || fail "/usr/bin/easel not installed"
cd "$tmp" # nothing below may depend on the source tree
env -u EASEL_KB /usr/bin/easel --version >"$tmp/v" || fail "easel --version"
grep -q "^easel [0-9]" "$tmp/v" || fail "--version prints no version"
grep -q "^knowledge base [0-9a-f]\{64\} (/usr/share/easel/kb)$" "$tmp/v" || fail "--version does not name the installed knowledge base: $(cat "$tmp/v")"
env -u EASEL_KB /usr/bin/easel kb check >/dev/null || fail "easel kb check"
env -u EASEL_KB /usr/bin/easel plan /usr/share/easel/examples/outpatient-complex-trauma.json >"$tmp/plan" || fail "easel plan of an installed example"
grep -qi "goal" "$tmp/plan" || fail "the plan has no goals"
env -u EASEL_KB EASEL_DB="$tmp/easel.db" EASEL_USER=therapist /usr/bin/easel demo --clients 3 --artworks tiny >/dev/null || fail "easel demo from the installed examples"
[ "$(stat -c %a "$tmp/easel.db")" = 600 ] || fail "the database is not 0600"
port=$((20000 + RANDOM % 20000))
env -u EASEL_KB EASEL_DB="$tmp/easel.db" /usr/bin/easel serve --listen 127.0.0.1:$port >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/" | grep -qi "<!doctype html" || fail "serve: the browser client"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/clients")
[ "$code" = 401 ] || fail "serve: the API without sign-in answered $code, not 401"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
man -w easel >/dev/null 2>&1 || [ -f /usr/share/man/man1/easel.1 ] || fail "no manual page"
[ -f /usr/share/bash-completion/completions/easel ] || fail "no bash completion"
bash -n /usr/share/bash-completion/completions/easel || fail "the completion is not valid bash"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /usr/lib/systemd/system/easel@.service 2>"$tmp/sd" || { grep -v "easel@.service: Failed to create\|easel.env" "$tmp/sd" | grep -q . && fail "systemd unit: $(cat "$tmp/sd")"; }
fi
echo "package-test: $(basename "$deb") installed, run from /usr and removed"
