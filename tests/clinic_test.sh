#!/usr/bin/env bash
# The clinic deployment through nginx (issue 15; scripts/clinic.sh, deploy/nginx-easel.conf):
# starts an own PostgreSQL, two easel servers and nginx with a self-signed certificate in a
# fresh folder, then over https://127.0.0.1:PORT with curl --cacert: the certificate is the one
# made at start (curl without it refuses), the browser client loads, HSTS on every answer,
# plain HTTP redirects to HTTPS, sign-in (a Secure cookie), a client and a session created, a
# 2 MiB PNG upload passes the proxy and lands byte for byte (SHA-256 of the download), a 22 MiB
# one is refused by nginx (413, easel never sees it), both upstream servers served requests
# (nginx's access log and each server's own log), the session made on one server is honoured by
# the other; then `clinic.sh stop` leaves no process and no listening port behind; started again
# on the same folder it is the same clinic (address, admin password, the client and its artwork),
# and stops cleanly again. Bounded: the
# whole run must take under 90 s (ctest TIMEOUT 90 as well).
# deploy/nginx-easel.conf is also compared with the configuration docs/api.md shows.
# Usage: clinic_test.sh EASEL SOURCE_DIR. Exit 77 only when a tool is missing (nginx, openssl,
# PostgreSQL 15, curl, python3: scripts/install-deps.sh installs them all).
set -u
easel=$1
src=$2
t_start=$(date +%s)
for tool in nginx openssl curl python3 psql; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "SKIP: $tool is not installed"; exit 77; }
done
[ -x /usr/lib/postgresql/15/bin/initdb ] || command -v initdb >/dev/null ||
  { echo "SKIP: PostgreSQL 15 (initdb) is not installed"; exit 77; }

tmp=$(mktemp -d)
chmod 711 "$tmp" # PostgreSQL's user (as root) and nginx's workers reach the clinic's folder
dir="$tmp/clinic"
pass=0
fail=0
clinic() { "$src/scripts/clinic.sh" "$@" --dir "$dir"; }
cleanup() {
  clinic stop >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # NAME WANT GOT
  if [ "$2" = "$3" ]; then ok; else bad "$1 (got $3, want $2)"; head -c 300 "$tmp/body" 2>/dev/null | sed 's/^/  /'; echo; fi
}

# the configuration that runs here is the one docs/api.md shows (the file's header comment aside)
if diff <(sed -n '/^```nginx$/,/^```$/p' "$src/docs/api.md" | sed '1d;$d') \
  <(sed '/^#/{/^# per client/!d}' "$src/deploy/nginx-easel.conf" | sed '/./,$!d') >"$tmp/conf.diff"; then
  ok
else
  bad "deploy/nginx-easel.conf differs from docs/api.md's configuration:"; cat "$tmp/conf.diff"
fi

t0=$(date +%s.%N)
if ! clinic start --easel "$easel" >"$tmp/start.out" 2>&1; then
  cat "$tmp/start.out"
  bad "clinic.sh start"
  echo "$pass passed, $fail failed"
  exit 1
fi
t1=$(date +%s.%N)
cat "$tmp/start.out"
echo "started in $(python3 -c "print(round($t1 - $t0, 1))") s"
# shellcheck disable=SC1091
. "$dir/clinic.env"
base=$CLINIC_URL
pids_before=$(cat "$dir/easel-a.pid" "$dir/easel-b.pid" "$dir/nginx/nginx.pid"; head -n 1 "$dir/pg/data/postmaster.pid")
clinic status >/dev/null
check "status: every part runs" 0 $?

