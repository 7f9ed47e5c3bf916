#!/usr/bin/env bash
# bench/bench_audit_verify.sh — `easel audit verify` against the size of the record (a report,
# not a test): demo practices of growing size on SQLite (52 sessions a client; the demo's own
# writes fill the audit log and sign the notes), and for each size the median of 3 verify runs
# against a baseline in the same run: the sqlite3 CLI reading the same columns of the whole
# audit_log in id order (what the chain walk reads at least). A flat ratio and a flat cost per
# row mean linear cost. Verify once ran two scans of audit_log per signed note, which grows with
# the square of the size (--easel with a binary from before 9a13a44 shows it).
#
# Usage: bench/bench_audit_verify.sh [--sizes "50 100 200 400"] [--easel BIN]
# Needs sqlite3 (Debian package sqlite3). Owns a temporary folder, removed at exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

sizes="50 100 200 400" easel=""
while [ $# -gt 0 ]; do
  case "$1" in
  --sizes) sizes=$2; shift 2 ;;
  --easel) easel=$2; shift 2 ;;
  *) echo "usage: bench/bench_audit_verify.sh [--sizes \"N ...\"] [--easel BIN]" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "bench_audit_verify: sqlite3 is not installed" >&2; exit 1; }
if [ -z "$easel" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target easel >/dev/null
  easel=build/release/easel
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ms COMMAND...: wall milliseconds of one run, output discarded
ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

echo "== audit verify against size ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-8s %12s %12s %14s %14s %8s %14s\n' clients "audit rows" "signed notes" "verify ms" "sqlite3 ms" ratio "verify us/row"
for n in $sizes; do
  db="$tmp/p$n.db"
  EASEL_USER=bench "$easel" demo --db "$db" --clients "$n" --sessions-per-client 52 >/dev/null
  rows=$(sqlite3 "$db" "SELECT count(*) FROM audit_log")
  signed=$(sqlite3 "$db" "SELECT count(*) FROM sessions WHERE status = 'signed'")
  v=() b=()
  for _ in 1 2 3; do
    v+=("$(ms "$easel" audit verify --db "$db")")
    b+=("$(ms sqlite3 "$db" "SELECT id, at, actor, action, record_type, record_id, prev_hash, hash FROM audit_log ORDER BY id")")
  done
  "$easel" audit verify --db "$db" >/dev/null 2>&1 || { echo "bench_audit_verify: verify failed on $n clients" >&2; exit 1; }
  vm=$(median3 "${v[@]}") bm=$(median3 "${b[@]}")
  printf '%-8s %12s %12s %14s %14s %8s %14s\n' "$n" "$rows" "$signed" "$vm" "$bm" \
    "$(awk -v a="$vm" -v b="$bm" 'BEGIN {printf "%.1f", b ? a / b : 0}')" \
    "$(awk -v a="$vm" -v r="$rows" 'BEGIN {printf "%.2f", r ? a * 1000 / r : 0}')"
done
