#!/usr/bin/env bash
# bench/bench_web.sh — the web server under load (issue 5): wrk against the client-chart API
# endpoint (GET /api/v1/clients/{ref}, signed in, audited) at 16 and 64 connections on the demo
# practice, and in the same run, alternating, Debian's nginx serving the same JSON bytes as a
# static file on loopback (the baseline). Also easel's start-up time (exec until the port
# answers) and resident memory when idle. Not part of ctest; figures go to bench/README.md.
#
# Usage: bench/bench_web.sh [--db URL] [--seconds S] [--rounds R] [--threads N] [--easel BIN]
#                          [--server-cpu F]
#   --db URL      a store URL; default a fresh SQLite demo practice in a temporary folder
#                 (a postgresql:// URL must be an empty database: the demo is generated in it)
#   --seconds S   duration of each wrk run (default 10)
#   --rounds R    rounds of (easel, nginx) per connection count; medians reported (default 3)
#   --threads N   easel serve --threads (default: the server's own, 64 on SQLite, 16 on PostgreSQL)
#   --easel BIN   an easel binary built elsewhere (an older commit, to compare); default the
#                 release build of this tree
#   --server-cpu F  each easel server in a cgroup of its own limited to F cores (the cgroup v1
#                 cpu controller; root): as if each server had a machine of its own, so that the
#                 scaling table shows what a second server adds when the servers, not the
#                 machine, are the limit (PostgreSQL, wrk and nginx are not limited)
# On PostgreSQL (issue 15) it also runs, in the same run: pgbench's built-in TPC-B at 16
# clients on a database of its own on the same server (scale 10), and the chart endpoint
# through two easel servers on the one database (wrk's connections split between them) against
# one, so the scaling shows; and, under the first load, the age of the oldest audit row the
# sealer has not bound into the chain yet (sampled every half second; its worst).
# Needs wrk and nginx (Debian packages wrk, nginx-light); installs nothing itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

db="" seconds=10 rounds=3 threads="" easel="" server_cpu=""
while [ $# -gt 0 ]; do
  case "$1" in
  --db) db=$2; shift 2 ;;
  --server-cpu) server_cpu=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  --rounds) rounds=$2; shift 2 ;;
  --threads) threads=$2; shift 2 ;;
  --easel) easel=$2; shift 2 ;;
  *) echo "usage: bench/bench_web.sh [--db URL] [--seconds S] [--rounds R] [--threads N] [--easel BIN] [--server-cpu F]" >&2; exit 2 ;;
  esac
done
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "bench_web: $tool is not installed (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "$easel" ]; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target easel >/dev/null
  easel=build/release/easel
fi

tmp=$(mktemp -d)
pids=()
cgroups=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for d in "${cgroups[@]}"; do rmdir "$d" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
# --server-cpu: cgroups 1 (the first server) and 2 (the second), made here so cleanup removes them
if [ -n "$server_cpu" ]; then
  for n in 1 2; do
    d="/sys/fs/cgroup/cpu/easel-bench-$$-$n"
    mkdir "$d" || { echo "bench_web: --server-cpu needs the cgroup v1 cpu controller (as root)" >&2; exit 1; }
    cgroups+=("$d")
    echo 100000 >"$d/cpu.cfs_period_us"
    awk -v f="$server_cpu" 'BEGIN {printf "%d\n", f * 100000}' >"$d/cpu.cfs_quota_us"
  done
  echo "each easel server limited to $server_cpu cores (cgroup cpu quota)"
fi
# in_cgroup N CMD...: exec CMD (so that, run with &, $! is its pid), in cgroup N when asked
in_cgroup() {
  local n=$1
  shift
  [ -z "$server_cpu" ] || echo "$BASHPID" >"${cgroups[$((n - 1))]}/cgroup.procs"
  exec "$@"
}
[ -n "$db" ] || db="sqlite:$tmp/demo.db"

echo "== demo practice ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
export EASEL_USER=bench
"$easel" demo --db "$db" --clients 200 --sessions-per-client 52 >/dev/null
"$easel" user add --db "$db" --login bench-ther --name "Bench Therapist" --role therapist >/dev/null
printf 'bench-password-1\n' | "$easel" user passwd --db "$db" bench-ther >/dev/null
"$easel" team add --db "$db" demo-0004 bench-ther --role therapist >/dev/null
unset EASEL_USER
# PostgreSQL: statistics for the planner after the bulk load, as pgbench -i gathers them for
# its own tables (without, the first minute runs on plans made for empty tables)
case "$db" in
postgresql://* | postgres://*) PGOPTIONS="-c client_min_messages=error" psql -q "$db" -c ANALYZE >/dev/null ;; # (shared catalogs: superuser only, skipped quietly)
esac