# req NAME WANT METHOD PATH [curl args...]: through nginx over TLS, trusting only our certificate
req() {
  local name=$1 want=$2 method=$3 path=$4 got
  shift 4
  got=$(curl -s --cacert "$CLINIC_CACERT" -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' -X "$method" "$@" "$base$path")
  check "$name" "$want" "$got"
}
header() { # NAME REGEX (case-insensitive, in $tmp/hdr)
  if tr -d '\r' <"$tmp/hdr" | grep -qiE -- "$2"; then ok; else bad "$1: no header matching $2"; fi
}
jget() { python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$tmp/body" "$1"; }

# --- TLS: the self-signed certificate made at start, and only it ---
curl -s -o /dev/null "$base/" 2>/dev/null
check "without the certificate curl refuses the server (exit 60)" 60 $?
subject=$(openssl x509 -in "$CLINIC_CACERT" -noout -ext subjectAltName 2>/dev/null | tr -d ' \n')
check "the certificate names 127.0.0.1" "X509v3SubjectAlternativeName:IPAddress:127.0.0.1,DNS:localhost" "$subject"

# --- the browser client through the proxy ---
req "the browser client loads" 200 GET /
header "the page is HTML" '^content-type: text/html'
header "HSTS on the page" '^strict-transport-security: max-age=31536000; includeSubDomains'
header "easel's CSP passes the proxy" "^content-security-policy: default-src 'self'"
grep -q '<script type="module"' "$tmp/body" && ok || bad "index.html has its module script"
req "its main module loads" 200 GET /app/main.js
header "as JavaScript" '^content-type: (text|application)/javascript'
req "an API answer without a session" 401 GET /api/v1/me
header "HSTS on an API error too (always)" '^strict-transport-security: max-age='

# --- plain HTTP redirects to HTTPS ---
got=$(curl -s -o /dev/null -D "$tmp/hdr" -w '%{http_code}' "$CLINIC_HTTP_URL/api/v1/me?x=1")
check "HTTP is redirected" 301 "$got"
header "to the same path over HTTPS" "^location: $CLINIC_URL/api/v1/me\?x=1\$"

# --- sign in, a client, a session ---
pw=$(cat "$CLINIC_ADMIN_PASSWORD_FILE")
python3 -c 'import json,sys; print(json.dumps({"login": "admin", "password": sys.argv[1]}))' "$pw" >"$tmp/signin.json"
req "sign in as admin" 200 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$tmp/signin.json"
header "the session cookie is Secure and HttpOnly" '^set-cookie: easel_session=[^;]+; HttpOnly; SameSite=Strict; Path=/; Secure'
token=$(tr -d '\r' <"$tmp/hdr" | sed -n 's/^set-cookie: easel_session=\([^;]*\);.*/\1/ip')
csrf=$(jget 'j["csrf"]')
A=(-H "Cookie: easel_session=$token" -H "X-CSRF-Token: $csrf")
J=(-H 'Content-Type: application/json')
req "create a client" 201 POST /api/v1/clients "${A[@]}" "${J[@]}" -d '{"ref":"c-0001","name":"Ada Synthetic","setting":"outpatient"}'
check "the client is returned" c-0001 "$(jget 'j["client"]["ref"]')"
# several reads, so both servers certainly see the session (round robin)
for i in 1 2 3 4; do req "read the client ($i)" 200 GET /api/v1/clients/c-0001 "${A[@]}"; done
req "record a session" 201 POST /api/v1/clients/c-0001/sessions "${A[@]}" "${J[@]}" \
  -d '{"date":"2026-12-01","minutes":50,"note_format":"SOAP","note":{"subjective":"","objective":"","assessment":"","plan":""}}'
sid=$(jget 'j["id"]')

# --- uploads: 2 MiB lands, 22 MiB is refused by nginx ---
python3 - "$tmp/art.png" <<'PY'
import os, struct, sys, zlib
w, h = 840, 840  # random pixels: 2.1 MB that no compressor shrinks
raw = b"".join(b"\0" + os.urandom(w * 3) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
size=$(stat -c %s "$tmp/art.png")
[ "$size" -gt 2000000 ] && [ "$size" -lt 2300000 ] && ok || bad "the PNG is about 2 MiB (got $size)"
up=/api/v1/clients/c-0001/sessions/$sid/artworks
req "a 2 MiB artwork passes the proxy" 201 POST "$up" "${A[@]}" -F "image=@$tmp/art.png;type=image/png" -F consent_record=1
art=$(jget 'j["id"]')
got=$(curl -s --cacert "$CLINIC_CACERT" -o "$tmp/got.png" -w '%{http_code}' "${A[@]}" "$base/api/v1/clients/c-0001/artworks/$art/image")
check "download the artwork" 200 "$got"
check "the stored image is the upload (SHA-256)" "$(sha256sum <"$tmp/art.png")" "$(sha256sum <"$tmp/got.png")"
head -c $((22 * 1024 * 1024)) /dev/urandom >"$tmp/huge.bin"
before_a=$(grep -c 'artwork' "$CLINIC_LOG_A"; true)
before_b=$(grep -c 'artwork' "$CLINIC_LOG_B"; true)
req "a 22 MiB artwork is refused" 413 POST "$up" "${A[@]}" -F "image=@$tmp/huge.bin;type=image/png"
grep -q 'nginx' "$tmp/body" && ok || bad "the 413 is nginx's page"
check "easel never saw it (server a)" "$before_a" "$(grep -c 'artwork' "$CLINIC_LOG_A")"
check "easel never saw it (server b)" "$before_b" "$(grep -c 'artwork' "$CLINIC_LOG_B")"
req "a 2 MiB body on another route is refused by nginx (1 MiB there)" 413 POST /api/v1/clients "${A[@]}" "${J[@]}" --data-binary @"$tmp/art.png"

# --- both upstream servers served requests, with the one session ---
a=$(grep -c "upstream=$CLINIC_EASEL_A" "$CLINIC_NGINX_ACCESS_LOG")
b=$(grep -c "upstream=$CLINIC_EASEL_B" "$CLINIC_NGINX_ACCESS_LOG")
echo "nginx sent $a requests to server a, $b to server b"
[ "$a" -ge 3 ] && [ "$b" -ge 3 ] && ok || bad "both servers served requests through nginx (a $a, b $b)"
a=$(grep -c '^easel serve: GET client 200' "$CLINIC_LOG_A")
b=$(grep -c '^easel serve: GET client 200' "$CLINIC_LOG_B")
[ "$a" -ge 1 ] && [ "$b" -ge 1 ] && ok || bad "both servers answered the signed-in session's reads (a $a, b $b)"

# --- stop: nothing left running ---
clinic stop
check "stop" 0 $?
clinic status >/dev/null
check "status after stop: nothing runs" 3 $?
left=""
for p in $pids_before; do
  [ -r "/proc/$p/stat" ] && ! awk '{exit $3 == "Z" ? 0 : 1}' "/proc/$p/stat" && left="$left $p($(cat "/proc/$p/comm"))"
done
check "no process left behind" "" "$left"
curl -s -o /dev/null --max-time 2 --cacert "$CLINIC_CACERT" "$base/"
check "nothing listens on the HTTPS port" 7 $?
for hp in "$CLINIC_EASEL_A" "$CLINIC_EASEL_B" "127.0.0.1:$CLINIC_PG_PORT"; do
  curl -s -o /dev/null --max-time 2 "http://$hp/"
  check "nothing listens on $hp" 7 $?
done

# --- started again on the same folder: the same clinic, its data kept ---
clinic start --easel "$easel" >"$tmp/start2.out" 2>&1
check "start again" 0 $?
. "$dir/clinic.env"
check "the same address" "$base" "$CLINIC_URL"
req "the same admin password signs in" 200 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$tmp/signin.json"
token=$(tr -d '\r' <"$tmp/hdr" | sed -n 's/^set-cookie: easel_session=\([^;]*\);.*/\1/ip')
req "the client is still there" 200 GET /api/v1/clients/c-0001 -H "Cookie: easel_session=$token"
got=$(curl -s --cacert "$CLINIC_CACERT" -o "$tmp/got2.png" -w '%{http_code}' -H "Cookie: easel_session=$token" "$base/api/v1/clients/c-0001/artworks/$art/image")
check "and its artwork, byte for byte" "200 $(sha256sum <"$tmp/art.png")" "$got $(sha256sum <"$tmp/got2.png")"
pids2=$(cat "$dir/easel-a.pid" "$dir/easel-b.pid" "$dir/nginx/nginx.pid"; head -n 1 "$dir/pg/data/postmaster.pid")
clinic stop
check "stop again" 0 $?
left=""
for p in $pids2; do
  [ -r "/proc/$p/stat" ] && ! awk '{exit $3 == "Z" ? 0 : 1}' "/proc/$p/stat" && left="$left $p($(cat "/proc/$p/comm"))"
done
check "no process left behind the second time" "" "$left"

elapsed=$(($(date +%s) - t_start))
echo "the whole run took $elapsed s"
[ "$elapsed" -lt 90 ] && ok || bad "the run takes under 90 s (took $elapsed s)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
