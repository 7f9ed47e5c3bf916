#!/usr/bin/env bash
# bench/bench_group_note.sh — documenting an 8-member group session in one request (issue 12):
# POST /api/v1/groups/{ref}/sessions with the narrative and 8 members (each save replaces the
# draft: the old rows deleted, 1 + 8 rows written, the roster and schedule checked, audited),
# against GET /api/v1/me (the cheapest signed-in request) in the same run, alternating, on a
# fresh SQLite practice. Reports p50 and p95 of curl's own time_total for each, and the ratio.
# Not part of ctest; figures go to bench/README.md.
#
# Usage: bench/bench_group_note.sh [EASEL] [REQUESTS]   (default build/release/easel, 300)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
easel=${1:-$root/build/release/easel}
n=${2:-300}
# shellcheck source=bench/bench_lib.sh
. "$root/bench/bench_lib.sh"
bench_setup
export EASEL_DB="$tmp/bench.db" EASEL_USER=ther1
pw=bench-password-1234
bench_therapist "$pw"
examples=(wellness-anxiety outpatient-complex-trauma inpatient-psychosis hospital-chronic-pain)
for i in 0 1 2 3 4 5 6 7; do
  "$easel" client add --ref "m-$i" --name "Member $i" --setting community-day-program >/dev/null
  sed "s/\"client\": \"[^\"]*\"/\"client\": \"m-$i\"/" "$root/examples/${examples[$((i % 4))]}.json" >"$tmp/p.json"
  "$easel" profile set "m-$i" "$tmp/p.json" >/dev/null
  "$easel" team add "m-$i" ther1 >/dev/null
  "$easel" plan generate "m-$i" >/dev/null # each member's rating names an objective of their plan
done
"$easel" group add g --name "Bench group" --setting community-day-program --start 2027-01-07 \
  --minutes 90 --count 12 --capacity 8 >/dev/null
for i in 0 1 2 3 4 5 6 7; do "$easel" group roster g add "m-$i" --from 2027-01-07 >/dev/null; done
members=""
for i in 0 1 2 3 4 5 6 7; do
  members+="${members:+,}{\"client\":\"m-$i\",\"attendance\":\"attended\",\"note\":\"Worked on the shared piece; spoke about the week.\",\"ratings\":{\"1.1\":1}}"
done
printf '{"number":1,"date":"2027-01-07","minutes":90,"directive":"Shared mural","media":"tempera","themes":"belonging","process":"Members joined their sections.","next_steps":"Continue","members":[%s]}' "$members" >"$tmp/note.json"

bench_serve --insecure-cookies --threads 4
curl -s -D "$tmp/hdr" -o "$tmp/body" -H 'Content-Type: application/json' \
  -d "{\"login\":\"ther1\",\"password\":\"$pw\"}" "$base/api/v1/session"
cookie=$(tr -d '\r' <"$tmp/hdr" | sed -n 's/^Set-Cookie: \(easel_session=[^;]*\);.*/\1/ip')
csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$tmp/body")
for _ in 1 2 3 4 5; do # warm-up
  curl -s -o /dev/null -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    --data-binary @"$tmp/note.json" "$base/api/v1/groups/g/sessions"
done
: >"$tmp/post.txt"
: >"$tmp/me.txt"
for _ in $(seq 1 "$n"); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
    -H 'Content-Type: application/json' --data-binary @"$tmp/note.json" "$base/api/v1/groups/g/sessions" >>"$tmp/post.txt"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Cookie: $cookie" "$base/api/v1/me" >>"$tmp/me.txt"
done
if grep -qv '^201 ' "$tmp/post.txt"; then echo "a POST failed:"; grep -v '^201 ' "$tmp/post.txt" | head -3; exit 1; fi
pct() { # FILE P: the P-th percentile of column 2, in ms
  awk '{print $2 * 1000}' "$1" | sort -n | awk -v p="$2" '{v[NR] = $1} END {i = int((NR * p + 99) / 100); if (i < 1) i = 1; printf "%.2f", v[i]}'
}
p50=$(pct "$tmp/post.txt" 50) p95=$(pct "$tmp/post.txt" 95)
m50=$(pct "$tmp/me.txt" 50) m95=$(pct "$tmp/me.txt" 95)
echo "document an 8-member group session (one POST, SQLite), $n requests: p50 $p50 ms, p95 $p95 ms"
echo "GET /api/v1/me in the same run (baseline): p50 $m50 ms, p95 $m95 ms"
awk -v a="$p50" -v b="$m50" -v c="$p95" 'BEGIN {printf "ratio p50 %.1fx; %s: p95 under 50 ms\n", a / b, (c < 50 ? "PASS" : "FAIL")}'