# start-up: from exec until the port answers (median of 5)
startup=()
for i in 1 2 3 4 5; do
  t0=$(date +%s%N)
  in_cgroup 1 "$easel" serve --db "$db" --listen 127.0.0.1:0 ${threads:+--threads "$threads"} --insecure-cookies \
    --conns-per-address 256 \
    >"$tmp/serve.out" 2>/dev/null &
  pid=$!
  port=""
  deadline=$((SECONDS + 30))
  while [ -z "$port" ]; do
    port=$(sed -n 's|^easel: serving on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/serve.out")
    kill -0 "$pid" 2>/dev/null || { echo "bench_web: easel serve exited" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { echo "bench_web: easel serve did not start" >&2; exit 1; }
  done
  until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/me"; do :; done
  t1=$(date +%s%N)
  startup+=($(((t1 - t0) / 1000)))
  if [ "$i" -lt 5 ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
done
pids+=("$pid")
base="http://127.0.0.1:$port"
sleep 1
idle_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")

curl -s -c "$tmp/jar" -o "$tmp/signin.json" -H 'Content-Type: application/json' \
  -d '{"login":"bench-ther","password":"bench-password-1"}' "$base/api/v1/session"
cookie="easel_session=$(awk '$6 == "easel_session" {print $7}' "$tmp/jar")"
path=/api/v1/clients/demo-0004
code=$(curl -s -o "$tmp/chart.json" -w '%{http_code}' -H "Cookie: $cookie" "$base$path")
[ "$code" = 200 ] || { echo "bench_web: chart answered $code" >&2; cat "$tmp/chart.json" >&2; exit 1; }
echo "chart: $(wc -c <"$tmp/chart.json") bytes of JSON ($(grep -o '"date"' "$tmp/chart.json" | wc -l) dated rows)"

# nginx: the same bytes at the same path, one worker per core, access log off
mkdir -p "$tmp/www/api/v1/clients" "$tmp/nginx"
chmod 711 "$tmp" && chmod -R a+rX "$tmp/www" # nginx workers run as www-data when started by root
cp "$tmp/chart.json" "$tmp/www/api/v1/clients/demo-0004"
chmod a+r "$tmp/www/api/v1/clients/demo-0004"
nport=$((port + 1))
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $tmp/www; }
}
EOF
"$nginx_bin" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$nport$path"; do sleep 0.05; done
curl -s -o "$tmp/nginx.json" "http://127.0.0.1:$nport$path"
cmp -s "$tmp/chart.json" "$tmp/nginx.json" ||
  { echo "bench_web: nginx does not serve the same bytes" >&2; head -c 300 "$tmp/nginx.json" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }

# run_wrk URL CONNS: prints "requests/s p99-ms errors"
run_wrk() {
  wrk -t2 -c"$2" -d"${seconds}s" --latency -H "Cookie: $cookie" "$1" >"$tmp/wrk.out" 2>&1
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { err = $5 }
    /Socket errors:/ { err += 0 }
    END { printf "%.0f %.2f %d\n", rps, p99, err + 0 }' "$tmp/wrk.out"
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

# PostgreSQL: the age of the oldest unsealed audit row, sampled every half second under load
# (the sealer must keep up: easel audit verify fails past EASEL_AUDIT_UNSEALED_MAX_MS)
watch_unsealed() {
  local worst=0 age
  while [ ! -e "$tmp/stop-watch" ]; do
    age=$(psql -qtA "$db" -c "SELECT COALESCE((EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint - MIN(at), 0) FROM audit_pending" 2>/dev/null || echo 0)
    [ "${age:-0}" -gt "$worst" ] && worst=$age
    echo "$worst" >"$tmp/unsealed"
    sleep 0.5
  done
}
case "$db" in
postgresql://* | postgres://*) watch_unsealed & pids+=($!) ;;
esac

echo
printf '%-6s %14s %12s %14s %12s %10s %10s\n' conns "easel req/s" "easel p99" "nginx req/s" "nginx p99" "ratio" "non-2xx"
for c in 16 64; do
  : >"$tmp/e" && : >"$tmp/n"
  for _ in $(seq 1 "$rounds"); do
    run_wrk "$base$path" "$c" >>"$tmp/e"
    run_wrk "http://127.0.0.1:$nport$path" "$c" >>"$tmp/n"
  done
  e_rps=$(cut -d' ' -f1 "$tmp/e" | median) e_p99=$(cut -d' ' -f2 "$tmp/e" | median)
  n_rps=$(cut -d' ' -f1 "$tmp/n" | median) n_p99=$(cut -d' ' -f2 "$tmp/n" | median)
  errs=$(awk '{s += $3} END {print s + 0}' "$tmp/e")
  printf '%-6s %14s %10sms %14s %10sms %10s %10s\n' "$c" "$e_rps" "$e_p99" "$n_rps" "$n_p99" \
    "$(awk -v a="$e_rps" -v b="$n_rps" 'BEGIN {printf "%.3f", a / b}')" "$errs"
done
echo
busy_rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
echo "start-up (exec -> first answer), median of 5: $(printf '%s\n' "${startup[@]}" | median) us"
echo "resident memory: idle $idle_rss KiB, after the load $busy_rss KiB (threads ${threads:-default})"
echo "audit rows written (one per chart read): $("$easel" audit verify --db "$db" 2>&1 | tail -1)"
if [ -e "$tmp/unsealed" ]; then
  touch "$tmp/stop-watch"
  echo "oldest unsealed audit row under the load above, sampled every 0.5 s: $(cat "$tmp/unsealed") ms at most"
fi

case "$db" in
postgresql://* | postgres://*) ;;
*) exit 0 ;;
esac

# PostgreSQL: a second server on the same database, wrk's connections split between the two
in_cgroup 2 "$easel" serve --db "$db" --listen 127.0.0.1:0 ${threads:+--threads "$threads"} --insecure-cookies \
  --conns-per-address 256 >"$tmp/serve2.out" 2>/dev/null &
pid2=$!
pids+=("$pid2")
port2=""
until [ -n "$port2" ]; do
  sleep 0.05
  port2=$(sed -n 's|^easel: serving on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/serve2.out" 2>/dev/null || true)
  kill -0 "$pid2" 2>/dev/null || { echo "bench_web: the second easel serve exited" >&2; exit 1; }
done
until curl -s -o /dev/null "http://127.0.0.1:$port2/api/v1/me"; do :; done
# two wrk at once, half the connections each; prints the summed req/s and the worse p99
run_two() {
  local half=$(($1 / 2))
  wrk -t1 -c"$half" -d"${seconds}s" --latency -H "Cookie: $cookie" "$base$path" >"$tmp/w1.out" 2>&1 &
  local w1=$!
  wrk -t1 -c"$half" -d"${seconds}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port2$path" >"$tmp/w2.out" 2>&1
  wait "$w1"
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps += $2 }
    $1 == "99%" { if (ms($2) > p99) p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { err += $5 }
    END { printf "%.0f %.2f %d\n", rps, p99, err + 0 }' "$tmp/w1.out" "$tmp/w2.out"
}
# pgbench TPC-B on a database of its own on the same server, 16 clients
pgdb="easel_pgbench_$$"
admin_url="${db%/*}/postgres" bench_url="${db%/*}/$pgdb"
psql -q "$admin_url" -c "CREATE DATABASE $pgdb" >/dev/null
pgbench -q -i -s 10 "$bench_url" >/dev/null 2>&1
run_pgbench() {
  pgbench -c 16 -j 2 -T "$seconds" "$bench_url" 2>/dev/null | awk '/^tps/ {printf "%.0f\n", $3; exit}'
}
echo
printf '%-6s %16s %16s %10s %14s %10s\n' conns "1 server req/s" "2 servers req/s" "2/1" "pgbench tps" "1/pgbench"
for c in 16 64; do
  : >"$tmp/one" && : >"$tmp/two" && : >"$tmp/pgb"
  for _ in $(seq 1 "$rounds"); do
    run_wrk "$base$path" "$c" | cut -d' ' -f1 >>"$tmp/one"
    run_two "$c" | cut -d' ' -f1 >>"$tmp/two"
    [ "$c" != 16 ] || run_pgbench >>"$tmp/pgb"
  done
  one=$(median <"$tmp/one") two=$(median <"$tmp/two")
  pgb=$( [ -s "$tmp/pgb" ] && median <"$tmp/pgb" || echo "-")
  printf '%-6s %16s %16s %10s %14s %10s\n' "$c" "$one" "$two" \
    "$(awk -v a="$two" -v b="$one" 'BEGIN {printf "%.2f", a / b}')" "$pgb" \
    "$( [ "$pgb" = - ] && echo - || awk -v a="$one" -v b="$pgb" 'BEGIN {printf "%.2f", a / b}')"
done
psql -q "$admin_url" -c "DROP DATABASE $pgdb" >/dev/null
echo "audit after both servers: $("$easel" audit verify --db "$db" 2>&1 | tail -1)"
