#!/usr/bin/env bash
# Availability under attack (issue 15, docs/api.md "Limits under attack"): each attack of the
# issue against a real `easel serve`, driven by tests/web_guard_load.py, with bounds that fail on
# the server before the guards (figures in the comments) and hold with them.
#   slow     256 connections trickling header lines: from one address (the per-address limit)
#            and from eight (the global limit, then the header deadline); a normal client from
#            another address is answered in time and every trickling connection is closed by
#            its deadline. Before: no answer within 10 s, all 256 held open.
#   uploads  100 concurrent unauthenticated 20 MiB artwork uploads: every one 401 from the
#            headers alone, quickly, and the server's peak memory grows < 100 MiB.
#            Before: every body read first, VmHWM +1959 MiB (dev build).
#            Then 6 concurrent signed-in uploads of 19.5 MiB PNGs: all stored byte for byte
#            (SHA-256 and length per id), each body spooled to an unlinked file in the server's
#            private folder (0700, under TMPDIR, empty while serving, removed at shutdown);
#            with the six bodies received (none complete) resident memory +<20 MiB, and VmHWM
#            +<90 MiB over the run. Before (bodies in memory): +117 and +96 MiB (dev build).
#            (EASEL_TSAN set: the memory bounds are not checked.)
#   signin   16 sign-in loops with random logins while a signed-in user's GET /me is timed:
#            median < 50 ms, max < 1 s, never more password checks at once than the pool's 2
#            (counted by the server, printed when it stops); one address over its sign-in
#            rate gets 429 while another address does not. Before: median 545 ms, max 1.4 s.
#   race     64 concurrent wrong passwords over 32 threads, then the right one: refused, and
#            at most 5 passwords checked (the attempts table, the audit log and the answers),
#            on SQLite, on PostgreSQL (EASEL_TEST_PG) and across two servers on one
#            PostgreSQL schema. Before: 33 checked on SQLite with 32 threads.
# Usage: web_guard_test.sh EASEL SOURCE_DIR slow|uploads|signin|race
set -u
easel=$1
src=$2
what=$3
load="python3 $src/tests/web_guard_load.py"
. "$(dirname "$0")/web_lib.sh"
web_test_setup

# ok, bad, check, start_server, req, json, header, sign_in, as

PW=correct-horse-battery

seed() { # DB
  export EASEL_DB=$1 EASEL_USER=seed
  local e=0
  seed_users "$PW" ther1:therapist victim:therapist victim2:therapist || e=1
  "$easel" client add --ref c-0001 --name "Ada Synthetic" --setting outpatient >/dev/null || e=1
  "$easel" team add c-0001 ther1 >/dev/null || e=1
  check "seed through the CLI" 0 $e
  unset EASEL_DB EASEL_USER
}

