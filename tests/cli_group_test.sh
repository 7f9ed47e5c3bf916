#!/usr/bin/env bash
# Group programs end to end through the CLI (issue 12), on SQLite and (when EASEL_TEST_PG is
# set) on PostgreSQL in a fresh schema: the roster's rules, the group plan's two views, a session
# for 8 members with every kind of attendance, signing into each member's chart, privacy of the
# copies, immutability (CLI and raw SQL), addenda, a member joining and leaving mid-program, and
# the attendance report counted from the notes. Bad input names its field and writes nothing.
# Usage: cli_group_test.sh EASEL SOURCE_DIR
set -u
easel=$1
src=$2
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"
cli_test_setup
has() { # NAME FILE PATTERN: the file matches
  grep -q -- "$3" "$2"; check "$1" 0 $?
}
lacks() { # NAME FILE PATTERN: the file does not match
  grep -q -- "$3" "$2"; check "$1" 1 $?
}

# eight members (synthetic), each with a profile made from a shipped example, plus one client
# on another therapist's caseload
names=("Ann Lindqvist" "Bo Marsh" "Cora Vance" "Dev Okafor" "Eli Brandt" "Fay Moreno" "Gus Tamm" "Hal Ikeda")
examples=(inpatient-suicide-risk outpatient-latex-tactile inpatient-psychosis wellness-anxiety \
  outpatient-complex-trauma hospital-chronic-pain wellness-anxiety inpatient-psychosis)

note() { # FILE NUMBER DATE MEMBERS-JSON
  cat >"$1" <<JSON
{"number": $2, "date": "$3", "minutes": 90,
 "directive": "Shared mural: each member paints a section, then the sections are joined.",
 "media": "tempera, large paper", "themes": "belonging; Bo Marsh spoke of home",
 "process": "Ann Lindqvist invited Cora Vance to join her section.",
 "next_steps": "Continue the mural next week.", "members": [$4]}
JSON
}

