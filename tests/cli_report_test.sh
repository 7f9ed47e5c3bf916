#!/usr/bin/env bash
# Documents end to end (easel report ...) on a SQLite database built with the CLI: synthetic
# clients named in Latin with diacritics, Arabic, Hebrew, Devanagari and Chinese; plans generated
# and signed; measures, sessions with notes in several scripts, GAS, and artworks with and
# without consent. For every document and format: qpdf --check, pdftotext holds what the record
# holds, HTML is well-formed (xmllint --html) and self-contained; an artwork without consent
# appears nowhere (text, pdfimages, data URIs); the client-friendly plan's reading grade is <= 8;
# 1,000 sessions with long notes paginate with no text lost and no line past the margin; empty
# sections say so; bad input fails with the documented exit code and leaves no file; page 1 of
# each PDF matches its golden image (tests/golden/reports/) within a tolerance.
# Usage: cli_report_test.sh EASEL SOURCE_DIR   (UPDATE_GOLDEN=1 rewrites the golden images)
set -u
easel=$1
src=$2
tmp=$(mktemp -d)
pass=0
fail=0
trap 'rm -rf "$tmp"' EXIT; [ -n "${KEEP:-}" ] && trap - EXIT && echo "kept $tmp" >&2
for tool in qpdf pdftotext pdftoppm pdfimages xmllint compare sqlite3; do
  command -v $tool >/dev/null || { echo "SKIP: $tool missing (scripts/install-deps.sh)"; exit 77; }
done
# fontconfig's process-wide state is kept until exit on purpose (render/fonts.c)
export LSAN_OPTIONS="suppressions=$src/tests/lsan.supp:print_suppressions=0"
export EASEL_DB=$tmp/easel.db EASEL_USER=ther1

check() { # NAME WANT GOT
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1 (got $3, want $2)"; sed 's/^/  /' "$tmp/err" 2>/dev/null | head -3; fi
}
run() { # NAME CODE -- args
  local name=$1 code=$2
  shift 3
  "$easel" "$@" >"$tmp/out" 2>"$tmp/err"
  check "$name" "$code" $?
}
has() { # NAME FILE TEXT (fixed string)
  grep -qF -- "$3" "$2"; check "$1" 0 $?
}
hasnt() {
  grep -qF -- "$3" "$2"; check "$1" 1 $?
}
sortchars() { printf '%s' "$1" | LC_ALL=C.UTF-8 grep -o . | LC_ALL=C sort | tr -d '\n'; }
unhex() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
profile() { # REF EXAMPLE > profile with the client's reference
  sed "s/\"client\": *\"[^\"]*\"/\"client\": \"$1\"/" "$src/examples/$2.json"
}
note() { # SUBJECTIVE OBJECTIVE-RATING > a SOAP note
  printf '{"subjective":"%s","objective":"drew with oil pastels","assessment":"calmer","plan":"continue","progress":[{"objective":"1.2","rating":%s}]}' "$1" "$2"
}

# 3x2 PNG (consented) and a 3x2 JPEG and a second PNG (not consented): tests/test_image_probe.c
png_hex=89504e470d0a1a0a0000000d4948445200000003000000020800000000b81f39c60000000e4944415478da63706838c000c4000b0803014671bece0000000049454e44ae426082
jpg_hex=ffd8ffe000104a46494600010100000100010000ffdb00430001010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101ffc0000b080002000301011100ffc40014000100000000000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003fffd9
unhex "$png_hex" >"$tmp/consented.png"
unhex "$jpg_hex" >"$tmp/secret.jpg"
convert -size 4x4 xc:red "png:$tmp/secret.png" # a second image, consented only for teaching

run "init" 0 -- init --practice "Atelier Synthétique"
names=("rpt-latin|Zoë Ñúñez-Synthétique|outpatient-complex-trauma"
  "rpt-arabic|ليلى الاصطناعية|wellness-anxiety"
  "rpt-hebrew|נועה סינתטית|inpatient-suicide-risk"
  "rpt-devanagari|अनन्या कृत्रिम|school-adolescent-group"
  "rpt-chinese|林小合成|nursing-home-dementia")
