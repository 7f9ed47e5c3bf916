#!/usr/bin/env bash
# `easel demo` end to end on SQLite files in a temporary folder (removed on exit): the counts
# it reports are the counts stored (client list, session list), every KB setting gets clients,
# a second run without --force is refused with exit 2 and --force yes adds the next numbers,
# the same seed gives byte-identical `plan show` output and drawn artworks in two fresh
# databases (another seed does not), bad options exit 2, and the audit log verifies;
# scripts/demo.sh serves the demo practice and its printed sign-in works. Prints "N passed,
# N failed" last.
# Usage: cli_demo_test.sh EASEL SOURCE_DIR
set -u
easel=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
unset EASEL_DB
export EASEL_USER=ther1 EASEL_KB="$src/kb"

check() { # NAME WANT GOT
  if [ "$2" = "$3" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $1 (got \"$3\", want \"$2\")"
    [ -s "$tmp/err" ] && sed 's/^/  stderr: /' "$tmp/err" | head -3
  fi
}
run() { # NAME WANT-CODE -- command...
  local name=$1 code=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  check "$name" "$code" $?
}

one=$tmp/one.db
two=$tmp/two.db
run "demo 16 x 3" 0 -- "$easel" demo --db "$one" --clients 16 --sessions-per-client 3
grep -q "16 clients in 10 settings, 16 plans (.* signed), 48 sessions" "$tmp/out"
check "summary line" 0 $?

# the counts
run "client list" 0 -- "$easel" client list --db "$one" --limit 1000
cp "$tmp/out" "$tmp/clients"
check "16 clients listed" 16 "$(wc -l <"$tmp/clients")"
check "refs demo-0001..demo-0016" "$(seq -f 'demo-%04g' 1 16)" "$(cut -f1 "$tmp/clients" | sort)"
sessions=0
for ref in $(cut -f1 "$tmp/clients"); do
  if ! "$easel" session list "$ref" --db "$one" >"$tmp/out" 2>"$tmp/err"; then
    fail=$((fail + 1))
    echo "FAIL: session list $ref"
  fi
  sessions=$((sessions + $(wc -l <"$tmp/out")))
done
check "48 sessions listed" 48 "$sessions"

# every setting of the KB has demo clients
"$easel" kb list settings | awk '{print $2}' | sort >"$tmp/kb-settings"
cut -f3 "$tmp/clients" | sort -u >"$tmp/demo-settings"
check "every setting present" "$(cat "$tmp/kb-settings")" "$(cat "$tmp/demo-settings")"
check "10 settings in the KB" 10 "$(wc -l <"$tmp/kb-settings")"

# the same seed, byte for byte; another seed differs
run "demo again, fresh database" 0 -- "$easel" demo --db "$two" --clients 16 --sessions-per-client 3
same=0
for ref in $(cut -f1 "$tmp/clients"); do
  "$easel" plan show "$ref" --db "$one" >"$tmp/a" 2>/dev/null
  "$easel" plan show "$ref" --db "$two" >"$tmp/b" 2>/dev/null
  [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b" && same=$((same + 1))
done
check "plan show identical for the same seed" 16 "$same"
run "client list, second database" 0 -- "$easel" client list --db "$two" --limit 1000
cmp -s "$tmp/out" "$tmp/clients"
check "client list identical for the same seed" 0 $?
# the drawn artworks too, byte for byte (named by their SHA-256), with their titles and media
arts() {
  sqlite3 "$1" "SELECT sha256, width, height, title, medium, client_words FROM artworks ORDER BY id"
}
arts "$one" >"$tmp/arts-one"
arts "$two" >"$tmp/arts-two"
check "artworks stored" yes "$([ "$(wc -l <"$tmp/arts-one")" -ge 5 ] && echo yes || echo no)"
check "artworks identical for the same seed" 0 "$(cmp -s "$tmp/arts-one" "$tmp/arts-two"; echo $?)"
check "artworks drawn: photos of 1600x1200 or 1200x1600" 0 \
  "$(grep -cvE '^[0-9a-f]{64}\|(1600\|1200|1200\|1600)\|' "$tmp/arts-one")"
check "artworks all different" "$(wc -l <"$tmp/arts-one")" \
  "$(cut -d'|' -f1 "$tmp/arts-one" | sort -u | wc -l)"
run "demo, seed 2" 0 -- "$easel" demo --db "$tmp/seed2.db" --clients 16 --sessions-per-client 3 \
  --seed 2 --artworks tiny
"$easel" client list --db "$tmp/seed2.db" --limit 1000 >"$tmp/out" 2>/dev/null
cmp -s "$tmp/out" "$tmp/clients"
check "another seed gives other clients" 1 $?
check "--artworks tiny stores the 3x2 image" "3|2" \
  "$(sqlite3 "$tmp/seed2.db" "SELECT DISTINCT width || '|' || height FROM artworks")"

# a database with clients is refused without --force
run "second run refused" 2 -- "$easel" demo --db "$one" --clients 16 --sessions-per-client 3
grep -q -- "--force yes" "$tmp/err"
check "refusal names --force yes" 0 $?
check "refusal writes nothing on stdout" 0 "$(wc -c <"$tmp/out")"
run "still 16 clients" 0 -- "$easel" client list --db "$one" --limit 1000
check "nothing added by the refused run" 16 "$(wc -l <"$tmp/out")"
run "--force yes adds" 0 -- "$easel" demo --db "$one" --clients 2 --sessions-per-client 1 \
  --force yes
"$easel" client list --db "$one" --limit 1000 --match demo-001 >"$tmp/out" 2>/dev/null
check "forced run continues at demo-0017" "demo-0017 demo-0018" \
  "$(cut -f1 "$tmp/out" | sort | grep -E 'demo-001[78]' | tr '\n' ' ' | sed 's/ $//')"

# bad options
run "--clients 0" 2 -- "$easel" demo --db "$tmp/bad.db" --clients 0
run "--clients abc" 2 -- "$easel" demo --db "$tmp/bad.db" --clients abc
run "--sessions-per-client -1" 2 -- "$easel" demo --db "$tmp/bad.db" --sessions-per-client -1
run "--seed x" 2 -- "$easel" demo --db "$tmp/bad.db" --seed x
run "--force no" 2 -- "$easel" demo --db "$tmp/bad.db" --force no
run "unknown option" 2 -- "$easel" demo --db "$tmp/bad.db" --colour blue
run "--today not a date" 2 -- "$easel" demo --db "$tmp/bad.db" --today 2026-02-30
run "--artworks neither drawn nor tiny" 2 -- "$easel" demo --db "$tmp/bad.db" --artworks big
run "an argument" 2 -- "$easel" demo --db "$tmp/bad.db" lots
check "bad options create no database" no "$([ -e "$tmp/bad.db" ] && echo yes || echo no)"

# the audit log
run "audit verify" 0 -- "$easel" audit verify --db "$one"
grep -q "hash chain verified" "$tmp/out"
check "audit verify says so" 0 $?

# scripts/demo.sh, the README's first command, with this binary (EASEL_BIN: no install, no
# build): it serves the demo practice and prints the address and a demo sign-in that works
demo_out=$tmp/demo-script.out
EASEL_BIN=$easel EASEL_DB=$tmp/script.db EASEL_LISTEN=127.0.0.1:0 "$src/scripts/demo.sh" \
  >"$demo_out" 2>"$tmp/demo-script.err" &
demo_pid=$!
url=""
for _ in $(seq 1 600); do
  url=$(sed -n 's|^easel: serving on \(http://127.0.0.1:[0-9]*\)$|\1|p' "$demo_out")
  [ -n "$url" ] && break
  kill -0 "$demo_pid" 2>/dev/null || break
  sleep 0.1
done
check "demo.sh serves" yes "$([ -n "$url" ] && echo yes || echo no)"
login=$(sed -n 's|^demo sign-in: \([a-z]*\) / \([^ ]*\) .*|\1|p' "$demo_out")
password=$(sed -n 's|^demo sign-in: \([a-z]*\) / \([^ ]*\) .*|\2|p' "$demo_out")
code=$(curl -s -c "$tmp/jar" -o "$tmp/signin" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"login\":\"$login\",\"password\":\"$password\"}" "$url/api/v1/session")
check "the printed demo sign-in works" 200 "$code"
curl -s -b "$tmp/jar" -o "$tmp/caseload" "$url/api/v1/clients"
check "the demo therapist's caseload holds the 24 demo clients" 24 \
  "$(grep -o '"ref":"demo-[0-9]*"' "$tmp/caseload" | wc -l)"
# dated as of today: a few plans are due for review, not all (the 24 clients' plans end at
# different points), and the demo therapist can sign the drafts left
curl -s -b "$tmp/jar" -o "$tmp/alerts" "$url/api/v1/alerts"
due=$(grep -o '"kind":"plan-review-due"' "$tmp/alerts" | wc -l)
check "some plans are due for review today, not most" yes "$([ "$due" -ge 1 ] && [ "$due" -le 12 ] && echo yes || echo no)"
drafts=$(sqlite3 "$tmp/script.db" "SELECT COUNT(*) FROM sessions WHERE status = 'draft' AND created_by = 'therapist'")
check "a few notes are the demo therapist's drafts" yes "$([ "$drafts" -ge 1 ] && [ "$drafts" -le 12 ] && echo yes || echo no)"
check "the last session of every client is within the past week" 0 \
  "$(sqlite3 "$tmp/script.db" "SELECT COUNT(*) FROM (SELECT client_id, MAX(date) AS d FROM sessions GROUP BY client_id) WHERE d < date('now', '-7 days') OR d > date('now')")"
kill "$demo_pid" 2>/dev/null
wait "$demo_pid" 2>/dev/null
# the first impression: a short output ending with the sign-in and the address; request logs
# in a file, not the terminal
cat "$demo_out" "$tmp/demo-script.err" >"$tmp/demo-all"
check "demo.sh says little" yes "$([ "$(wc -l <"$tmp/demo-all")" -le 12 ] && echo yes || echo no)"
check "the last lines are the sign-in and the address" "demo sign-in|easel: serving on" \
  "$(tail -2 "$demo_out" | sed -n '1s/^\(demo sign-in\):.*/\1/p; 2s/^\(easel: serving on\) .*/\1/p' | paste -sd'|')"
check "no request log in the terminal" 0 "$(grep -c 'easel serve: ' "$tmp/demo-all")"
check "the request log is in its file" yes \
  "$(grep -q 'easel serve: POST session 200' "$tmp/demo-serve.log" && echo yes || echo no)"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
