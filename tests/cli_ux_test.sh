#!/usr/bin/env bash
# Issue 16, "a real Unix tool": long commands show progress on a terminal and nothing when
# piped; every list and show command's --json, parsed and checked field by field. On SQLite
# and (when EASEL_TEST_PG is set) on PostgreSQL in a fresh schema; a PostgreSQL half that did
# not run makes the test exit 77 (ctest: Skipped), never Passed.
# Usage: cli_ux_test.sh EASEL SOURCE_DIR
set -u
easel=$1
src=$2
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
cli_test_setup
ux_cleanup() { # the three more schemas of the PostgreSQL half
  if [ -n "$schema" ]; then
    for s in p i1 i2; do psql -q "$EASEL_TEST_PG" -c "DROP SCHEMA IF EXISTS $schema$s CASCADE" >/dev/null 2>&1; done
  fi
  cli_test_cleanup
}
trap ux_cleanup EXIT
# json NAME PYTHON-EXPRESSION: $tmp/out parsed as JSON into `j`; the expression must be true
json() {
  python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    print("  got:", json.dumps(j)[:400])
sys.exit(0 if ok else 1)' "$tmp/out" "$2"
  check "$1" 0 $?
}
# on a terminal (a pseudo-terminal from script(1)): the typescript of `easel ARGS REDIRECT`
tty_run() { # REDIRECT ARGS...
  local redirect=$1
  shift
  local cmd
  cmd=$(printf '%q ' "$easel" "$@")
  script -qec "$cmd $redirect" /dev/null </dev/null >"$tmp/tty" 2>&1
}

# the progress of the long commands
progress() {
  local db=$1
  export EASEL_DB=$db EASEL_USER=ther1
  run "init" 0 -- init
  run "demo" 0 -- demo --clients 12 --sessions-per-client 3 --seed 7 --today 2026-12-01
  # piped: stdout and stderr both to files: the output only, no progress
  run "export piped" 0 -- export --out "$tmp/practice.jsonl"
  grep -q "^exported [0-9]* rows" "$tmp/out"; check "export piped says what it did" 0 $?
  [ ! -s "$tmp/err" ]; check "export piped: nothing on stderr" 0 $?
  grep -q "reading the practice\|done in" "$tmp/out" "$tmp/err"; check "export piped: no progress" 1 $?
  run "plan recheck piped" 0 -- plan recheck
  [ ! -s "$tmp/err" ]; check "recheck piped: nothing on stderr" 0 $?
  grep -q "checking every active plan\|done in" "$tmp/out"; check "recheck piped: no progress" 1 $?
  grep -q "^12 plans checked" "$tmp/out"; check "recheck piped: its result" 0 $?
  run "fhir export --all piped" 0 -- fhir export --all yes --out "$tmp/fhir-piped"
  [ ! -s "$tmp/err" ]; check "fhir export --all piped: nothing on stderr" 0 $?
  grep -q "fhir export: clients" "$tmp/out"; check "fhir export --all piped: no progress" 1 $?
  # on a terminal: progress on stderr (stdout sent away, the progress still shows) ...
  tty_run ">/dev/null" export --out "$tmp/practice2.jsonl"
  check "export on a terminal" 0 $?
  grep -q "export: reading the practice \.\.\." "$tmp/tty"; check "export: progress shown" 0 $?
  grep -q "export: reading the practice done in [0-9.]* s" "$tmp/tty"; check "export: progress ends its line" 0 $?
  cmp -s "$tmp/practice.jsonl" "$tmp/practice2.jsonl"; check "export on a terminal writes the same file" 0 $?
  tty_run ">/dev/null" plan recheck
  check "recheck on a terminal" 0 $?
  grep -q "plan recheck: checking every active plan done in" "$tmp/tty"; check "recheck: progress shown" 0 $?
  tty_run ">/dev/null" fhir export --all yes --out "$tmp/fhir-tty"
  check "fhir export --all on a terminal" 0 $?
  grep -q "fhir export: clients 12 of 12" "$tmp/tty"; check "fhir export --all: progress shown" 0 $?
  # ... and none on stdout: with stderr sent away the terminal sees only the output
  tty_run "2>/dev/null" export --out "$tmp/practice3.jsonl"
  grep -q "reading the practice" "$tmp/tty"; check "export: no progress on stdout" 1 $?
  grep -q "exported [0-9]* rows" "$tmp/tty"; check "export: stdout on the terminal" 0 $?
  tty_run "2>/dev/null" plan recheck
  grep -q "checking every active plan" "$tmp/tty"; check "recheck: no progress on stdout" 1 $?
  # import into an empty database: piped, then on a terminal
  local base=$2
  EASEL_DB=${base}1 run "import piped" 0 -- import "$tmp/practice.jsonl"
  grep -q "^imported [0-9]* rows" "$tmp/out"; check "import piped says what it did" 0 $?
  [ ! -s "$tmp/err" ]; check "import piped: nothing on stderr" 0 $?
  EASEL_DB=${base}2 tty_run ">/dev/null" import "$tmp/practice.jsonl"
  check "import on a terminal" 0 $?
  grep -q "import: loading the practice done in [0-9.]* s" "$tmp/tty"; check "import: progress shown" 0 $?
  EASEL_DB=${base}2 run "the import on a terminal imported" 0 -- export --out "$tmp/practice4.jsonl"
  cmp -s "$tmp/practice.jsonl" "$tmp/practice4.jsonl"
  check "import on a terminal: the same practice, byte for byte" 0 $?
}