for entry in "${names[@]}"; do
  IFS='|' read -r ref name example <<<"$entry"
  setting=$(sed -n 's/.*"setting": *"\([^"]*\)".*/\1/p' "$src/examples/$example.json" | head -1)
  run "client add $ref" 0 -- client add --ref "$ref" --name "$name" --setting "$setting"
  profile "$ref" "$example" >"$tmp/$ref.json"
  run "profile $ref" 0 -- profile set "$ref" "$tmp/$ref.json"
  run "plan generate $ref" 0 -- plan generate "$ref"
  # the plan's creation day is the clock's; pin it (while a draft) so the golden pages repeat
  sqlite3 "$EASEL_DB" "UPDATE plans SET created_at = 1764547200000 WHERE status = 'draft'"
  run "plan sign $ref" 0 -- plan sign "$ref"
done

c=rpt-latin
i=0
for text in "Zoë dessinó un jardín; señaló «calma»" "رسمت حديقة وقالت إنها هادئة" "ציירה גן ואמרה שהיא רגועה" "उसने बगीचा बनाया और शांत महसूस किया" "她画了一个花园，说自己很平静"; do
  i=$((i + 1))
  note "$text" $((i % 3 - 1)) >"$tmp/note$i.json"
  run "session $i" 0 -- session add $c --date 2026-12-0$i --minutes 50 --note "$tmp/note$i.json"
done
printf '{"subjective":"missed","objective":"none","assessment":"none","plan":"call"}' >"$tmp/miss.json"
run "no-show" 0 -- session add $c --date 2026-12-07 --minutes 50 --note "$tmp/miss.json" --attendance no-show
run "sign the first note" 0 -- session sign $c "$(sqlite3 "$EASEL_DB" "SELECT MIN(id) FROM sessions WHERE client_id = (SELECT id FROM clients WHERE ref = '$c')")"
sid=$(sqlite3 "$EASEL_DB" "SELECT MIN(id) FROM sessions WHERE client_id = (SELECT id FROM clients WHERE ref = '$c')")
run "artwork consented" 0 -- artwork add "$sid" "$tmp/consented.png" --title "Jardín tranquilo" --consent record --words "es mi lugar seguro"
run "artwork no consent" 0 -- artwork add "$sid" "$tmp/secret.jpg" --title "SECRETNOCONSENT family" --words "SECRETWORDS"
run "artwork education only" 0 -- artwork add "$sid" "$tmp/secret.png" --title "SECRETEDUCATION" --consent education,exhibition
run "phq-9 1" 0 -- measure add $c phq-9 3,3,2,2,2,2,2,1,0 --date 2026-12-01
run "phq-9 2" 0 -- measure add $c phq-9 2,2,2,1,1,1,1,1,0 --date 2026-12-03
run "phq-9 3" 0 -- measure add $c phq-9 1,1,1,0,0,1,0,0,0 --date 2026-12-05
run "gad-7" 0 -- measure add $c gad-7 2,2,2,2,1,1,1 --date 2026-12-01
run "gas add" 0 -- gas add $c 1.2 --description "grounds self when upset" --weight 2
run "gas rate" 0 -- gas rate $c 1.2 1 --date 2026-12-05

