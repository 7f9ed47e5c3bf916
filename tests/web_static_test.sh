#!/usr/bin/env bash
# The embedded browser client (src/web/static.c) over real HTTP with curl: GET / is the
# index page, every file under web/ is served byte for byte with its content type and the
# API's security headers, unknown paths and traversal attempts are 404, other methods 405,
# and /api paths still reach the JSON API.
# Usage: web_static_test.sh EASEL SOURCE_DIR
set -u
easel=$1
src=$2
tmp=$(mktemp -d)
pass=0
fail=0
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else bad "$1 (got '$3', want '$2')"; fi; }
header() { # NAME REGEX: a response header in $tmp/hdr
  if tr -d '\r' <"$tmp/hdr" | grep -qiE -- "$2"; then ok; else bad "$1: no header matching $2"; fi
}
get() { # METHOD PATH [curl args]: status on stdout; body $tmp/body, headers $tmp/hdr
  local m=$1 p=$2
  shift 2
  curl -s --path-as-is -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' -X "$m" "$@" "$base$p"
}

"$easel" init --db "sqlite:$tmp/p.db" >/dev/null || { echo "init failed"; exit 1; }
"$easel" serve --db "sqlite:$tmp/p.db" --listen 127.0.0.1:0 --threads 2 >"$tmp/out" 2>"$tmp/log" &
pid=$!
base=""
for _ in $(seq 1 100); do
  base=$(sed -n 's|^easel: serving on \(http://127.0.0.1:[0-9]*\)$|\1|p' "$tmp/out")
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "server did not start"; cat "$tmp/log"; exit 1; }

csp="default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'"
# GET / is web/index.html, byte for byte
check "GET /" 200 "$(get GET /)"
cmp -s "$tmp/body" "$src/web/index.html" && ok || bad "GET / is not web/index.html"
header "index type" '^Content-Type: text/html; charset=utf-8$'
header "index CSP" "^Content-Security-Policy: $csp\$"
header "index nosniff" '^X-Content-Type-Options: nosniff$'
header "index frame" '^X-Frame-Options: DENY$'
header "index referrer" '^Referrer-Policy: no-referrer$'
# every file under web/ by its own name, with its type
n=0
while IFS= read -r f; do
  rel=${f#"$src/web"}
  case "$rel" in
  *.html) want='text/html; charset=utf-8' ;;
  *.js) want='text/javascript; charset=utf-8' ;;
  *.css) want='text/css; charset=utf-8' ;;
  *.svg) want='image/svg\+xml' ;;
  *.png) want='image/png' ;;
  *) want='' ;;
  esac
  check "GET $rel" 200 "$(get GET "$rel")"
  cmp -s "$tmp/body" "$f" && ok || bad "$rel: body differs from the file"
  [ -n "$want" ] && header "$rel type" "^Content-Type: $want\$"
  header "$rel CSP" "^Content-Security-Policy: $csp\$"
  n=$((n + 1))
done < <(find "$src/web" -type f | sort)
[ "$n" -ge 3 ] && ok || bad "only $n files under web/"
check "HEAD /app.css" 200 "$(get HEAD /app.css -I)"
# unknown names, traversal attempts (raw and encoded), directories
for p in /nope.html /app/ /app /app/nope.js /index.html/ //index.html /./index.html \
  /app/../index.html /../../etc/passwd /app/..%2f..%2fetc%2fpasswd /%2e%2e/%2e%2e/etc/passwd \
  /web/index.html /index.html%00.js "/app.css?x=1/../../etc/passwd"; do
  got=$(get GET "$p")
  case "$p" in
  "/app.css?"*) check "query ignored $p" 200 "$got" ;;
  *) check "GET $p" 404 "$got"; header "$p 404 CSP" "^Content-Security-Policy: $csp\$" ;;
  esac
  if grep -q 'root:' "$tmp/body"; then bad "$p leaked a system file"; fi
done
check "POST /" 405 "$(get POST / -d x)"
header "405 Allow" '^Allow: GET, HEAD$'
check "DELETE /app.css" 405 "$(get DELETE /app.css)"
# /api is still the API (JSON 401/404), not the static files
check "GET /api/v1/me" 401 "$(get GET /api/v1/me)"
header "api type" '^Content-Type: application/json'
check "GET /api/v1/nope" 404 "$(get GET /api/v1/nope)"
check "GET /api" 404 "$(get GET /api)"
grep -q '"error"' "$tmp/body" && ok || bad "/api 404 is not the API's JSON error"
# the log names the static route, never the path
grep -q '^easel serve: GET static 200 ' "$tmp/log" && ok || bad "no static log line"
if grep -q 'passwd\|index.html' "$tmp/log"; then bad "a path reached the log"; else ok; fi

echo "web.static: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