# --json of every list and show command, field by field
lists() {
  local db=$1
  export EASEL_DB=$db EASEL_USER=ther1
  run "init" 0 -- init
  run "user admin1" 0 -- user add --login admin1 --name "Ada Admin" --role admin
  run "user ther1" 0 -- user add --login ther1 --name "Theo One" --role therapist
  run "user ther2" 0 -- user add --login ther2 --name "Tess \"Two\"" --role therapist
  run "user list --json" 0 -- user list --json
  json "user list: three, with login, name, role" 'len(j) == 3 and {"login": "ther2", "name": "Tess \"Two\"", "role": "therapist"} in j and {"login": "admin1", "name": "Ada Admin", "role": "admin"} in j'
  run "client add" 0 -- client add --ref ux-1 --name "Una Synthetic" --setting inpatient-psychiatry
  run "client add 2" 0 -- client add --ref ux-2 --name "Vic Synthetic" --setting inpatient-psychiatry
  sed 's/"client": "[^"]*"/"client": "ux-1"/' "$src/examples/wellness-anxiety.json" >"$tmp/p.json"
  run "profile set" 0 -- profile set ux-1 "$tmp/p.json"
  run "team add" 0 -- team add ux-1 ther1 --role therapist
  run "team add 2" 0 -- team add ux-1 ther2 --role "art therapist" --reason "covering for ther1 this month"
  run "team add ux-2" 0 -- team add ux-2 ther1 --role therapist
  run "team list --json" 0 -- team list ux-1 --json
  json "team list: both, roles as given" 'sorted((p["login"], p["role"]) for p in j) == [("ther1", "therapist"), ("ther2", "art therapist")] and all(set(p) == {"login", "name", "role"} for p in j)'
  # measures: one in range, one with the risk item
  run "measure 1" 0 -- measure add ux-1 phq-9 3,3,2,2,2,2,2,1,0 --date 2026-12-01
  run "measure 2" 0 -- measure add ux-1 phq-9 1,1,1,0,0,1,0,0,2 --date 2026-12-08
  run "measure list --json" 0 -- measure list ux-1 --json
  json "measure list: two, oldest first, scored" 'len(j) == 2 and j[0]["date"] == "2026-12-01" and j[0]["instrument"] == "phq-9" and j[0]["answers"] == "3,3,2,2,2,2,2,1,0" and j[0]["valid"] is True and j[0]["total_x100"] == 1700 and j[0]["band"] and j[0]["risk"] is False and j[0]["risk_item"] is None and isinstance(j[0]["id"], int)'
  json "measure list: the risk item named" 'j[1]["risk"] is True and j[1]["risk_item"] == 9 and j[1]["total_x100"] == 600 and j[1]["acknowledged"] is None'
  "$easel" measure list ux-1 >"$tmp/text" 2>&1
  grep -q "RISK item 9" "$tmp/text"; check "measure list: the text unchanged" 0 $?
  # an artwork and an assessment of it
  printf '{"subjective":"synthetic","objective":"drew","assessment":"calmer","plan":"continue"}' >"$tmp/note.json"
  run "session add" 0 -- session add ux-1 --date 2026-12-01 --minutes 50 --note "$tmp/note.json"
  sid=$(sed -n 's/^session \([0-9]*\) recorded.*/\1/p' "$tmp/out")
  printf '%b' "$(printf '%s' 89504e470d0a1a0a0000000d4948445200000003000000020800000000b81f39c60000000e4944415478da63706838c000c4000b0803014671bece0000000049454e44ae426082 | sed 's/../\\x&/g')" >"$tmp/art.png"
  run "artwork add" 0 -- artwork add "$sid" "$tmp/art.png" --title "Safe place" --consent record,education
  aid=$(sed -n 's/^artwork \([0-9]*\) stored.*/\1/p' "$tmp/out")
  run "artwork returned" 0 -- artwork returned "$aid" --date 2026-12-15
  run "artwork list --json" 0 -- artwork list ux-1 --json
  json "artwork list: the artwork, its size and consents" "len(j) == 1 and j[0]['id'] == $aid and j[0]['session'] == $sid and j[0]['session_date'] == '2026-12-01' and j[0]['mime'] == 'image/png' and (j[0]['width'], j[0]['height']) == (3, 2) and j[0]['size'] == $(wc -c <"$tmp/art.png") and j[0]['title'] == 'Safe place' and j[0]['medium'] is None and j[0]['consent'] == {'record': True, 'education': True, 'exhibition': False} and j[0]['returned_on'] == '2026-12-15' and len(j[0]['sha256']) == 64"
  json "artwork list: never the client's words" '"client_words" not in j[0] and "words" not in j[0]'
  run "assess add" 0 -- assess add ux-1 ppat --date 2026-12-02 --ratings 1,2,3,4,5,0,1,2,3,4,5,0,1,2 --observations "used the whole page" --artwork "$aid"
  run "assess add (no ratings)" 0 -- assess add ux-1 kfd --date 2026-12-03
  run "assess list --json" 0 -- assess list ux-1 --json
  json "assess list: PPAT with its 14 ratings in scale order" "len(j) == 2 and j[0]['procedure'] == 'ppat' and [r['rating'] for r in j[0]['ratings']] == [1,2,3,4,5,0,1,2,3,4,5,0,1,2] and all(r['scale'] for r in j[0]['ratings']) and j[0]['observations'] == 'used the whole page' and j[0]['artwork'] == $aid and j[0]['date'] == '2026-12-02'"
  json "assess list: without ratings" 'j[1]["procedure"] == "kfd" and j[1]["ratings"] == [] and j[1]["observations"] is None and j[1]["artwork"] is None and j[1]["minutes"] is None'
  # tokens (administrators)
  EASEL_USER=admin1 run "token create" 0 -- token create lab-feed --grant ux-1,ux-2
  EASEL_USER=admin1 run "token create 2" 0 -- token create old-feed --grant ux-2
  EASEL_USER=admin1 run "token revoke" 0 -- token revoke old-feed
  EASEL_USER=admin1 run "token list --json" 0 -- token list --json
  json "token list: live first, grants, no secret" 'len(j) == 2 and j[0]["name"] == "lab-feed" and j[0]["live"] is True and j[0]["revoked_on"] is None and sorted(j[0]["clients"]) == ["ux-1", "ux-2"] and j[0]["created_by"] == "admin1" and j[0]["scope"] == "fhir-read" and j[0]["last_used_on"] is None and len(j[0]["created_on"]) == 10'
  json "token list: the revoked one" 'j[1]["name"] == "old-feed" and j[1]["live"] is False and len(j[1]["revoked_on"]) == 10 and j[1]["revoked_by"] == "admin1" and j[1]["clients"] == ["ux-2"] and not any("hash" in k or "secret" in k for t in j for k in t)'
  # a group program
  run "group add" 0 -- group add studio-ux --name "Thursday studio" --setting inpatient-psychiatry \
    --kind open --start 2027-01-07 --time 14:00 --minutes 90 --count 8 --capacity 6 --co ther2
  run "roster add" 0 -- group roster studio-ux add ux-1 --from 2027-01-07
  run "roster add 2" 0 -- group roster studio-ux add ux-2 --from 2027-01-07
  run "roster end" 0 -- group roster studio-ux end ux-2 --on 2027-01-14 --reason "moved to another ward"
  run "group list --json" 0 -- group list --json
  json "group list: the program" 'len(j) == 1 and j[0] == {"ref": "studio-ux", "name": "Thursday studio", "setting": "inpatient-psychiatry", "kind": "open", "status": j[0]["status"], "start_date": "2027-01-07", "start_time": "14:00", "minutes": 90, "sessions": 8, "capacity": 6} and j[0]["status"] in ("planned", "running", "ended")'
  EASEL_USER=admin1 run "group list --json (another user's)" 0 -- group list --json
  json "group list: only the programs the user facilitates" 'j == []'
  EASEL_USER=admin1 run "group list --all yes --json" 0 -- group list --all yes --json
  json "group list --all: every program" 'len(j) == 1 and j[0]["ref"] == "studio-ux"'
  run "group show --json" 0 -- group show studio-ux --json
  json "group show: program, facilitators, members" 'j["ref"] == "studio-ux" and j["capacity"] == 6 and sorted(f["login"] for f in j["facilitators"]) == ["ther1", "ther2"] and len(j["members"]) == 2'
  json "group show: a membership that ended says when and why" '{"ref": "ux-2", "name": "Vic Synthetic", "start_date": "2027-01-07", "end_date": "2027-01-14", "end_reason": "moved to another ward"} in j["members"] and [m for m in j["members"] if m["ref"] == "ux-1"][0]["end_date"] is None'
  printf '{"number": 1, "date": "2027-01-07", "minutes": 90, "directive": "Shared mural", "media": "tempera", "themes": "belonging", "process": "side by side", "next_steps": "continue", "members": [{"client": "ux-1", "attendance": "attended", "note": "calm"}, {"client": "ux-2", "attendance": "late", "minutes": 50}]}' >"$tmp/gnote.json"
  run "group session record" 0 -- group session studio-ux record "$tmp/gnote.json"
  run "group session list --json (draft)" 0 -- group session studio-ux list --json
  json "group session list: the draft" 'len(j) == 1 and j[0]["number"] == 1 and j[0]["status"] == "draft" and j[0]["signed_by"] is None and j[0]["cosigned_by"] is None'
  run "group session sign" 0 -- group session studio-ux sign 1
  EASEL_USER=ther2 run "group session cosign" 0 -- group session studio-ux cosign 1
  run "group session list --json" 0 -- group session studio-ux list --json
  json "group session list: signed, co-signed, attendance" 'len(j) == 1 and j[0]["date"] == "2027-01-07" and j[0]["minutes"] == 90 and j[0]["status"] == "signed" and j[0]["signed_by"] == "ther1" and j[0]["cosigned_by"] == "ther2" and j[0]["directive"] == "Shared mural" and sorted((m["ref"], m["attendance"], m["minutes"]) for m in j[0]["members"]) == [("ux-1", "attended", 90), ("ux-2", "late", 50)]'
  json "group session list: no member note in the group view" '"note" not in json.dumps(j) and "calm" not in json.dumps(j)'
  run "group session record --json refused" 2 -- group session studio-ux record "$tmp/gnote.json" --json
  # --json only where a subcommand lists or shows: refused elsewhere, nothing written
  run "user add --json refused" 2 -- user add --login x1 --name X --role therapist --json
  run "team add --json refused" 2 -- team add ux-2 ther2 --json
  run "measure add --json refused" 2 -- measure add ux-1 phq-9 0,0,0,0,0,0,0,0,0 --date 2026-12-09 --json
  run "artwork consent --json refused" 2 -- artwork consent "$aid" --exhibition yes --json
  EASEL_USER=admin1 run "token revoke --json refused" 2 -- token revoke lab-feed --json
  run "gas rate --json refused" 2 -- gas rate ux-1 1.2 0 --date 2026-12-11 --json
  run "the refused commands wrote nothing" 0 -- measure list ux-1 --json
  json "measure list: still two" 'len(j) == 2'
  EASEL_USER=admin1 run "token still live" 0 -- token list --json
  json "token list: lab-feed still live" 'j[0]["name"] == "lab-feed" and j[0]["live"] is True'
  run "group show unknown --json" 6 -- group show nothing --json
  [ ! -s "$tmp/out" ]; check "group show unknown: no JSON on stdout" 0 $?
  # the stored profile and plan, with their record fields
  run "profile show --json" 0 -- profile show ux-1 --json
  json "profile show: the stored profile whole" 'j["client"] == "ux-1" and j["version"] == 1 and j["profile"]["client"] == "ux-1" and j["profile"] == json.load(open(sys.argv[1].rsplit("/", 1)[0] + "/p.json"))'
  run "plan generate" 0 -- plan generate ux-1
  run "plan sign" 0 -- plan sign ux-1
  run "plan show --json" 0 -- plan show ux-1 --json
  json "plan show: the record fields and the plan" 'j["client"] == "ux-1" and j["version"] == 1 and j["status"] == "signed" and j["signed_by"] == "ther1" and j["created_by"] == "ther1" and j["cosigned_by"] is None and len(j["content_sha256"]) == 64 and len(j["kb_version"]) == 64 and j["plan"]["format"] == "easel-plan/1" and j["plan"]["client"] == "ux-1" and len(j["plan"]["sessions"]) > 0'
  "$easel" plan show ux-1 | grep -v '^#' >"$tmp/body.json"
  python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["plan"]; b=json.load(open(sys.argv[2])); sys.exit(0 if a == b else 1)' "$tmp/out" "$tmp/body.json"
  check "plan show --json: the same plan as the text" 0 $?
  run "plan generate --json refused" 2 -- plan generate ux-1 --json
  # goal attainment
  run "gas add" 0 -- gas add ux-1 1.2 --description "grounds self when upset" --weight 2
  run "gas add 2" 0 -- gas add ux-1 1.1 --description "two drawings a week"
  run "gas show --json (none rated)" 0 -- gas show ux-1 --json
  json "gas show: no T-score before a rating" 'len(j["scales"]) == 2 and j["t_score"] is None and all(s["rated"] is False and s["latest_score"] is None for s in j["scales"])'
  run "gas rate" 0 -- gas rate ux-1 1.2 1 --date 2026-12-10
  run "gas show --json" 0 -- gas show ux-1 --json
  json "gas show: the rated scale and the T-score" '{"objective": "1.2", "description": "grounds self when upset", "weight": 2, "rated": True, "latest_date": "2026-12-10", "latest_score": 1} in j["scales"] and isinstance(j["t_score"], float) and j["t_score"] > 50 and j["rho"] == 0.3'
  "$easel" gas show ux-1 >"$tmp/text"
  grep -q "GAS T-score .*: $(python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["t_score"])' "$tmp/out")" "$tmp/text"
  check "gas show --json: the T-score the text prints" 0 $?
  # the commands that had --json before, still there
  run "client list --json" 0 -- client list --json
  json "client list: both clients" 'sorted(c["ref"] for c in j) == ["ux-1", "ux-2"]'
  run "session list --json" 0 -- session list ux-1 --json
  json "session list: the session and the signed group copy" 'len(j) == 2 and j[0]["date"] == "2026-12-01" and j[1]["mode"] == "group" and j[1]["signed_by"] == "ther1" and j[1]["minutes"] == 90'
}

