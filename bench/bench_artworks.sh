#!/usr/bin/env bash
# bench/bench_artworks.sh — what a client's artworks cost to show (issue 13): a client with 50
# phone-sized photos of sheets on a table (2400 x 1800 JPEGs, quality 90, each a different
# drawing), uploaded through `easel artwork add` (stripped, display size, thumbnail, sheet found
# and flattened, formal elements measured). Reports:
#   - the chart page's transfer: the chart JSON, the artworks list, the progress answer and every
#     tile the gallery shows (the flattened sheet's thumbnail) (curl's size_download; target under 1 MB for 50 artworks), and
#     the original photos' total for comparison;
#   - a progress report with 12 artworks: PDF size (target under 1 MB) and render time, median of
#     5, against the same report of the same record without artworks (consent withdrawn for all
#     but none: the artworks are simply left out by a second client with the same sessions).
# Not part of ctest; figures go to the issue note.
#
# Usage: bench/bench_artworks.sh [EASEL]   (default build/release/easel)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
easel=${1:-$root/build/release/easel}
# shellcheck source=bench/bench_lib.sh
. "$root/bench/bench_lib.sh"
bench_setup
export EASEL_DB="$tmp/bench.db" EASEL_USER=ther1
pw=bench-password-1234
bench_therapist "$pw"
printf '{"subjective":"s","objective":"o","assessment":"a","plan":"p"}' >"$tmp/n.json"
for c in art-50 art-12 none-12; do
  "$easel" client add --ref $c --name "Bench $c" --setting outpatient >/dev/null
  "$easel" team add $c ther1 >/dev/null
  "$easel" profile set $c <(sed "s/\"client\": \"[^\"]*\"/\"client\": \"$c\"/" "$root/examples/outpatient-complex-trauma.json") >/dev/null
  "$easel" plan generate $c >/dev/null
done
originals=0
add_art() { # CLIENT K DATE
  "$easel" session add "$1" --date "$3" --minutes 50 --note "$tmp/n.json" >/dev/null
  local sid
  sid=$("$easel" session list "$1" | tail -1 | cut -f1)
  convert -size 2400x1800 "xc:rgb(96,78,64)" -fill "rgb(245,243,238)" \
    -draw "polygon 360,240 2020,300 2120,1600 260,1540" -fill "rgb($((40 + 4 * $2)),60,190)" \
    -draw "circle 1200,900 1200,$((960 + 8 * $2))" -fill "rgb(200,30,40)" \
    -draw "rectangle $((500 + 10 * $2)),500 $((800 + 10 * $2)),700" -attenuate 0.4 +noise Gaussian \
    -quality 90 "$tmp/a.jpg"
  originals=$((originals + $(stat -c %s "$tmp/a.jpg")))
  "$easel" artwork add "$sid" "$tmp/a.jpg" --title "Piece $2" --consent record >/dev/null
}
t0=$(date +%s.%N)
for k in $(seq 1 50); do add_art art-50 "$k" "$(date -u -d "2026-01-05 + $((7 * k)) days" +%F)"; done
t1=$(date +%s.%N)
for k in $(seq 1 12); do
  d=$(date -u -d "2026-06-01 + $((7 * k)) days" +%F)
  add_art art-12 "$k" "$d"
  "$easel" session add none-12 --date "$d" --minutes 50 --note "$tmp/n.json" >/dev/null
done
echo "== 50 photos (2400 x 1800, $((originals / 1024)) KiB in all as taken) stored in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

bench_serve --db "$EASEL_DB" --insecure-cookies
curl -s -c "$tmp/jar" -o "$tmp/signin" -H 'Content-Type: application/json' \
  -d "{\"login\":\"ther1\",\"password\":\"$pw\"}" "$base/api/v1/session"
get() { curl -s -b "$tmp/jar" -o "$tmp/body" -w '%{size_download}' "$base$1"; }
total=0
for path in /api/v1/clients/art-50 /api/v1/clients/art-50/artworks /api/v1/clients/art-50/progress \
  /api/v1/clients/art-50/charts/formal /api/v1/clients/art-50/charts/attendance; do
  total=$((total + $(get "$path")))
done
get /api/v1/clients/art-50/artworks >/dev/null
thumbs=0
for id in $(jq -r '.artworks[].id' "$tmp/body"); do
  thumbs=$((thumbs + $(get "/api/v1/clients/art-50/artworks/$id/image?size=flat-thumb")))
done
echo "chart page of 50 artworks: $((total / 1024)) KiB of JSON and charts + $((thumbs / 1024)) KiB of thumbnails = $(((total + thumbs) / 1024)) KiB (target under 1024 KiB; the originals are $((originals / 1024)) KiB)"

time_report() { # CLIENT: median of 5 renders, ms
  local ts=()
  for _ in 1 2 3 4 5; do
    local a b
    a=$(date +%s%N)
    "$easel" report progress "$1" --format pdf --out "$tmp/$1.pdf" --date 2026-12-01 >/dev/null
    b=$(date +%s%N)
    ts+=($(((b - a) / 1000000)))
  done
  printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p
}
with=$(time_report art-12)
without=$(time_report none-12)
echo "progress report with 12 artworks: $(($(stat -c %s "$tmp/art-12.pdf") / 1024)) KiB (target under 1024 KiB), $(pdfinfo "$tmp/art-12.pdf" | sed -n 's/^Pages: *//p') pages, median $with ms; the same record without artworks: $(($(stat -c %s "$tmp/none-12.pdf") / 1024)) KiB, median $without ms (ratio $(awk -v a="$with" -v b="$without" 'BEGIN { printf "%.2f", a / b }'))"
