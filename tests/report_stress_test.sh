#!/usr/bin/env bash
# Documents under load (issue 11, "A crash"): every document kind, as PDF and HTML, rendered
# many times at once, in separate `easel report` processes (each runs cairo's and fontconfig's
# exit handlers, where the abort was seen) and in one `easel serve` answering concurrent
# downloads on its threads. Run on the dev build this is under ASan and UBSan: any abort,
# sanitizer report or non-zero exit fails. Each output is checked (qpdf, the client's name).
# Usage: report_stress_test.sh EASEL SOURCE_DIR [ROUNDS]
set -u
easel=$1
src=$2
rounds=${3:-4}
. "$(dirname "$0")/web_lib.sh"
web_test_setup
web_require qpdf curl

PW=correct-horse-battery
C=demo-outpatient-01
db=$tmp/stress.db
export EASEL_DB=$db EASEL_USER=ther1
e=0
seed_users "$PW" ther1:therapist || e=1
"$easel" client add --ref $C --name "Zoë Synthetic-Stress" --setting outpatient >/dev/null || e=1
"$easel" team add $C ther1 >/dev/null || e=1
"$easel" profile set $C "$src/examples/outpatient-complex-trauma.json" >/dev/null || e=1
"$easel" plan generate $C >/dev/null || e=1
"$easel" plan sign $C >/dev/null || e=1
for d in 01 08 15 22 29; do
  "$easel" measure add $C phq-9 2,2,1,1,1,1,1,1,0 --date 2026-11-$d >/dev/null || e=1
  printf '{"subjective":"calmer","objective":"drew the safe place","assessment":"engaged","plan":"continue"}' >"$tmp/note.json"
  "$easel" session add $C --date 2026-11-$d --minutes 50 --note "$tmp/note.json" >/dev/null || e=1
done
sid=$("$easel" session list $C | awk 'NR == 1 {print $1}')
base64 -d >"$tmp/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
"$easel" artwork add "$sid" "$tmp/dot.png" --title "Kept" --consent record >/dev/null || e=1
check "seed through the CLI" 0 $e

kinds="plan client-plan progress summary discharge supplies"
# 1. processes: every kind x format at once, ROUNDS times (12 renderers per round)
for round in $(seq 1 "$rounds"); do
  jobs=()
  for kind in $kinds; do
    for fmt in pdf html; do
      out=$tmp/r$round-$kind.$fmt
      "$easel" report $kind $C --format $fmt --out "$out" --date 2026-12-01 \
        >/dev/null 2>"$out.err" &
      jobs+=("$!:$out")
    done
  done
  for j in "${jobs[@]}"; do
    wait "${j%%:*}"
    code=$?
    out=${j#*:}
    check "round $round $(basename "$out") exits 0" 0 $code
    if grep -qE "AddressSanitizer|UndefinedBehaviorSanitizer|runtime error|Assertion|assertion" "$out.err"; then
      bad "round $round $(basename "$out"): $(head -c 300 "$out.err")"
    else ok; fi
    case "$out" in
      *.pdf) qpdf --check "$out" >/dev/null 2>&1; check "round $round $(basename "$out") is a sound PDF" 0 $? ;;
      *.html) grep -q "Synthetic-Stress" "$out"; check "round $round $(basename "$out") names the client" 0 $? ;;
    esac
  done
done
# the same bytes every time: no state leaks between concurrent renders
for kind in $kinds; do
  for round in $(seq 2 "$rounds"); do
    cmp -s "$tmp/r1-$kind.html" "$tmp/r$round-$kind.html"; check "$kind html identical in round $round" 0 $?
  done
done

# 2. threads: one server, 24 downloads at once per round
unset EASEL_DB EASEL_USER
start_server stress "$db" --insecure-cookies || { echo "$pass passed, $((fail + 1)) failed"; exit 1; }
base="http://127.0.0.1:$port"
sign_in ther1 "$PW"
mapfile -t T1 < <(as ther1)
for round in $(seq 1 "$rounds"); do
  jobs=()
  for kind in $kinds; do
    for fmt in pdf html pdf html; do
      out=$tmp/h$round-$kind-${#jobs[@]}.$fmt
      curl -s -o "$out" -w '%{http_code}' "${T1[@]}" "$base/api/v1/clients/$C/report?kind=$kind&format=$fmt" \
        >"$out.code" &
      jobs+=("$!:$out")
    done
  done
  for j in "${jobs[@]}"; do
    wait "${j%%:*}"
    out=${j#*:}
    check "round $round download $(basename "$out")" 200 "$(cat "$out.code")"
    case "$out" in
      *.pdf) qpdf --check "$out" >/dev/null 2>&1; check "round $round $(basename "$out") is a sound PDF" 0 $? ;;
    esac
  done
done
kill -0 "${pids[0]}" 2>/dev/null; check "the server is still up" 0 $?
kill "${pids[0]}" 2>/dev/null
wait "${pids[0]}"
code=$?
check "the server stops cleanly (no sanitizer exit)" 0 $code
if grep -qE "AddressSanitizer|UndefinedBehaviorSanitizer|runtime error|Assertion" "$tmp/stress.log"; then
  bad "the server log has a sanitizer or assertion report: $(grep -m1 -E 'Sanitizer|runtime error|Assertion' "$tmp/stress.log")"
else ok; fi
pids=()

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
