# scripts/pg_lib.sh — sourced by scripts/pg-start.sh and scripts/pg-restart.sh.

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