suite() {
  local db=$1
  export EASEL_DB=$db EASEL_USER=ther1
  run "init" 0 -- init
  run "user ther1" 0 -- user add --login ther1 --name "Theo One" --role therapist
  run "user ther2" 0 -- user add --login ther2 --name "Tess Two" --role therapist
  for i in 0 1 2 3 4 5 6 7 8; do
    ref="gm-$i"
    name=${names[$i]:-"Ivo Other"}
    ex=${examples[$i]:-wellness-anxiety}
    run "client $ref" 0 -- client add --ref "$ref" --name "$name" --setting inpatient-psychiatry
    sed "s/\"client\": \"[^\"]*\"/\"client\": \"$ref\"/" "$src/examples/$ex.json" >"$tmp/p$i.json"
    run "profile $ref" 0 -- profile set "$ref" "$tmp/p$i.json"
    if [ "$i" -lt 8 ]; then run "team $ref" 0 -- team add "$ref" ther1 --role therapist
    else run "team $ref (ther2)" 0 -- team add "$ref" ther2 --role therapist; fi
  done
  run "plan for gm-0" 0 -- plan generate gm-0

  # the program
  run "group add" 0 -- group add studio-a --name "Thursday studio" --setting inpatient-psychiatry \
    --kind open --start 2027-01-07 --time 14:00 --minutes 90 --count 8 --capacity 8 --co ther2
  run "group add same ref" 7 -- group add studio-a --name "X" --setting inpatient-psychiatry \
    --start 2027-01-07 --minutes 90 --count 8 --capacity 8
  run "group add unknown setting" 3 -- group add studio-b --name "X" --setting moon-base \
    --start 2027-01-07 --minutes 90 --count 8 --capacity 8
  has "unknown setting named" "$tmp/err" "setting"
  run "group add bad time" 3 -- group add studio-b --name "X" --setting prison --time 25:00 \
    --start 2027-01-07 --minutes 90 --count 8 --capacity 8
  has "bad time named" "$tmp/err" "start_time"
  run "a closed group" 0 -- group add closed-b --name "Closed circle" --setting inpatient-psychiatry \
    --kind closed --start 2027-01-07 --minutes 60 --count 6 --capacity 6
  run "joining a closed group late" 3 -- group roster closed-b add gm-0 --from 2027-01-21
  has "closed group named" "$tmp/err" "start_date.*closed group: members join in its first week (by 2027-01-13)"
  run "joining a closed group in its first week" 0 -- group roster closed-b add gm-0 --from 2027-01-07
  run "group list" 0 -- group list
  has "listed for its lead" "$tmp/out" "studio-a"
  EASEL_USER=ther2 run "group list (co-facilitator)" 0 -- group list
  has "listed for its co-facilitator" "$tmp/out" "studio-a"

  # the roster
  run "plan with nobody" 3 -- group plan studio-a
  has "empty roster named" "$tmp/err" "members"
  for i in 0 1 2 3 4 5 6 7; do run "join gm-$i" 0 -- group roster studio-a add "gm-$i" --from 2027-01-07; done
  run "join twice (overlap)" 3 -- group roster studio-a add gm-3 --from 2027-01-14
  has "overlap named" "$tmp/err" "start_date"
  run "join before the start" 3 -- group roster studio-a add gm-8 --from 2027-01-01
  run "not on the caseload" 3 -- group roster studio-a add gm-8 --from 2027-01-07
  has "caseload named" "$tmp/err" "caseload"
  EASEL_USER=ther2 run "capacity exceeded" 3 -- group roster studio-a add gm-8 --from 2027-01-07
  has "capacity named" "$tmp/err" "capacity"
  run "show" 0 -- group show studio-a
  [ "$(grep -c '^member:' "$tmp/out")" = 8 ]; check "8 members on the roster" 0 $?
  has "co-facilitator shown" "$tmp/out" "facilitator (co): Tess Two"

  # the group plan: the clinician's view names who constrains what; the group's view nothing
  run "group plan (clinician)" 0 -- group plan studio-a
  cp "$tmp/out" "$tmp/clin.json"
  has "the clinician sees the members" "$tmp/clin.json" "Ann Lindqvist"
  has "a member at risk gets an individual safety session" "$tmp/clin.json" '"ref":"gm-0"[^}]*"safety_session":true'
  has "the latex allergy's exclusions are attributed" "$tmp/clin.json" '"ref":"gm-1","reason":"[^"]*latex'
  lacks "no safety-planning goal in the group" "$tmp/clin.json" '"goals":\[[^]]*Safety'
  [ "$(jq -r '.roster[] | select(.ref=="gm-0") | .objectives[0].number' "$tmp/clin.json")" = 1.1 ]
  check "each member's own objectives in the clinician's view" 0 $?
  run "group plan (group view)" 0 -- group plan studio-a --view group
  cp "$tmp/out" "$tmp/group.json"
  has "the group view has sessions" "$tmp/group.json" '"sessions":\[{"number":1'
  for i in 0 1 2 3 4 5 6 7; do lacks "group view names nobody (${names[$i]})" "$tmp/group.json" "${names[$i]}"; done
  lacks "group view has no member refs" "$tmp/group.json" "gm-"
  lacks "group view has no flags" "$tmp/group.json" "flag"
  lacks "group view has no risk words" "$tmp/group.json" "suicid"
  lacks "group view has no latex" "$tmp/group.json" "atex"
  python3 -c "import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))" "$tmp/clin.json" "$tmp/group.json"
  check "both views are JSON" 0 $?

  # session 1 for 8 members: every kind of attendance
  m='{"client":"gm-0","attendance":"attended","note":"Painted the river; spoke of Bo Marsh kindly.","ratings":{"1.1":1}},
     {"client":"gm-1","attendance":"late","minutes":60,"note":"Arrived after the warm-up."},
     {"client":"gm-2","attendance":"left-early","minutes":45,"note":"Left for a ward round."},
     {"client":"gm-3","attendance":"absent"},
     {"client":"gm-4","attendance":"cancelled"},
     {"client":"gm-5","attendance":"attended","note":"Worked quietly."},
     {"client":"gm-6","attendance":"attended"},
     {"client":"gm-7","attendance":"attended","note":"Helped Ann Lindqvist with the brushes."}'
  note "$tmp/s1.json" 1 2027-01-07 "$m"
  bad=${m/'"attendance":"absent"}'/'"attendance":"absent","note":"was fine"}'}
  note "$tmp/bad1.json" 1 2027-01-07 "$bad"
  run "note for an absent member" 3 -- group session studio-a record "$tmp/bad1.json"
  has "absent member's note named" "$tmp/err" "members\[3\].note"
  note "$tmp/bad2.json" 1 2027-02-20 "$m"
  run "session outside the schedule" 3 -- group session studio-a record "$tmp/bad2.json"
  has "schedule date named" "$tmp/err" "date.*due on 2027-01-07"
  note "$tmp/bad3.json" 1 2027-01-07 "${m/'{"client":"gm-6","attendance":"attended"},'/}"
  run "a member left out" 3 -- group session studio-a record "$tmp/bad3.json"
  has "missing member named" "$tmp/err" "gm-6"
  note "$tmp/bad4.json" 1 2027-01-07 "$m,{\"client\":\"gm-8\",\"attendance\":\"attended\"}"
  run "a client not on the roster" 3 -- group session studio-a record "$tmp/bad4.json"
  has "non-member named" "$tmp/err" "members\[8\].client"
  note "$tmp/bad5.json" 1 2027-01-07 "${m/'"minutes":60'/'"minutes":90'}"
  run "late for the whole session" 3 -- group session studio-a record "$tmp/bad5.json"
  has "late minutes named" "$tmp/err" "members\[1\].minutes"
  run "nothing half-written" 0 -- group session studio-a list
  [ ! -s "$tmp/out" ]; check "no session stored after refusals" 0 $?
  EASEL_USER=ther2 run "the co-facilitator may document" 0 -- group session studio-a list
  note "$tmp/bad6.json" 1 2027-01-07 "${m/'"ratings":{"1.1":1}'/'"ratings":{"9.9":1}'}"
  run "a rating of an objective the member's plan lacks" 3 -- group session studio-a record "$tmp/bad6.json"
  has "unknown objective named" "$tmp/err" "members\[0\].ratings.*9.9 is not in gm-0's plan"
  note "$tmp/bad7.json" 1 2027-01-07 "${m/'"note":"Worked quietly."'/'"note":"Worked quietly.","ratings":{"1.1":0}'}"
  run "a rating for a member without a plan" 3 -- group session studio-a record "$tmp/bad7.json"
  has "no plan named" "$tmp/err" "members\[5\].ratings.*gm-5 has no plan yet"
  run "record session 1" 0 -- group session studio-a record "$tmp/s1.json"
  run "record again (draft replaced)" 0 -- group session studio-a record "$tmp/s1.json"
  run "sign session 1" 0 -- group session studio-a sign 1
  run "sign again" 8 -- group session studio-a sign 1
  run "re-record a signed session" 8 -- group session studio-a record "$tmp/s1.json"
  run "the signer cannot co-sign" 3 -- group session studio-a cosign 1
  EASEL_USER=ther2 run "the co-facilitator co-signs" 0 -- group session studio-a cosign 1
  EASEL_USER=ther2 run "co-sign twice" 7 -- group session studio-a cosign 1
  run "list shows the co-signature" 0 -- group session studio-a list
  has "co-signed shown" "$tmp/out" "signed, co-signed by ther2"

  # each member's chart: a locked copy naming nobody else
  run "gm-0 sessions" 0 -- session list gm-0
  has "the copy is in gm-0's chart" "$tmp/out" "2027-01-07.*group.*GIRP"
  run "gm-3 sessions" 0 -- session list gm-3
  has "an absence is in gm-3's chart" "$tmp/out" "no-show.*group"
  run "gm-4 sessions" 0 -- session list gm-4
  has "a cancellation is in gm-4's chart" "$tmp/out" "cancelled.*group"
  copy=$(awk 'NR==1{print $1}' <("$easel" session list gm-0))
  run "export" 0 -- export --out "$tmp/export.jsonl"
  grep '"sessions"' "$tmp/export.jsonl" | grep "gm-0" | grep -o '"note":"[^}]*' >"$tmp/copy0.txt" || true
  grep '"sessions"' "$tmp/export.jsonl" | grep -v '"gm-1"' | grep -q "Bo Marsh"; check "no other member's copy names Bo" 1 $?
  grep '"sessions"' "$tmp/export.jsonl" | grep "gm-0" | grep -q "B. M."; check "other members appear by initials" 0 $?
  grep '"sessions"' "$tmp/export.jsonl" | grep "gm-7" | grep -q "Ann Lindqvist"; check "gm-7's copy does not name Ann" 1 $?
  run "progress report of gm-0" 0 -- report progress gm-0 --format html --out "$tmp/p0.html"
  for i in 1 2 3 4 5 6 7; do lacks "gm-0's report names nobody else (${names[$i]})" "$tmp/p0.html" "${names[$i]}"; done
  has "gm-0's progress report counts the group session" "$tmp/p0.html" "Of these, 1 was a group session: 1 attended."
  has "gm-0's progress report holds the group note" "$tmp/p0.html" "Group program Thursday studio, session 1 of 8"
  run "progress report of gm-7 (PDF)" 0 -- report progress gm-7 --out "$tmp/p7.pdf"
  pdftotext "$tmp/p7.pdf" "$tmp/p7.txt"; check "gm-7's report is a PDF" 0 $?
  has "gm-7's PDF holds the group note" "$tmp/p7.txt" "Thursday studio"
  for i in 0 1 2 3 4 5 6; do lacks "gm-7's PDF names nobody else (${names[$i]})" "$tmp/p7.txt" "${names[$i]}"; done
  has "gm-7's PDF names Ann by initials" "$tmp/p7.txt" "A. L."
  run "addendum to the copy" 0 -- session addendum gm-0 "$copy" --text "Later: asked to keep the painting."
  run "gm-0 sessions with addendum" 0 -- session list gm-0
  has "the addendum shows" "$tmp/out" "addendum by ther1: Later: asked"
  run "addendum to another client's session" 6 -- session addendum gm-1 "$copy" --text "x"

  # raw SQL cannot change a signed group note or a member's copy
  if [ "${db#postgresql:}" = "$db" ]; then
    sqlite3 "$db" "UPDATE sessions SET note = 'changed' WHERE id = $copy" 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw UPDATE of a copy (SQLite)" 0 $?
    sqlite3 "$db" "DELETE FROM group_attendance" 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw DELETE of signed attendance (SQLite)" 0 $?
    sqlite3 "$db" "UPDATE group_sessions SET themes = 'x'" 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw UPDATE of a signed note (SQLite)" 0 $?
  else
    psql -q "$PGURL" -v ON_ERROR_STOP=1 -c "UPDATE sessions SET note = 'changed' WHERE id = $copy" >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw UPDATE of a copy (PostgreSQL)" 0 $?
    psql -q "$PGURL" -v ON_ERROR_STOP=1 -c "DELETE FROM group_attendance" >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw DELETE of signed attendance (PostgreSQL)" 0 $?
    psql -q "$PGURL" -v ON_ERROR_STOP=1 -c "UPDATE group_sessions SET themes = 'x'" >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "raw UPDATE of a signed note (PostgreSQL)" 0 $?
  fi

  # an open group: gm-3 leaves after session 1, gm-8 (ther2's client) joins from session 2
  run "end without a reason" 3 -- group roster studio-a end gm-3 --on 2027-01-10
  run "gm-3 leaves" 0 -- group roster studio-a end gm-3 --on 2027-01-10 --reason "discharged home"
  EASEL_USER=ther2 run "gm-8 joins for session 2" 0 -- group roster studio-a add gm-8 --from 2027-01-14
  m2=${m//gm-3/gm-8}
  m2=${m2/'"attendance":"absent"'/'"attendance":"attended"'}
  note "$tmp/s2.json" 2 2027-01-14 "$m"
  run "session 2 with a member who left" 3 -- group session studio-a record "$tmp/s2.json"
  has "the leaver is named" "$tmp/err" "gm-3 is not on the roster"
  note "$tmp/s2.json" 2 2027-01-15 "$m2"
  run "session 2 (moved a day)" 0 -- group session studio-a record "$tmp/s2.json"
  EASEL_USER=ther2 run "a draft cannot be co-signed" 3 -- group session studio-a cosign 2
  run "plan after the change" 0 -- group plan studio-a --date 2027-01-14
  has "the new member inherits the group plan" "$tmp/out" '"ref":"gm-8"'
  lacks "the leaver is off the plan" "$tmp/out" '"ref":"gm-3"'

  # attendance counted from the notes
  run "attendance report" 0 -- group report studio-a attendance
  cp "$tmp/out" "$tmp/att.tsv"
  has "gm-0: 2 held, 2 attended" "$tmp/att.tsv" $'^gm-0\tAnn Lindqvist\t2027-01-07\t-\t2\t2\t0\t0\t0\t0\t180'
  has "gm-1: late twice" "$tmp/att.tsv" $'^gm-1\t[^\t]*\t[^\t]*\t-\t2\t2\t2\t0\t0\t0\t120'
  has "gm-3: 1 held, absent, left" "$tmp/att.tsv" $'^gm-3\t[^\t]*\t2027-01-07\t2027-01-10\t1\t0\t0\t0\t1\t0\t0\tdischarged home'
  has "gm-8: joined for 1" "$tmp/att.tsv" $'^gm-8\t[^\t]*\t2027-01-14\t-\t1\t1\t'
  has "program totals" "$tmp/att.tsv" "2 sessions documented, 1 signed; 7 of 9 memberships attended at least once; attendance 81 % (13 of 16)"

  # the program's documents: the summary for the team, the supplies list naming nobody
  run "summary (PDF)" 0 -- group report studio-a summary --out "$tmp/summary.pdf"
  pdftotext "$tmp/summary.pdf" "$tmp/summary.txt"; check "summary is a PDF" 0 $?
  has "summary names the program" "$tmp/summary.txt" "Thursday studio"
  has "summary warns it names members" "$tmp/summary.txt" "Do not give it to a"
  has "summary has the attendance" "$tmp/summary.txt" "Dev Okafor"
  has "summary counts" "$tmp/summary.txt" "7 of 9 memberships came to at least one session"
  run "summary (HTML)" 0 -- group report studio-a summary --format html --out "$tmp/summary.html"
  has "HTML summary lists session 2 as a draft" "$tmp/summary.html" "2027-01-15 (draft)"
  run "supplies (PDF)" 0 -- group report studio-a supplies --out "$tmp/supplies.pdf"
  pdftotext "$tmp/supplies.pdf" "$tmp/supplies.txt"; check "supplies is a PDF" 0 $?
  has "supplies for a group" "$tmp/supplies.txt" "a group program of"
  run "supplies (CSV)" 0 -- group report studio-a supplies --format csv --out "$tmp/supplies.csv"
  for f in supplies.txt supplies.csv; do
    for i in 0 1 2 3 4 5 6 7; do lacks "$f names nobody (${names[$i]})" "$tmp/$f" "${names[$i]}"; done
    lacks "$f has no member ref" "$tmp/$f" "gm-"
  done
  run "summary as CSV refused" 2 -- group report studio-a summary --format csv --out "$tmp/x.csv"
  run "group summary is not a client document" 2 -- report group-summary gm-0 --out "$tmp/x.pdf"
  if [ -n "${GROUP_TEST_KEEP:-}" ]; then cp "$tmp"/summary.* "$tmp"/supplies.* "$GROUP_TEST_KEEP/"; fi

  run "audit verify" 0 -- audit verify

  # the practice export carries programs, rosters, group notes, attendance, the copies' links
  # and addenda: export -> import into a new database -> export gives the same bytes, and the
  # imported copies are locked too
  run "export with groups" 0 -- export --out "$tmp/g1.jsonl"
  has "programs exported" "$tmp/g1.jsonl" '"table":"group_programs".*"ref":"studio-a"'
  has "attendance exported" "$tmp/g1.jsonl" '"table":"group_attendance","client":"gm-1","group_session":"studio-a#1","attendance":"late"'
  has "a copy names its group session" "$tmp/g1.jsonl" '"table":"sessions","client":"gm-0".*"group_session":"studio-a#1"'
  has "addenda exported" "$tmp/g1.jsonl" '"table":"session_addenda".*Later: asked'
  has "co-signatures exported" "$tmp/g1.jsonl" '"table":"group_cosigns","group_session":"studio-a#1","cosigned_by":"ther2"'
  rm -f "$tmp/imported.db"
  run "import into a new database" 0 -- import "$tmp/g1.jsonl" --db "$tmp/imported.db"
  run "export the import" 0 -- export --out "$tmp/g2.jsonl" --db "$tmp/imported.db"
  cmp -s <(sed 1d "$tmp/g1.jsonl") <(sed 1d "$tmp/g2.jsonl"); check "the same rows after a round trip" 0 $?
  run "the imported program's attendance" 0 -- group report studio-a attendance --db "$tmp/imported.db"
  has "imported totals" "$tmp/out" "2 sessions documented, 1 signed"
  sqlite3 "$tmp/imported.db" "UPDATE sessions SET note = 'x' WHERE group_session_id IS NOT NULL" 2>"$tmp/err"; [ $? -ne 0 ] && grep -q immutable "$tmp/err"; check "imported copies are locked" 0 $?

  # a table row taller than a page (a 450-word directive in the summary's Sessions table)
  # continues on the next pages line by line under the repeated header: every word once, in
  # order, inside the page
  tall=$(for i in $(seq 1 450); do printf 'word%d ' "$i"; done)
  sed -e "s|Shared mural: each member paints a section, then the sections are joined.|$tall|" \
      -e 's|"number": 2, "date": "2027-01-15"|"number": 3, "date": "2027-01-21"|' "$tmp/s2.json" >"$tmp/s3.json"
  run "session 3 with a 450-word directive" 0 -- group session studio-a record "$tmp/s3.json"
  run "summary with a row taller than a page" 0 -- group report studio-a summary --out "$tmp/tall.pdf"
  qpdf --check "$tmp/tall.pdf" >"$tmp/err" 2>&1; check "tall row: qpdf --check" 0 $?
  pdftotext "$tmp/tall.pdf" "$tmp/tall.txt"
  words=$(grep -o 'word[0-9]*' "$tmp/tall.txt" | tr '\n' ' ')
  [ "$words" = "$tall" ]; check "tall row: all 450 words once, in order" 0 $?
  first=$(awk -v RS='\f' '/word1 /{ print NR; exit }' "$tmp/tall.txt")
  last=$(awk -v RS='\f' '/word450/{ print NR; exit }' "$tmp/tall.txt")
  [ -n "$first" ] && [ -n "$last" ] && [ "$last" -gt "$first" ]; check "tall row: spans pages $first to $last" 0 $?
  heads=$(grep -c '^Directive$' "$tmp/tall.txt")
  [ "$heads" -ge $((last - first + 1)) ]; check "tall row: the header repeats on each page ($heads)" 0 $?
  over=$(pdftotext -bbox "$tmp/tall.pdf" - | awk -F'"' '/<page / { w = $2; h = $4 } /<word / { if ($6 > w - 56.69 + 0.5 || $8 > h - 20) n++ } END { print n + 0 }')
  check "tall row: every word inside the page" 0 "$over"
}

suite "$tmp/easel.db"
if [ -n "${EASEL_TEST_PG:-}" ]; then
  schema="easel_group_$$"
  psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'
  case "$EASEL_TEST_PG" in *\?*) sep='&' ;; esac
  PGURL="$EASEL_TEST_PG${sep}options=-csearch_path%3D$schema"
  suite "$PGURL"
else
  echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half did not run"; pg_skipped=1
fi
echo "cli_group_test: $pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
# a half that did not run is reported as skipped (ctest: SKIP_RETURN_CODE 77), never as passed
[ -z "${pg_skipped:-}" ] || exit 77