# jq-free JSON access: jget JSON EXPR (a Python expression over j)
jget() { python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"; }
# assert NAME PYTHON-CONDITION-OVER-j JSON
assert() {
  if [ "$(jget "$3" "bool($2)")" = True ]; then ok; else bad "$1: $2 in $3"; fi
}

# stop_last: SIGTERM the last server started and wait for it (its log then has the counts)
stop_last() { kill -TERM "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null; }

db="sqlite:$tmp/guard.db"
seed "$db"

case "$what" in
slow)
  start_server slow "$db" --insecure-cookies --header-timeout 2 || { bad "server start"; exit 1; }
  # one address: 32 kept (the per-address limit), the rest closed at once; the normal client
  # from 127.0.0.2 is answered at once; the 32 are closed by the 2 s deadline
  r=$($load trickle "$port" --conns 256 --sources 127.0.0.1 --probe-source 127.0.0.2 --interval 0.5 --wait 8)
  echo "one address: $r"
  assert "one address: the normal client is answered within 1 s" 'j["probe"]["answered_after"] is not None and j["probe"]["answered_after"] < 1.0' "$r"
  assert "one address: every trickling connection closed" 'j["still_open"] == 0 and j["closed"] == j["accepted"]' "$r"
  assert "one address: closed within the 2 s deadline (+1.5 s)" 'j["closed_max"] is not None and j["closed_max"] < 3.5' "$r"
  # eight addresses of 32: all 256 connection slots taken; the deadline frees them
  r=$($load trickle "$port" --conns 256 --sources 127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6,127.0.0.7,127.0.0.8,127.0.0.9,127.0.0.10 --probe-source 127.0.0.2 --interval 0.5 --wait 10)
  echo "eight addresses: $r"
  assert "eight addresses: the normal client is answered within 5 s" 'j["probe"]["answered_after"] is not None and j["probe"]["answered_after"] < 5.0' "$r"
  assert "eight addresses: every trickling connection closed" 'j["still_open"] == 0' "$r"
  assert "eight addresses: closed within the 2 s deadline (+1.5 s)" 'j["closed_max"] is not None and j["closed_max"] < 3.5' "$r"
  # a slow body: the header arrives, then the body trickles; closed by header + length/min-rate
  start_server body "$db" --insecure-cookies --header-timeout 1 --min-rate 1000 || bad "server start"
  r=$(python3 - "$port" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
t0 = time.monotonic(); s.settimeout(0.2); closed = None
while time.monotonic() - t0 < 8:
    try:
        s.send(b" ")
        if s.recv(100) == b"":
            closed = time.monotonic() - t0; break
    except socket.timeout:
        pass
    except OSError:
        closed = time.monotonic() - t0; break
print(closed)
PY
)
  echo "slow body closed after: $r s"
  python3 -c "import sys; v=sys.argv[1]; sys.exit(0 if v != 'None' and 1.5 <= float(v) < 3.5 else 1)" "$r" && ok || bad "a 1000-byte body at 5 bytes/s is closed after 1 s + 1000 B / 1000 B/s (got $r)"
  # an idle keep-alive connection is closed after the header deadline, a live one is served
  base="http://127.0.0.1:$port"
  req "a normal request is served" 401 GET /api/v1/me
  stop_last
  grep -qE 'connections closed at their deadline [1-9]' "$tmp/body.log" && ok || bad "the deadline count is logged"
  ;;
uploads)
  start_server up "$db" --insecure-cookies --conns-per-address 128 || { bad "server start"; exit 1; }
  base="http://127.0.0.1:$port"
  req "warm up" 401 GET /api/v1/me
  r=$($load uploads "$port" --n 100 --mib 20 --path /api/v1/clients/c-0001/sessions/1/artworks --pid "${pids[-1]}")
  echo "$r"
  assert "every upload answered 401" 'j["statuses"].get("401") == 100' "$r"
  assert "answered from the headers, before any body" 'j["early"] == 100' "$r"
  assert "the slowest answer within 5 s" 'j["slowest"] < 5.0' "$r"
  if [ -z "${EASEL_TSAN:-}" ]; then
    assert "peak memory grows less than 100 MiB" 'j["hwm_after_mib"] - j["hwm_before_mib"] < 100' "$r"
  fi
  # signed in: a wrong CSRF token is refused from the headers too; a body of another route over
  # its limit is 413 at once
  sign_in ther1 "$PW"
  got=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie_ther1" -H 'X-CSRF-Token: wrong' \
    -H 'Content-Type: multipart/form-data; boundary=b' -H 'Expect:' --data-binary @<(head -c 1000000 /dev/zero) \
    "$base/api/v1/clients/c-0001/sessions/1/artworks")
  check "a wrong CSRF token is refused before the body" 403 "$got"
  stop_last
  # more upload bodies at once than --uploads 1: the second is 503 with Retry-After from its
  # headers while the first is still sending
  start_server up1 "$db" --insecure-cookies --uploads 1 || bad "server start"
  base="http://127.0.0.1:$port"
  sign_in ther1 "$PW"
  r=$(python3 - "$port" "$cookie_ther1" "$csrf_ther1" <<'PY'
import socket, sys, time
def head(s):
    s.sendall(("POST /api/v1/clients/c-0001/sessions/1/artworks HTTP/1.1\r\nHost: x\r\n"
               "Cookie: %s\r\nX-CSRF-Token: %s\r\nContent-Type: multipart/form-data; boundary=b\r\n"
               "Content-Length: 1000000\r\n\r\n" % (sys.argv[2], sys.argv[3])).encode())
a = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); head(a); a.sendall(b"-" * 1000)
a.settimeout(0.5)
try:
    first = a.recv(100)
