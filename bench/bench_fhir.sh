#!/usr/bin/env bash
# bench/bench_fhir.sh — what FHIR costs (issue 14): one client with 1,000 sessions (signed SOAP
# notes), 200 measure administrations (PHQ-9 and GAD-7, every item answered), 50 artworks with
# record consent (1600 x 1200 phone-like JPEGs of a sheet on a table, each different, stored
# through `easel artwork add`: stripped, display size, sheet found and flattened) and a signed
# plan, alone in a SQLite database. Reports, in the same run:
#   - `easel fhir export CLIENT` against easel's own JSON export of the same record
#     (`easel export`, the whole practice, which is this one client): median of 5 runs each,
#     wall time and bytes, and the ratios (target: FHIR within 2x of easel's export);
#   - GET /fhir/R4/Patient/ID/$everything over HTTP with an API token: 40 requests one after
#     another after 3 warm-up ones, p50 and p95 of curl's time_total (target: p95 under 50 ms),
#     and the answer's size; a Patient read and an Observation search for scale.
# Not part of ctest; figures go to the issue note.
#
# Usage: bench/bench_fhir.sh [EASEL]   (default build/release/easel)
# BENCH_FHIR_KEEP=DIR keeps the database in DIR/bench.db and reuses it when it is there (the
# record takes a few minutes to make), e.g. for profiling.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
easel=${1:-$root/build/release/easel}
# shellcheck source=bench/bench_lib.sh
. "$root/bench/bench_lib.sh"
bench_setup
dbdir=${BENCH_FHIR_KEEP:-$tmp}
mkdir -p "$dbdir"
export EASEL_DB="sqlite:$dbdir/bench.db" EASEL_USER=ther1 EASEL_KB="$root/kb"
c=fhir-bench
make_record() {
  "$easel" init --practice "FHIR bench" >/dev/null
  "$easel" user add --login ther1 --name "Theo Bench" --role therapist >/dev/null
  "$easel" user add --login adm1 --name "Ada Admin" --role admin >/dev/null
  "$easel" client add --ref $c --name "Bench Client" --setting outpatient --birth-year 1990 >/dev/null
  "$easel" team add $c ther1 --role "art therapist" >/dev/null
  "$easel" profile set $c <(sed "s/\"client\": \"[^\"]*\"/\"client\": \"$c\"/" "$root/examples/outpatient-complex-trauma.json") >/dev/null
  "$easel" plan generate $c --start 2024-01-01 >/dev/null
  "$easel" plan sign $c >/dev/null

  t0=$(date +%s.%N)
  printf '{"subjective":"s","objective":"o","assessment":"a","plan":"p"}' >"$tmp/n.json"
  for k in $(seq 1 1000); do
    d=$(date -u -d "2020-01-06 + $((2 * k)) days" +%F)
    "$easel" session add $c --date "$d" --minutes 50 --note "$tmp/n.json" >"$tmp/out"
    if [ $((k % 20)) = 0 ]; then # an artwork every 20th session: 50 in all
      sid=$(sed -n 's/^session \([0-9]*\).*/\1/p' "$tmp/out" | head -1)
      convert -size 1600x1200 "xc:rgb(96,78,64)" -fill "rgb(245,243,238)" \
        -draw "polygon 240,160 1350,200 1410,1070 170,1030" -fill "rgb($((40 + 3 * k / 20)),60,190)" \
        -draw "circle 800,600 800,$((640 + k / 4))" -fill "rgb(200,30,40)" \
        -draw "rectangle $((330 + k / 2)),330 $((530 + k / 2)),470" -attenuate 0.4 +noise Gaussian \
        -quality 90 "$tmp/a.jpg"
      "$easel" artwork add "$sid" "$tmp/a.jpg" --title "Piece $((k / 20))" --consent record >/dev/null
    fi
  done
  # sign them all in one go (the notes are locked, their signer becomes a Practitioner)
  for sid in $("$easel" session list $c | cut -f1); do "$easel" session sign $c "$sid" >/dev/null; done
  for k in $(seq 1 100); do
    d=$(date -u -d "2020-01-06 + $((20 * k)) days" +%F)
    a=$((k % 3))
    "$easel" measure add $c phq-9 $a 1 $a 1 0 1 $a 0 0 --date "$d" >/dev/null
    "$easel" measure add $c gad-7 1 $a 1 $a 0 1 1 --date "$d" >/dev/null
  done
  t1=$(date +%s.%N)
  echo "== record: 1000 sessions, 200 measures, 50 artworks, a signed plan; made in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s"
}
if [ -f "$dbdir/bench.db" ]; then
  echo "== reusing $dbdir/bench.db"
  EASEL_USER=adm1 "$easel" token revoke bench >/dev/null 2>&1 || true
