# shellcheck shell=bash
# Shell helpers shared by the CLI tests that run a suite on SQLite and PostgreSQL (cli.store,
# cli.group, cli.artwork, cli.ux): sourced after the caller sets easel. cli_test_setup makes
# $tmp (removed at exit), $pass and $fail at 0, and $schema (a PostgreSQL schema dropped at exit
# when set). Results go to $pass / $fail.
cli_test_setup() {
  tmp=$(mktemp -d)
  pass=0
  fail=0
  schema=""
  trap cli_test_cleanup EXIT
}
cli_test_cleanup() {
  rm -rf "$tmp"
  if [ -n "$schema" ]; then psql -q "$EASEL_TEST_PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1; fi
}

check() { # NAME WANT-CODE GOT-CODE
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1 (exit $3, want $2)"; sed 's/^/  /' "$tmp/err" | head -3; fi
}
run() { # NAME CODE -- args (easel with EASEL_DB and EASEL_USER set): stdout in $tmp/out, stderr in $tmp/err
  local name=$1 code=$2
  shift 3
  "$easel" "$@" >"$tmp/out" 2>"$tmp/err"
  check "$name" "$code" $?
}
