#!/usr/bin/env bash
# Document downloads over HTTP (src/web/api_reports.c, docs/api.md "GET .../report"): every
# document kind as PDF and HTML (and the supplies list as CSV) from a real `easel serve` on
# SQLite, byte-checked with qpdf and pdftotext; the bytes equal `easel report` of the same
# record; an artwork without record consent is not in the download; bad parameters answer 400
# naming the parameter; off the care team 403; the request is audited; the log holds no client
# data. Usage: web_reports_test.sh EASEL SOURCE_DIR
set -u
. "$(dirname "$0")/web_lib.sh"
web_test_setup "$@"
web_require qpdf pdftotext convert

PW=correct-horse-battery
C=demo-outpatient-01 # the example profile's own client id
db=$tmp/reports.db
export EASEL_DB=$db EASEL_USER=seed
e=0
seed_users "$PW" ther1:therapist ther2:therapist || e=1
"$easel" client add --ref $C --name "Zoë Synthetic-Ñandú" --setting outpatient >/dev/null || e=1
"$easel" team add $C ther1 >/dev/null || e=1
"$easel" profile set $C "$src/examples/outpatient-complex-trauma.json" >/dev/null || e=1
"$easel" plan generate $C >/dev/null || e=1
"$easel" measure add $C phq-9 2,2,2,2,2,2,2,2,0 --date 2026-12-01 >/dev/null || e=1
"$easel" measure add $C phq-9 1,1,1,1,0,1,0,0,0 --date 2026-12-29 >/dev/null || e=1
printf '{"subjective":"calmer","objective":"drew the safe place","assessment":"engaged","plan":"continue"}' \
  >"$tmp/note.json"
"$easel" session add $C --date 2026-12-01 --minutes 50 --note "$tmp/note.json" >/dev/null || e=1
sid=$("$easel" session list $C | awk 'NR == 1 {print $1}')
base64 -d >"$tmp/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
"$easel" artwork add "$sid" "$tmp/dot.png" --title "Kept-piece-title" --consent record >/dev/null || e=1
convert -size 3x2 xc:orange "$tmp/other.png" || e=1 # other bytes: images are named by SHA-256
"$easel" artwork add "$sid" "$tmp/other.png" --title "Withheld-piece-title" --consent education \
  >/dev/null || e=1
check "seed through the CLI" 0 $e
unset EASEL_DB EASEL_USER

start_server reports "$db" --insecure-cookies || { echo "0 passed, 1 failed"; exit 1; }
base="http://127.0.0.1:$port"
sign_in ther1 "$PW"
sign_in ther2 "$PW"
mapfile -t T1 < <(as ther1)
mapfile -t T2 < <(as ther2)

R=/api/v1/clients/$C/report
for kind in plan client-plan progress summary discharge supplies; do
  req "$kind pdf" 200 GET "$R?kind=$kind&format=pdf" "${T1[@]}"
  header "$kind pdf type" '^Content-Type: application/pdf'
  header "$kind pdf is a download named by kind and reference" \
    "^Content-Disposition: attachment; filename=\"$kind-$C.pdf\""
  cp "$tmp/body" "$tmp/$kind.pdf"
  qpdf --check "$tmp/$kind.pdf" >/dev/null 2>&1
  check "$kind pdf passes qpdf --check" 0 $?
  pdftotext "$tmp/$kind.pdf" "$tmp/$kind.txt" 2>/dev/null
  grep -q "Synthetic-Ñandú" "$tmp/$kind.txt"
  check "$kind pdf names the client (diacritics)" 0 $?
  req "$kind html" 200 GET "$R?kind=$kind&format=html" "${T1[@]}"
  header "$kind html type" '^Content-Type: text/html; charset=utf-8'
  header "$kind html is an attachment" '^Content-Disposition: attachment;'
  grep -q "Synthetic-Ñandú" "$tmp/body"
  check "$kind html names the client" 0 $?
done
req "supplies csv" 200 GET "$R?kind=supplies&format=csv" "${T1[@]}"
header "supplies csv type" '^Content-Type: text/csv'

# the same bytes as the command line's document of the same record (HTML: no clock in it)
req "plan html again" 200 GET "$R?kind=plan&format=html" "${T1[@]}"
EASEL_USER=ther1 "$easel" report plan $C --format html --out "$tmp/cli.html" --db "$db" \
  --date "$(date -u +%F)" >/dev/null
cmp -s "$tmp/body" "$tmp/cli.html"
check "the download equals easel report's bytes" 0 $?

# consent: the record-consented artwork is in the progress report, the other one never
grep -q "Kept-piece-title" "$tmp/progress.txt"
check "a consented artwork is in the progress report" 0 $?
withheld=0
for kind in plan client-plan progress summary discharge supplies; do
  grep -q "Withheld-piece-title" "$tmp/$kind.txt" && withheld=1
done
check "an artwork without record consent is in no download" 0 $withheld

# bad input names the parameter; authorisation; audit; logs
req "no kind" 400 GET "$R?format=pdf" "${T1[@]}"
json "no kind names it" '"field":"kind"'
req "unknown kind" 400 GET "$R?kind=letter&format=pdf" "${T1[@]}"
json "unknown kind names it" '"field":"kind"'
req "unknown format" 400 GET "$R?kind=plan&format=docx" "${T1[@]}"
json "unknown format names it" '"field":"format"'
req "csv for a plan" 400 GET "$R?kind=plan&format=csv" "${T1[@]}"
json "csv for a plan names format" '"field":"format"'
req "malformed from" 400 GET "$R?kind=progress&format=pdf&from=2026-13-01" "${T1[@]}"
json "malformed from names it" '"field":"from"'
req "from after to" 400 GET "$R?kind=progress&format=pdf&from=2027-01-01&to=2026-01-01" "${T1[@]}"
grep -qE '"field":"(from|to)"' "$tmp/body"
check "from after to names a date" 0 $?
req "a period on the plan" 400 GET "$R?kind=plan&format=pdf&from=2026-01-01" "${T1[@]}"
req "unknown parameter" 400 GET "$R?kind=plan&colour=red" "${T1[@]}"
json "unknown parameter names it" '"field":"colour"'
req "a period for the progress report" 200 GET "$R?kind=progress&format=pdf&from=2026-12-01&to=2026-12-31" "${T1[@]}"
req "off the care team" 403 GET "$R?kind=plan&format=pdf" "${T2[@]}"
req "signed out" 401 GET "$R?kind=plan&format=pdf"
req "POST is not allowed" 405 POST "$R?kind=plan" "${T1[@]}"
n=$(sqlite3 "$db" "SELECT COUNT(*) FROM audit_log WHERE actor = 'ther2' AND action = 'refused'")
check "the refusal is audited" 1 "$n"
if grep -q -e "$C" -e Synthetic "$tmp/reports.log"; then bad "the server log holds client data"; else ok; fi
grep -q "GET report 200" "$tmp/reports.log"
check "the log names the route" 0 $?

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