except socket.timeout:
    first = b"(waiting)"
b = socket.create_connection(("127.0.0.1", int(sys.argv[1]))); head(b); b.settimeout(5)
second = b.recv(4096)
print(first[:12].decode(errors="replace"), "|", second[:12].decode(errors="replace"),
      "|", "Retry-After: 5" in second.decode(errors="replace"))
PY
)
  echo "two uploads with --uploads 1: $r"
  check "the first upload's body is being read; the second is 503 with Retry-After" "(waiting) | HTTP/1.1 503 | True" "$r"
  stop_last
  # (--csrf=VALUE: a token may begin with "-", which argparse would take for an option)
  # signed in: 6 concurrent authorised uploads of a 19.5 MiB PNG each (random pixels) all land,
  # byte for byte, while each body goes to an unlinked file in the server's private folder as it
  # arrives and is mapped only while it is ingested (one at a time on SQLite). With all six
  # bodies received but their last KiB, the server's resident memory has grown by less than
  # 20 MiB (the bodies are 116 MiB); over the whole run its peak (VmHWM) is reported (one ingest
  # is itself about 60 MiB: the body read through its mapping, the cleaned copy, the decoded
  # pixels, the derived sizes, and how many overlap is the scheduler's). ASan's quarantine of freed blocks
  # (256 MiB) is off for this server, or it would be counted as held. Before (bodies in memory,
  # dev build): +117 MiB with the bodies received, VmHWM +96 MiB; after: +1 and +6 (release
  # build: +1 and +30 to +42, glibc keeping freed ingest buffers in its per-thread arenas).
  mkdir -m 700 "$tmp/spool"
  export TMPDIR="$tmp/spool"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" \
    start_server upn "$db" --insecure-cookies --uploads 6 || bad "server start"
  unset TMPDIR
  base="http://127.0.0.1:$port"
  sign_in ther1 "$PW"
  mapfile -t A < <(as ther1)
  req "a session to upload to" 201 POST /api/v1/clients/c-0001/sessions "${A[@]}" -H 'Content-Type: application/json' \
    -d '{"date":"2026-12-01","minutes":50,"note_format":"SOAP","note":{"subjective":"","objective":"","assessment":"","plan":""}}'
  sid=$(jget "$(cat "$tmp/body")" 'j["id"]')
  spool=$(ls -d "$tmp/spool"/easel-uploads-* 2>/dev/null)
  [ -n "$spool" ] && [ "$(stat -c %a "$spool")" = 700 ] && ok || bad "the server's private upload folder (0700) under TMPDIR (got '$spool')"
  r=$($load authed "$port" --n 6 --mib 19.5 --path "/api/v1/clients/c-0001/sessions/$sid/artworks" \
    --pid "${pids[-1]}" --cookie="$cookie_ther1" --csrf="$csrf_ther1")
  echo "$r" | python3 -c 'import json,sys; j=json.load(sys.stdin); j.pop("sha256"); print(json.dumps(j))'
  assert "every authorised upload answered 201" 'j["statuses"].get("201") == 6' "$r"
  if [ -n "${EASEL_TSAN:-}" ]; then
    echo "memory bounds not checked under TSan (its shadow memory is counted as resident)"
  else
    assert "six bodies received hold less than 20 MiB of memory" 'j["rss_received_mib"] - j["rss_before_mib"] < 20' "$r"
    # the run's peak (VmHWM) is reported, not bounded: it depends on how many of the six ingests
    # (about 60 MiB each) happen to overlap, which the scheduler decides (a CI run saw +117 MiB);
    # the bodies held while receiving are bounded just above, deterministically
    echo "peak memory (VmHWM) over the run: +$(jget "$r" 'j["hwm_after_mib"] - j["hwm_before_mib"]') MiB"
  fi
  stored=$(sql "$db" "SELECT id || ' ' || sha256 || ' ' || length(bytes) FROM artworks WHERE session_id = $sid ORDER BY id")
  want=$(jget "$r" '"\n".join("%d %s %d" % t for t in sorted(zip(j["ids"], j["sha256"], j["bytes"])))')
  check "every upload stored under its id, its SHA-256 and length those of the image sent" "$want" "$stored"
  check "six artworks stored" 6 "$(grep -c . <<<"$stored")"
  check "nothing left in the upload folder while serving" "" "$(ls -A "$spool")"
  stop_last
  [ ! -e "$spool" ] && ok || bad "the upload folder is removed at shutdown"
  ;;
