# shellcheck shell=bash
# bench/bench_lib.sh — what the shell benchmarks (bench_artworks.sh, bench_group_note.sh,
# bench_fhir.sh) share, sourced after the caller sets easel: bench_setup makes $tmp, removed at
# exit with the server bench_serve started; bench_therapist makes a practice with ther1;
# bench_serve starts `easel serve` on a free port and sets $pid and $base.
bench_setup() {
  tmp=$(mktemp -d)
  pid=""
  trap bench_cleanup EXIT
}
bench_cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}

# bench_therapist PASSWORD: `easel init` (EASEL_DB and EASEL_USER set by the caller), then the
# therapist ther1 with that password
bench_therapist() {
  "$easel" init >/dev/null
  "$easel" user add --login ther1 --name "Theo Bench" --role therapist >/dev/null
  printf '%s\n' "$1" | "$easel" user passwd ther1 >/dev/null
}

# bench_serve [OPTION...]: `easel serve --listen 127.0.0.1:0 OPTION...` in the background
# (output in $tmp/serve.out, log in $tmp/serve.log); sets $pid and $base (http://127.0.0.1:PORT);
# exits 1 when it has not said its port within 10 s
bench_serve() {
  "$easel" serve --listen 127.0.0.1:0 "$@" >"$tmp/serve.out" 2>"$tmp/serve.log" &
  pid=$!
  base=""
  for _ in $(seq 1 100); do
    base=$(sed -n 's|^easel: serving on \(http://127.0.0.1:[0-9]*\)$|\1|p' "$tmp/serve.out")
    [ -n "$base" ] && return 0
    sleep 0.1
  done
  echo "easel serve did not start"
  cat "$tmp/serve.log"
  exit 1
}
