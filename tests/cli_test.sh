#!/usr/bin/env bash
# CLI behaviour: documented exit codes, errors on stderr naming file/line/field, and no
# partial output on stdout when a command fails. Usage: cli_test.sh EASEL SOURCE_DIR
set -u
easel=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect NAME CODE STDERR-PATTERN STDOUT-EMPTY(yes|no) -- command...
expect() {
  local name=$1 code=$2 pattern=$3 empty=$4
  shift 5
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  local ok=1
  [ "$rc" = "$code" ] || ok=0
  [ -z "$pattern" ] || grep -q -- "$pattern" "$tmp/err" || ok=0
  if [ "$empty" = yes ] && [ -s "$tmp/out" ]; then ok=0; fi
  if [ "$empty" = no ] && [ ! -s "$tmp/out" ]; then ok=0; fi
  if [ $ok = 1 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $name (exit $rc, want $code)"
    sed 's/^/  stderr: /' "$tmp/err" | head -5
  fi
}

ex=$src/examples/outpatient-complex-trauma.json
printf '{"format":"easel-profile/1",\n "client": "x",,}' >"$tmp/malformed.json"
printf '{"format":"easel-profile/1","client":"x","age":-3,"setting":"outpatient","start_date":"2026-12-01","problems":["anxiety"]}' >"$tmp/age.json"
printf '{"format":"easel-profile/1","client":"x","age":30,"setting":"outpatient","start_date":"2026-12-01","problems":["anxiety"],"session":{"minutes":0}}' >"$tmp/minutes.json"
printf '{"format":"easel-profile/1","client":"x","age":30,"setting":"outpatient","start_date":"2026-12-01","problems":["anxiety"],"favourite":"blue"}' >"$tmp/unknown.json"
printf '{"format":"easel-profile/1","client":"x","age":"30","setting":"outpatient","start_date":"2026-12-01","problems":["anxiety"]}' >"$tmp/type.json"
printf '{"format":"easel-profile/1","client":"x","age":30,"setting":"outpatient","start_date":"2026-12-01","problems":["boredom"]}' >"$tmp/unknown-id.json"
mkdir -p "$tmp/overlay/interventions"
sed 's/"oil-pastels"/"oil-pastelz"/' "$src/kb/interventions/safe-place-drawing.json" \
  >"$tmp/overlay/interventions/safe-place-drawing.json"

expect "plan ok" 0 "" no -- "$easel" plan "$ex"
expect "plan json" 0 "" no -- "$easel" plan "$ex" --format json
expect "plan markdown" 0 "" no -- "$easel" plan "$ex" --format markdown --sessions 4
expect "malformed json names line" 3 "malformed.json:2:" yes -- "$easel" plan "$tmp/malformed.json"
expect "age -3" 3 "age: must be between 2 and 120" yes -- "$easel" plan "$tmp/age.json"
expect "session length 0" 3 "session.minutes" yes -- "$easel" plan "$tmp/minutes.json"
expect "unknown field" 3 "favourite: unknown field" yes -- "$easel" plan "$tmp/unknown.json"
expect "wrong type" 3 "age: must be an integer" yes -- "$easel" plan "$tmp/type.json"
expect "unknown problem id" 3 'unknown problem "boredom"' yes -- "$easel" plan "$tmp/unknown-id.json"
expect "missing file" 5 "nope.json" yes -- "$easel" plan "$tmp/nope.json"
expect "bad format" 2 "--format" yes -- "$easel" plan "$ex" --format pdf
expect "bad sessions" 2 "--sessions" yes -- "$easel" plan "$ex" --sessions 0
expect "unknown command" 2 "unknown command" yes -- "$easel" frobnicate
expect "kb cross-reference" 4 "safe-place-drawing.json: media" yes -- \
  "$easel" plan "$ex" --kb-overlay "$tmp/overlay"
expect "kb check cross-reference" 4 'unknown medium "oil-pastelz"' yes -- \
  "$easel" kb check --kb-overlay "$tmp/overlay"
expect "kb missing dir" 5 "" yes -- "$easel" kb check --kb "$tmp/none"
expect "kb check" 0 "" no -- "$easel" kb check
expect "kb list" 0 "" no -- "$easel" kb list media
expect "kb list bad kind" 2 "unknown kind" yes -- "$easel" kb list things
expect "kb show" 0 "" no -- "$easel" kb show safe-place-drawing
expect "kb show unknown" 6 "no item" yes -- "$easel" kb show no-such-thing
expect "explain" 0 "" no -- "$easel" explain "$ex" safe-place-drawing
expect "explain unknown id" 6 "no-such-item" yes -- "$easel" explain "$ex" no-such-item
expect "help" 0 "" no -- "$easel" help

# one command table drives help, --help, completion and the man page: walk it from `easel help`
# (every "  easel NAME" line), so a command missing from the table is missing everywhere
cmds=$("$easel" help | sed -n 's/^  easel \([a-z]*\).*/\1/p' | sort -u | grep -v -x -e help -e completion -e man)
[ "$(echo "$cmds" | wc -w)" -ge 25 ]; expect_true() { if [ "$2" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi; }
expect_true "help lists the commands ($(echo "$cmds" | wc -w))" $?
for c in $cmds; do
  expect "$c --help" 0 "" no -- "$easel" "$c" --help
  grep -q "^  easel $c" "$tmp/out"; expect_true "$c --help prints its usage" $?
  expect "help $c" 0 "" no -- "$easel" help "$c"
done
expect "a subcommand's --help" 0 "" no -- "$easel" group session studio-a record --help
expect "-h" 0 "" no -- "$easel" plan generate -h
expect "help of an unknown command" 2 "unknown command" yes -- "$easel" help nosuch
expect "--version" 0 "" no -- "$easel" --version
grep -q "^easel [0-9][0-9.]*$" "$tmp/out" && grep -q "^knowledge base [0-9a-f]\{64\} " "$tmp/out"; expect_true "--version names easel's and the knowledge base's versions" $?
expect "--version without a knowledge base" 0 "" no -- "$easel" --version --kb "$tmp/none"
grep -q "knowledge base: cannot be read" "$tmp/out"; expect_true "--version says the knowledge base cannot be read" $?
expect "completion bash" 0 "" no -- "$easel" completion bash
bash -n "$tmp/out"; expect_true "the completion script is valid bash" $?
for c in $cmds; do grep -q " $c\b" "$tmp/out" || { expect_true "completion offers $c" 1; continue; }; done
( source "$tmp/out"; COMP_WORDS=(easel pla); COMP_CWORD=1; _easel; [ "${COMPREPLY[*]}" = plan ] ); expect_true "completion completes a command" $?
( source "$tmp/out"; COMP_WORDS=(easel group ro); COMP_CWORD=2; _easel; [ "${COMPREPLY[*]}" = roster ] ); expect_true "completion completes a subcommand" $?
expect "completion of another shell" 2 "usage" yes -- "$easel" completion fish
expect "man" 0 "" no -- "$easel" man
for c in $cmds; do grep -q "^\.SS $c$" "$tmp/out" || expect_true "the man page has $c" 1; done
# a long command shows its progress on a terminal and stays quiet when piped
EASEL_DB="$tmp/demo.db" "$easel" demo --clients 3 --artworks tiny >"$tmp/out" 2>"$tmp/err"
expect_true "demo piped: runs" $?
! grep -q "clients [0-9]* of 3" "$tmp/err"; expect_true "demo piped: no progress lines" $?
# list and show commands offer --json: one JSON document a program can read
EASEL_DB="$tmp/demo.db" EASEL_USER=therapist "$easel" client list --json >"$tmp/cl.json"
jq -e 'length == 3 and all(.[]; (.ref | type) == "string" and (.version | type) == "number")' "$tmp/cl.json" >/dev/null
expect_true "client list --json: 3 clients with their fields" $?
ref=$(jq -r '.[0].ref' "$tmp/cl.json")
EASEL_DB="$tmp/demo.db" EASEL_USER=therapist "$easel" client show "$ref" --json | jq -e --arg r "$ref" '.ref == $r' >/dev/null
expect_true "client show --json names the client" $?
EASEL_DB="$tmp/demo.db" EASEL_USER=therapist "$easel" session list "$ref" --json | jq -e 'length > 0 and all(.[]; (.date | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and (.addenda | type) == "array")' >/dev/null
expect_true "session list --json: dated sessions" $?
expect "--json where a command has none" 2 "needs a value" yes -- env EASEL_DB="$tmp/demo.db" "$easel" outcomes --json
if command -v script >/dev/null; then
  script -qec "EASEL_DB='$tmp/demo2.db' '$easel' demo --clients 3 --artworks tiny" /dev/null >"$tmp/tty" 2>&1
  grep -q "demo: clients 3 of 3" "$tmp/tty"; expect_true "demo on a terminal: progress to the last client" $?
fi
command -v groff >/dev/null || { echo "SKIP: groff not installed (scripts/install-deps.sh)"; exit 77; }
groff -man -Tutf8 -ww -z "$tmp/out" 2>"$tmp/err"; [ ! -s "$tmp/err" ]; expect_true "the man page formats without warnings" $?

# explain names the deciding factor for an excluded medium
"$easel" explain "$src/examples/hospital-neutropenic-child.json" earthenware-clay >"$tmp/x" 2>&1
if grep -q "EXCLUDED" "$tmp/x" && grep -q "immunocompromised" "$tmp/x"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: explain earthenware-clay for an immunocompromised client"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