else
  make_record
fi

median_ms() { # COMMAND...: median wall time of 5 runs, ms
  local ts=()
  for _ in 1 2 3 4 5; do
    local a b
    a=$(date +%s%N)
    "$@" >/dev/null
    b=$(date +%s%N)
    ts+=($(((b - a) / 1000000)))
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
}
fhir_ms=$(median_ms "$easel" fhir export $c --out "$tmp/fhir.json")
own_ms=$(median_ms "$easel" export --out "$tmp/own.jsonl")
fhir_b=$(stat -c %s "$tmp/fhir.json")
own_b=$(stat -c %s "$tmp/own.jsonl")
echo "easel fhir export: median $fhir_ms ms, $((fhir_b / 1024)) KiB ($(jq '.entry | length' "$tmp/fhir.json") entries)"
echo "easel export (own JSON Lines): median $own_ms ms, $((own_b / 1024)) KiB"
awk -v a="$fhir_ms" -v b="$own_ms" -v c="$fhir_b" -v d="$own_b" 'BEGIN {
  printf "ratio FHIR / own: time %.2f, size %.2f (target within 2x: %s)\n", a / b, c / d,
         (a / b <= 2 && c / d <= 2) ? "PASS" : "FAIL" }'

EASEL_USER=adm1 "$easel" token create bench --grant $c >"$tmp/tok"
token=$(tail -1 "$tmp/tok")
bench_serve --db "$EASEL_DB"
base="$base/fhir/R4"
H=(-H "Authorization: Bearer $token")
pid_fhir=$(curl -s "${H[@]}" "$base/Patient" | jq -r '.entry[0].resource.id')
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; } # the server's user + system time
timed() { # PATH N: "p50 p95 bytes cpu" in ms over N requests after 3 warm-up ones; cpu: the
  # server's CPU time per request, which the machine's other load does not inflate as it does
  # the wall time
  local ts=() size=0 c0 c1
  for _ in 1 2 3; do curl -s -o /dev/null "${H[@]}" "$base$1"; done
  c0=$(cpu_ticks)
  for _ in $(seq 1 "$2"); do
    local line
    line=$(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}' "${H[@]}" "$base$1")
    [ "${line##* }" = 200 ] || { echo "HTTP ${line##* } for $1" >&2; exit 1; }
    ts+=("$(awk -v t="${line%% *}" 'BEGIN { printf "%.1f", t * 1000 }')")
    size=$(echo "$line" | cut -d' ' -f2)
  done
  c1=$(cpu_ticks)
  local sorted
  sorted=$(printf '%s\n' "${ts[@]}" | sort -g)
  local n=${#ts[@]}
  echo "$(echo "$sorted" | sed -n "$(((n + 1) / 2))p") $(echo "$sorted" | sed -n "$(((n * 95 + 99) / 100))p") $size $(awk -v d=$((c1 - c0)) -v hz="$hz" -v n="$n" 'BEGIN { printf "%.1f", d * 1000 / hz / n }')"
}
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
read -r p50 p95 size cpu < <(timed "/Patient/$pid_fhir/\$everything" 40)
echo "\$everything (SQLite): p50 $p50 ms, p95 $p95 ms over 40 requests, server CPU $cpu ms a request, $((size / 1024)) KiB (target p95 under 50 ms: $(awk -v p="$p95" 'BEGIN { print (p < 50) ? "PASS" : "FAIL" }'))"
read -r p50 p95 size cpu < <(timed "/Patient/$pid_fhir" 40)
echo "Patient read: p50 $p50 ms, p95 $p95 ms, server CPU $cpu ms, $size bytes"
read -r p50 p95 size cpu < <(timed "/Observation?patient=$pid_fhir&code=http://loinc.org%7C44261-6" 40)
echo "Observation search (100 PHQ-9 totals): p50 $p50 ms, p95 $p95 ms, server CPU $cpu ms, $((size / 1024)) KiB"
echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg)"