# ---- every document in every format ----
date=2026-12-20
for kind in plan client-plan progress summary discharge supplies; do
  for fmt in pdf html; do
    run "$kind $fmt" 0 -- report $kind $c --format $fmt --out "$tmp/$kind.$fmt" --date $date
  done
  qpdf --check "$tmp/$kind.pdf" >"$tmp/err" 2>&1; check "$kind qpdf --check" 0 $?
  pdftotext -enc UTF-8 "$tmp/$kind.pdf" "$tmp/$kind.txt"
  has "$kind pdf: client name" "$tmp/$kind.txt" "Zoë Ñúñez-Synthétique"
  has "$kind html: client name" "$tmp/$kind.html" "Zoë Ñúñez-Synthétique"
  pdfinfo "$tmp/$kind.pdf" >"$tmp/info"
  has "$kind pdf: creation date from --date" "$tmp/info" "Dec 20 00:00:00 2026"
  has "$kind pdf: author" "$tmp/info" "ther1"
  grep -Eq '^Tagged: +yes$' "$tmp/info"; check "$kind pdf: tagged (structure for screen readers)" 0 $?
  xmllint --html --noout "$tmp/$kind.html" 2>"$tmp/err"; check "$kind html well-formed" 0 $?
  # libxml2's HTML parser knows HTML 4 only: HTML5 and inline SVG element names are "invalid"
  grep -v 'Tag [a-z]* invalid' "$tmp/err" | grep -q 'error'; check "$kind html no parser errors" 1 $?
  sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$tmp/$kind.html" | grep -Eq 'https?:|src="[^d]|<script|<link|url\('
  check "$kind html self-contained" 1 $?
  # consent: nothing of an artwork without consent_record, in any document
  for f in "$tmp/$kind.txt" "$tmp/$kind.html"; do
    hasnt "$kind: no unconsented title ($f)" "$f" "SECRET"
  done
done
# the practice's paper: A4 by default, US Letter when the practice prints on it
grep -Eq '^Page size: +595.27[0-9]* x 841.89 pts \(A4\)' "$tmp/info"; check "documents are A4 by default" 0 $?
run "init --paper letter" 0 -- init --paper letter
run "init --paper tabloid" 3 -- init --paper tabloid
run "progress on Letter" 0 -- report progress $c --format pdf --out "$tmp/letter.pdf" --date $date
pdfinfo "$tmp/letter.pdf" | grep -Eq '^Page size: +612 x 792 pts \(letter\)'; check "a Letter practice prints on Letter" 0 $?
over=$(pdftotext -bbox "$tmp/letter.pdf" - | awk -F'"' '/<page / { w = $2; h = $4 } /<word / { if ($6 > w - 56.69 + 0.5 || $8 > h) n++ } END { print n + 0 }')
check "Letter: every word inside the page" 0 "$over"
pdftotext "$tmp/letter.pdf" - | grep -q "Atelier Synthétique"; check "Letter: the header still names the practice" 0 $?
run "init --paper a4" 0 -- init --paper a4
run "supplies csv" 0 -- report supplies $c --format csv --out "$tmp/supplies.csv" --date $date
has "csv header" "$tmp/supplies.csv" "medium,name,unit,quantity,units,cost,on_hand"
has "csv total" "$tmp/supplies.csv" '"total"'

# what the record holds
has "plan: goal" "$tmp/plan.txt" "Complex trauma"
has "plan: long-term goal" "$tmp/plan.txt" "Establish safety, stability and reliable self-regulation"
has "plan: objective 1.1" "$tmp/plan.txt" "Objective 1.1"
has "plan: objective 2.3" "$tmp/plan.txt" "Objective 2.3"
has "plan: rationale" "$tmp/plan.txt" "stabilisation"
has "plan: signed version" "$tmp/plan.txt" "version 1 (signed)"
has "plan: client's own words" "$tmp/plan.txt" "feel safe in my own body"
has "progress: session count" "$tmp/progress.txt" "5 of 6 scheduled sessions attended"
has "progress: PHQ-9 first total" "$tmp/progress.txt" "17"
has "progress: PHQ-9 latest" "$tmp/progress.txt" "First 17, latest 4"
has "progress: reliable change" "$tmp/progress.txt" "Reliable change index"
# by value: one scale rated +1 gives 50 + 10 x 1 / sqrt(0.7 + 0.3) = 60.0, whatever its weight
has "progress: GAS T-score by value" "$tmp/progress.txt" "GAS T-score 60.0"
has "progress: Arabic note" "$tmp/progress.txt" "حديقة"
has "progress: Hebrew note" "$tmp/progress.txt" "רגועה"
has "progress: Devanagari note" "$tmp/progress.txt" "बगीचा"
has "progress: Chinese note" "$tmp/progress.txt" "花园"
has "progress: diacritics note" "$tmp/progress.txt" "jardín"
has "progress: consented artwork" "$tmp/progress.txt" "Jardín tranquilo"
has "progress: withheld said" "$tmp/progress.txt" "2 other artworks are left out"
has "progress: ratings" "$tmp/progress.txt" "Objective ratings"
# a reader of the report sees which notes are signed and which are still drafts
grep -qE "Note signed by .+ on [0-9]{4}-[0-9]{2}-[0-9]{2}\." "$tmp/progress.txt"; check "progress: a signed note says who signed it and when" 0 $?
[ "$(grep -c "Draft note: not signed." "$tmp/progress.txt")" = 5 ]; check "progress: the five unsigned notes say draft" 0 $?
has "progress html: chart inline svg" "$tmp/progress.html" "<svg"
# documents embed the display size (a JPEG made from the stored image), never the original
has "progress html: image data URI" "$tmp/progress.html" 'src="data:image/jpeg;base64,'
for doc in progress summary discharge; do
  n=$(pdfimages -list "$tmp/$doc.pdf" | tail -n +3 | wc -l)
  check "$doc: only the consented image in the PDF" 1 "$n"
  n=$(grep -o 'src="data:image/' "$tmp/$doc.html" | wc -l)
  check "$doc: only the consented image in the HTML" 1 "$n"
  hasnt "$doc html: not the stored original" "$tmp/$doc.html" "data:image/png"
done
has "discharge: aftercare" "$tmp/discharge.txt" "aftercare"
has "summary: sessions" "$tmp/summary.txt" "6 sessions recorded from 2026-12-01 to 2026-12-07"

# the client-friendly plan: large type, reading grade 8 or below
run "client-plan grade" 0 -- report client-plan $c --format pdf --out "$tmp/cp.pdf" --date $date
grade=$(sed -n 's/.*reading grade \([0-9.]*\).*/\1/p' "$tmp/out")
[ -n "$grade" ] && awk -v g="$grade" 'BEGIN { exit !(g <= 8.0) }'; check "client-plan grade $grade <= 8" 0 $?
pdffonts "$tmp/client-plan.pdf" >"$tmp/fonts"
has "fonts embedded" "$tmp/fonts" "NotoSans"
grep -Eq ' no +no ' "$tmp/fonts"; check "every font embedded" 1 $?
big=$(pdftotext -bbox "$tmp/client-plan.pdf" - | grep -o 'yMin="[0-9.]*" xMax="[0-9.]*" yMax="[0-9.]*"' | head -40 | awk -F'"' '{ h = $6 - $2; if (h >= 14) n++ } END { print n + 0 }')
[ "$big" -gt 20 ]; check "client-plan large type (words >= 14 pt tall)" 0 $?

# every script's name renders in the plan
for entry in "${names[@]}"; do
  IFS='|' read -r ref name example <<<"$entry"
  run "plan $ref" 0 -- report plan "$ref" --format pdf --out "$tmp/$ref.pdf" --date $date
  pdftotext -enc UTF-8 "$tmp/$ref.pdf" "$tmp/$ref.txt"
  run "plan html $ref" 0 -- report plan "$ref" --format html --out "$tmp/$ref.html" --date $date
  has "plan $ref html: name" "$tmp/$ref.html" "$name"
  for word in $name; do
    # poppler reorders Arabic glyph clusters (ligatures) when it extracts them: compare the
    # word's letters as a multiset with each extracted word
    want=$(sortchars "$word")
    found=1
    for got in $(tr -s ' \n' '\n\n' <"$tmp/$ref.txt" | LC_ALL=C sed 's/\xe2\x80[\xab\xac]//g'); do
      [ "$(sortchars "$got")" = "$want" ] && { found=0; break; }
    done
    check "plan $ref: name word $word in the PDF text" 0 $found
  done
  run "client-plan $ref" 0 -- report client-plan "$ref" --format pdf --out "$tmp/cp-$ref.pdf" --date $date
  grade=$(sed -n 's/.*reading grade \([0-9.]*\).*/\1/p' "$tmp/out")
  [ -n "$grade" ] && awk -v g="$grade" 'BEGIN { exit !(g <= 8.0) }'; check "client-plan $ref grade $grade <= 8" 0 $?
done

# a table header never breaks inside a word ("Objectiv" / "e")
pdftotext -layout "$tmp/plan.pdf" - | grep -Eq 'Session +Objective +Intervention +Rationale'
check "plan pdf: the header words whole" 0 $?

# risk flags in words in the clinical plan (rpt-hebrew holds an active suicide risk)
has "plan rpt-hebrew: risk flag in words" "$tmp/rpt-hebrew.html" "Risk flag, suicide risk:"
hasnt "plan rpt-hebrew: no flag id" "$tmp/rpt-hebrew.html" "suicide-risk:"

# a group program's purchase list goes to whoever buys: it names the group, never a member
# (not in the body, the running header or the footer)
for fmt in pdf html; do
  run "group supplies $fmt" 0 -- report supplies rpt-devanagari --format $fmt --out "$tmp/gsup.$fmt" --date $date
done
pdftotext -enc UTF-8 "$tmp/gsup.pdf" "$tmp/gsup.txt"
for f in "$tmp/gsup.txt" "$tmp/gsup.html"; do
  has "group supplies $(basename "$f"): the group" "$f" "a group program of 5 participants"
  hasnt "group supplies $(basename "$f"): no member's name" "$f" "अनन्या"
  hasnt "group supplies $(basename "$f"): no member's reference" "$f" "rpt-devanagari"
done

# empty sections say so (a client with a plan and nothing else)
run "progress of an empty record" 0 -- report progress rpt-chinese --format pdf --out "$tmp/empty.pdf" --date $date
pdftotext -enc UTF-8 "$tmp/empty.pdf" "$tmp/empty.txt"
has "empty: sessions" "$tmp/empty.txt" "No sessions were recorded in this period."
has "empty: measures" "$tmp/empty.txt" "No standard measures were recorded."
has "empty: GAS" "$tmp/empty.txt" "No goal attainment scales were set."
has "empty: artworks" "$tmp/empty.txt" "No artwork with consent"
run "client without plan" 0 -- client add --ref rpt-noplan --name "Noa Synthetic" --setting outpatient
run "summary without plan" 0 -- report summary rpt-noplan --format html --out "$tmp/noplan.html" --date $date
has "no plan said plainly" "$tmp/noplan.html" "No treatment plan is on record."

# ---- bad input: clear errors, no file left behind ----
out=$tmp/bad/out.pdf
mkdir -p "$tmp/bad"
run "unknown client" 6 -- report plan nobody --format pdf --out "$out" --date $date
run "plan document without a plan" 6 -- report plan rpt-noplan --format pdf --out "$out" --date $date
run "unknown kind" 2 -- report letter $c --format pdf --out "$out"
run "unknown format" 2 -- report plan $c --format docx --out "$out"
run "csv only for supplies" 2 -- report plan $c --format csv --out "$out"
run "missing --out" 2 -- report plan $c --format pdf
run "bad --from" 2 -- report progress $c --from 2026-02-30 --to 2026-12-01 --out "$out"
run "bad --to" 2 -- report progress $c --from 2026-01-01 --to tomorrow --out "$out"
run "from after to" 3 -- report progress $c --from 2026-12-01 --to 2026-01-01 --out "$out"
has "from after to names the field" "$tmp/err" "from"
run "range over 10 years" 3 -- report progress $c --from 1990-01-01 --to 2026-01-01 --out "$out"
run "--from on a plan" 2 -- report plan $c --from 2026-01-01 --out "$out"
[ -z "$(ls -A "$tmp/bad")" ]; check "no file after failures" 0 $?
run "unwritable path" 5 -- report plan $c --format pdf --out /proc/easel-cannot/plan.pdf --date $date
mkdir -p "$tmp/ro" && printf 'x' >"$tmp/ro/file"
run "folder is a file" 5 -- report progress $c --format pdf --out "$tmp/ro/file/p.pdf" --date $date
[ "$(ls -A "$tmp/ro")" = file ]; check "nothing left beside it" 0 $?
printf 'old' >"$tmp/keep.pdf"
run "failed write keeps the old file" 6 -- report plan nobody --format pdf --out "$tmp/keep.pdf"
[ "$(cat "$tmp/keep.pdf")" = old ]; check "old file untouched" 0 $?
run "period filter" 0 -- report progress $c --from 2026-12-02 --to 2026-12-03 --format pdf --out "$tmp/period.pdf" --date $date
pdftotext -enc UTF-8 "$tmp/period.pdf" "$tmp/period.txt"
has "period: 2 sessions" "$tmp/period.txt" "2 of 2 scheduled sessions attended"
hasnt "period: later note left out" "$tmp/period.txt" "花园"

# ---- 1,000 sessions with long notes paginate cleanly ----
long=$(head -c 6000 /dev/zero | tr '\0' 'w' | sed 's/wwwwwwwwww/lorem ipsum /g')
# the artworks' formal elements over time, computer-assisted and said to be no score: two
# photos of a sheet on a table, the second with more of the page used
run "client art" 0 -- client add --ref rpt-art --name "Ari Synthetic" --setting outpatient
printf '{"subjective":"s","objective":"o","assessment":"a","plan":"p"}' >"$tmp/n.json"
run "art session 1" 0 -- session add rpt-art --date 2026-11-02 --minutes 50 --note "$tmp/n.json"
run "art session 2" 0 -- session add rpt-art --date 2026-11-30 --minutes 50 --note "$tmp/n.json"
for k in 1 2; do
  convert -size 1200x900 "xc:rgb(96,78,64)" -fill "rgb(245,243,238)" -draw "polygon 180,120 1010,150 1060,800 130,770" \
    -fill "rgb(30,60,190)" -draw "circle 600,450 600,$((450 + 60 * k))" -quality 90 "$tmp/sheet$k.jpg"
  s_id=$(sqlite3 "$EASEL_DB" "SELECT id FROM sessions WHERE client_id = (SELECT id FROM clients WHERE ref = 'rpt-art') ORDER BY date LIMIT 1 OFFSET $((k - 1))")
  run "art photo $k" 0 -- artwork add "$s_id" "$tmp/sheet$k.jpg" --title "Blue sun $k" --consent record
done
run "progress with formal elements" 0 -- report progress rpt-art --format pdf --out "$tmp/art.pdf" --date $date
pdftotext -enc UTF-8 "$tmp/art.pdf" "$tmp/art.txt"
has "progress: formal elements over time" "$tmp/art.txt" "Formal elements over time (computer-assisted)"
has "progress: formal elements are no score" "$tmp/art.txt" "Not a FEATS score, a diagnosis, a risk or an"
has "progress: the trend chart" "$tmp/art.txt" "Space used per artwork (computer-assisted)"
space_of() { # TITLE: the space used in the table's row (the title's last mention)
  local ln
  ln=$(grep -n "^$1\$" "$tmp/art.txt" | tail -1 | cut -d: -f1)
  sed -n "$ln,$((ln + 3))p" "$tmp/art.txt" | grep -m1 -o '^[0-9.]* %' | tr -d ' %'
}
s1=$(space_of "Blue sun 1")
s2=$(space_of "Blue sun 2")
awk -v a="$s1" -v b="$s2" 'BEGIN { exit !(a > 1 && b > 3 * a) }'; check "the second uses more of the page ($s1 % -> $s2 %)" 0 $?
# a screen reader gets each figure's alternative text: the chart's points, the artworks' titles
qpdf --qdf --object-streams=disable "$tmp/art.pdf" "$tmp/art-qdf.pdf"
python3 -c '
import re, sys
d = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"/Alt <([0-9A-Fa-f]+)>", d):
    print(bytes.fromhex(m.group(1).decode()).decode("utf-16"))' "$tmp/art-qdf.pdf" >"$tmp/alt.txt"