# the knowledge base (no store)
run "kb list --json" 0 -- kb list --json
json "kb list: every kind, with id and name" 'len(j) > 50 and {t["kind"] for t in j} == {"problems", "interventions", "media", "settings", "rules", "instruments"} and all(t["id"] and t["name"] for t in j) and {"kind": "instruments", "id": "phq-9", "name": [t for t in j if t["id"] == "phq-9"][0]["name"]} in j'
"$easel" kb list >"$tmp/text" 2>/dev/null
[ "$(wc -l <"$tmp/text")" = "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/out")" ]
check "kb list --json: as many items as the text" 0 $?
run "kb list media --json" 0 -- kb list media --json
json "kb list media: media only" 'len(j) > 3 and all(t["kind"] == "media" for t in j)'
run "kb show --json" 0 -- kb show phq-9 --json
json "kb show: the instrument and its file" 'j["kind"] == "instruments" and j["id"] == "phq-9" and j["version"] >= 1 and j["file"].endswith("instruments/phq-9.json") and j["item"]["id"] == "phq-9" and j["item"] == json.load(open(j["file"]))'
run "kb show --json (an intervention)" 0 -- kb show safe-place-drawing --json
json "kb show: the intervention" 'j["kind"] == "interventions" and j["item"]["id"] == "safe-place-drawing" and j["name"] == j["item"]["name"]'
run "kb show unknown --json" 6 -- kb show no-such-item --json
[ ! -s "$tmp/out" ]; check "kb show unknown: nothing on stdout" 0 $?
run "kb check --json refused" 2 -- kb check --json
run "assess procedures --json" 0 -- assess procedures --json
json "assess procedures: PPAT with its 14 FEATS scales" 'len([p for p in j if p["id"] == "ppat"]) == 1 and len([p for p in j if p["id"] == "ppat"][0]["scales"]) == 14 and all(p["name"] for p in j) and [p for p in j if p["id"] == "kfd"][0]["scales"] == []'
run "--json where not offered" 2 -- plan generate ux-1 --json

progress "$tmp/progress.db" "$tmp/imported.db"
lists "$tmp/lists.db"

if [ -n "${EASEL_TEST_PG:-}" ]; then
  schema="ux$$"
  sep="?"; case "$EASEL_TEST_PG" in *\?*) sep="&";; esac
  for s in "" p i1 i2; do psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema$s" >/dev/null; done
  pg() { printf '%s' "${EASEL_TEST_PG}${sep}options=-csearch_path%3D$schema$1"; }
  progress "$(pg p)" "$(pg i)"
  lists "$(pg "")"
else
  echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half did not run"; pg_skipped=1
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
[ -z "${pg_skipped:-}" ] || exit 77
