#!/usr/bin/env bash
# Stop, start or restart (the default) the test PostgreSQL 15 server that scripts/pg-start.sh
# set up, for tests of lost connections. restart and start wait until it accepts connections on
# 127.0.0.1 again (30 s at most). crash kills the postmaster and every one of its processes with
# SIGKILL (nothing is flushed or shut down: PostgreSQL itself dies mid-write), then starts it
# again, which replays the write-ahead log (crash recovery).
#   scripts/pg-restart.sh [restart|stop|start|crash]
set -euo pipefail
action=${1:-restart}
. "$(dirname "$0")/pg_lib.sh" # detached
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
case "$action" in
  restart) detached "${sudo[@]}" pg_ctlcluster 15 main restart -m fast ;;
  stop) "${sudo[@]}" pg_ctlcluster 15 main stop -m fast; exit 0 ;;
  start) detached "${sudo[@]}" pg_ctlcluster 15 main start ;;
  crash)
    data=$(pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $6}')
    pm=$("${sudo[@]}" head -n 1 "$data/postmaster.pid")
    children=$(pgrep -P "$pm" || true)
    # shellcheck disable=SC2086 # a list of process ids
    "${sudo[@]}" kill -9 "$pm" $children
    for _ in $(seq 1 300); do # the processes gone (they hold the shared memory), 30 s at most
      alive=0                 # (a zombie waiting for its parent to reap it counts as gone)
      for p in $pm $children; do
        state=$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null || true)
        if [ -n "$state" ] && [ "$state" != Z ]; then alive=1; fi
      done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
    # The lock files name the dead postmaster; a zombie nobody has reaped yet (pid 1 of a
    # container may reap late) would still pass PostgreSQL's "is it running" check.
    port=$(pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $3}')
    for f in "$data/postmaster.pid" "/var/run/postgresql/.s.PGSQL.$port.lock"; do
      if [ "$("${sudo[@]}" head -n 1 "$f" 2>/dev/null)" = "$pm" ]; then "${sudo[@]}" rm -f "$f"; fi
    done
    detached "${sudo[@]}" pg_ctlcluster 15 main start ;;
  *) echo "usage: $0 [restart|stop|start|crash]" >&2; exit 2 ;;
esac
port=$(pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $3}')
for _ in $(seq 1 300); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then exit 0; fi
  sleep 0.1
done
echo "pg-restart: PostgreSQL 15/main is not accepting connections after 30 s" >&2
exit 1