has "pdf alt text: the artworks by title and date" "$tmp/alt.txt" "Artworks: Blue sun 1 (2026-11-02); Blue sun 2 (2026-11-30)"
grep -Eq "^Chart: Space used per artwork \(computer-assisted\)\. Space used: 2026-11-02 [0-9.]+, 2026-11-30 [0-9.]+\.$" "$tmp/alt.txt"
check "pdf alt text: the chart's points in words" 0 $?
qpdf --check "$tmp/art.pdf" >/dev/null 2>&1; check "the pdf with alt text passes qpdf --check" 0 $?
# tables are tagged row by row, header cells as headers
check "pdf tables tagged: rows" yes "$([ "$(grep -c '/S /TR' "$tmp/art-qdf.pdf")" -ge 3 ] && echo yes || echo no)"
check "pdf tables tagged: header cells" yes "$([ "$(grep -c '/S /TH' "$tmp/art-qdf.pdf")" -ge 6 ] && echo yes || echo no)"
check "pdf tables tagged: data cells" yes "$([ "$(grep -c '/S /TD' "$tmp/art-qdf.pdf")" -ge 12 ] && echo yes || echo no)"

unbroken=$(head -c 3000 /dev/zero | tr '\0' 'Z')
run "client big" 0 -- client add --ref rpt-big --name "Ola Synthetic" --setting outpatient
printf '{"subjective":"%s","objective":"%s","assessment":"long","plan":"SESSION-MARKER-FIRST"}' "$long" "$unbroken" >"$tmp/long.json"
run "first long session" 0 -- session add rpt-big --date 2020-01-01 --minutes 50 --note "$tmp/long.json"
sqlite3 "$EASEL_DB" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 999)
  INSERT INTO sessions (client_id, date, minutes, attendance, mode, plan_version, note_format, note, created_by, created_at)
  SELECT s.client_id, date(s.date, '+' || k.i || ' days'), s.minutes, s.attendance, s.mode, s.plan_version, s.note_format,
         replace(s.note, 'SESSION-MARKER-FIRST', 'SESSION-MARKER-' || (k.i + 1)), s.created_by, s.created_at
  FROM sessions s, k WHERE s.client_id = (SELECT id FROM clients WHERE ref = 'rpt-big')"
