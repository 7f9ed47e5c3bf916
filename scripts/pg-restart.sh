#!/usr/bin/env bash
# Stop, start or restart (the default) the test PostgreSQL 15 server that scripts/pg-start.sh
# set up, for tests of lost connections. restart and start wait until it accepts connections on
# 127.0.0.1 again (30 s at most).
#   scripts/pg-restart.sh [restart|stop|start]
set -euo pipefail
action=${1:-restart}
# Run a command that leaves a server running with nothing of ours open but stdin, stdout and
# stderr (which pg_ctl points at the log): a postmaster holding an inherited pipe, such as the
# one of `$(scripts/pg-start.sh)`, would keep that pipe's reader waiting forever.
detached() {
  (
    for fd in "/proc/$BASHPID/fd/"*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "$@"
  ) </dev/null
}
sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
case "$action" in
  restart) detached "${sudo[@]}" pg_ctlcluster 15 main restart -m fast ;;
  stop) "${sudo[@]}" pg_ctlcluster 15 main stop -m fast; exit 0 ;;
  start) detached "${sudo[@]}" pg_ctlcluster 15 main start ;;
  *) echo "usage: $0 [restart|stop|start]" >&2; exit 2 ;;
esac
port=$(pg_lsclusters -h | awk '$1 == 15 && $2 == "main" {print $3}')
for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then exit 0; fi
  sleep 1
done
echo "pg-restart: PostgreSQL 15/main is not accepting connections after 30 s" >&2
exit 1
