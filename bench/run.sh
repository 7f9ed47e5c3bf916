#!/usr/bin/env bash
# bench/run.sh — build the release preset, run the planning-engine benchmark (wall-clock
# medians, ratios against a baseline measured in the same run), then count instructions with
# callgrind: one plan per example profile per KB size, whose Ir repeat exactly from run to run.
# Arguments go to bench_plan (e.g. --min-time 0.5). Exits non-zero only when a step fails to
# run; the PASS/FAIL lines are a report, not a verdict.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cmake --preset release >/dev/null
cmake --build --preset release --target bench_plan
bench=build/release/bench/bench_plan

echo
echo "== wall clock ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
"$bench" "$@"

echo
echo "== instruction counts (valgrind --tool=callgrind, bench_plan --callgrind)"
if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed: skipped"
    exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bench" --callgrind \
    >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
# Each size leaves two dumps: "plans-N-xP" (P plans) and "baseline-N-xP" (P linear passes).
for f in "$tmp"/cg.out.*; do
    label="$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")"
    ir="$(sed -n 's/^summary: //p' "$f")"
    [ -n "$label" ] && [ -n "$ir" ] && echo "$label $ir"
done | awk '
    { split($1, part, "-"); kind = part[1]; n = part[2]; p = substr(part[3], 2)
      ir[kind, n] = $2 / p; sizes[n] = 1 }
    END {
        count = 0
        for (n in sizes) list[++count] = n + 0
        for (i = 1; i <= count; i++)            # sort sizes ascending
            for (j = i + 1; j <= count; j++)
                if (list[j] < list[i]) { t = list[i]; list[i] = list[j]; list[j] = t }
        printf "%-8s %16s %16s %14s %12s\n", "n", "Ir per plan", "Ir per pass", "plan/pass", "growth"
        for (i = 1; i <= count; i++) {
            n = list[i]; plan = ir["plans", n]; pass = ir["baseline", n]
            growth = i > 1 ? sprintf("x%.2f", plan / ir["plans", list[i - 1]]) : "-"
            printf "%-8d %16.0f %16.0f %14.0f %12s\n", n, plan, pass, plan / pass, growth
        }
        for (i = 2; i <= count; i++)
            printf "growth %d -> %d: plan x%.2f for x%.2f interventions\n", list[i - 1], list[i],
                ir["plans", list[i]] / ir["plans", list[i - 1]], list[i] / list[i - 1]
    }'