signin)
  start_server si "$db" --insecure-cookies --signins-per-minute 1000000 || { bad "server start"; exit 1; }
  base="http://127.0.0.1:$port"
  sign_in ther1 "$PW"
  r=$($load signin "$port" --clients 16 --seconds 10 --cookie="$cookie_ther1")
  echo "$r"
  assert "GET /me always answered 200" 'j["me_not_200"] == {}' "$r"
  assert "GET /me median under 50 ms" 'j["me_median_ms"] < 50' "$r"
  assert "GET /me max under 1 s" 'j["me_max_ms"] < 1000' "$r"
  assert "passwords were checked (401) and the overflow refused (503)" 'j["signins"].get("401", 0) > 0 and j["signins"].get("503", 0) > 0' "$r"
  stop_last
  line=$(grep 'easel serve: password checks' "$tmp/si.log")
  echo "$line"
  most=$(sed -n 's/.*at most \([0-9]*\) at once (pool 2).*/\1/p' <<<"$line")
  [ -n "$most" ] && [ "$most" -ge 1 ] && [ "$most" -le 2 ] && ok || bad "never more than 2 checks at once (got '$most')"
  # the per-address sign-in rate: 3 a minute; the 4th from 127.0.0.1 is 429, 127.0.0.2 is not
  start_server rate "$db" --insecure-cookies --signins-per-minute 3 || bad "server start"
  base="http://127.0.0.1:$port"
  for i in 1 2 3; do req "address limit: attempt $i" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ghost","password":"wrong-wrong"}'; done
  req "address limit: 4th is 429" 429 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ghost2","password":"wrong-wrong"}'
  header "address limit: Retry-After" '^Retry-After: [0-9]+'
  req "address limit: another address is not limited" 401 POST /api/v1/session --interface 127.0.0.2 -H 'Content-Type: application/json' -d '{"login":"ghost2","password":"wrong-wrong"}'
  ;;
race)
  race() { # LABEL DB LOGIN PORTS
    local L=$1 d=$2 login=$3 ports=$4 r n
    r=$($load race "$ports" --login "$login" --password "$PW" --wrong 64 --threads 32)
    echo "$L: $r"
    assert "$L: the right password after 64 wrong ones is refused (429)" 'j["right"] == 429' "$r"
    assert "$L: at most 5 wrong passwords answered 401 (checked)" 'j["wrong"].get("401", 0) <= 5' "$r"
    assert "$L: every wrong attempt answered" 'sum(j["wrong"].values()) == 64 and "None" not in j["wrong"]' "$r"
    n=$(sql "$d" "SELECT COUNT(*) FROM login_attempts WHERE login = '$login'")
    [ "$n" -ge 1 ] && [ "$n" -le 5 ] && ok || bad "$L: attempts recorded 1-5 (got $n)"
    n=$(sql "$d" "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed' AND record_id = '$login'")
    [ "$n" -ge 1 ] && [ "$n" -le 5 ] && ok || bad "$L: failed checks audited 1-5 (got $n)"
  }
  opts=(--insecure-cookies --threads 32 --conns-per-address 128 --hash-queue 64 --signins-per-minute 1000000)
  start_server race "$db" "${opts[@]}" || { bad "server start"; exit 1; }
  race sqlite "$db" victim "$port"
  if [ -n "${EASEL_TEST_PG:-}" ]; then
    schema="guard$$"
    psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
    sep="?"; case "$EASEL_TEST_PG" in *\?*) sep="&";; esac
    pg="${EASEL_TEST_PG}${sep}options=-csearch_path%3D${schema}"
    seed "$pg"
    start_server pgA "$pg" "${opts[@]}" || bad "server A start"; portA=$port
    race postgresql "$pg" victim "$portA"
    start_server pgB "$pg" "${opts[@]}" || bad "server B start"; portB=$port
    race "two servers" "$pg" victim2 "$portA,$portB"
  else
    echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half (and the two-server race) did not run"
    pg_skipped=1
  fi
  ;;
*) bad "unknown part $what" ;;
esac

web_test_end