check "1,000 sessions inserted" 1000 "$(sqlite3 "$EASEL_DB" "SELECT COUNT(*) FROM sessions WHERE client_id = (SELECT id FROM clients WHERE ref = 'rpt-big')")"
run "progress of 1,000 sessions" 0 -- report progress rpt-big --format pdf --out "$tmp/big.pdf" --date $date
qpdf --check "$tmp/big.pdf" >"$tmp/err" 2>&1; check "big qpdf --check" 0 $?
pages=$(pdfinfo "$tmp/big.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 1000 ] && [ "$pages" -le 4000 ]; check "big: plausible page count ($pages)" 0 $?
pdftotext "$tmp/big.pdf" "$tmp/big.txt"
has "big: first marker" "$tmp/big.txt" "SESSION-MARKER-FIRST"
has "big: last marker" "$tmp/big.txt" "SESSION-MARKER-1000"
check "big: every marker" 1000 "$(grep -c 'SESSION-MARKER-' "$tmp/big.txt")"
has "big: page X of Y" "$tmp/big.txt" "page $pages of $pages"
over=$(pdftotext -bbox "$tmp/big.pdf" - | awk -F'"' '/<page / { w = $2 } /<word / { if ($6 > w - 56.69 + 0.5) n++ } END { print n + 0 }')
check "big: no word past the right margin" 0 "$over"

# ---- golden page images (page 1, 50 dpi) ----
gold=$src/tests/golden/reports
for kind in plan client-plan progress summary discharge supplies; do
  pdftoppm -r 50 -f 1 -l 1 -png -singlefile "$tmp/$kind.pdf" "$tmp/page-$kind"
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    mkdir -p "$gold" && cp "$tmp/page-$kind.png" "$gold/$kind.png"
  fi
  # fonts are pinned; the tolerance absorbs anti-aliasing differences between library builds
  ae=$(compare -metric AE -fuzz 10% "$tmp/page-$kind.png" "$gold/$kind.png" null: 2>&1)
  [ "${ae%%.*}" -le 600 ] 2>/dev/null; check "$kind page 1 matches golden (AE $ae)" 0 $?
done

echo "cli.report: $pass passed, $fail failed"
[ "$fail" = 0 ]
