# Shell helpers shared by the web API tests: sourced first (easel and src are set by the caller or
# by web_test_setup EASEL SOURCE_DIR); web_test_setup makes tmp, pass, fail, schema and pids and
# cleans them up at exit. Results go to $pass / $fail.
# web_test_setup: what most web tests start with: $tmp (removed at exit), $pass and $fail at 0,
# $schema (a PostgreSQL schema dropped at exit when set) and $pids (servers stopped at exit)
# web_test_setup [EASEL [SOURCE_DIR]]: also sets $easel and $src from the test's arguments
web_test_setup() {
  if [ $# -ge 1 ]; then easel=$1; fi
  if [ $# -ge 2 ]; then src=$2; fi
  tmp=$(mktemp -d)
  pass=0
  fail=0
  schema=""
  pids=()
  trap web_test_cleanup EXIT
}
web_test_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  if [ -n "$schema" ]; then psql -q "$EASEL_TEST_PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1; fi
  rm -rf "$tmp"
}

# $AUDITED: the audit rows, sealed or still waiting to be sealed (easel serve seals reads in
# batches, docs/store.md), for `SELECT ... FROM $AUDITED`
AUDITED="(SELECT id, at, actor, action, record_type, record_id FROM audit_log UNION ALL SELECT id, at, actor, action, record_type, record_id FROM audit_pending) AS a"

J=(-H 'Content-Type: application/json') # curl args: a JSON body

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # NAME WANT GOT
  if [ "$2" = "$3" ]; then ok; else bad "$1 (got $3, want $2)"; head -c 300 "$tmp/body" 2>/dev/null | sed 's/^/  /'; echo; fi
}

# start_server NAME DB [options...]: starts `easel serve --listen 127.0.0.1:0`, sets $port
start_server() {
  local name=$1 db=$2
  shift 2
  # removed first: the server's shell truncates the file only once it runs, and a name used
  # before would show the earlier server's port to the loop below
  rm -f "$tmp/$name.out" "$tmp/$name.log"
  "$easel" serve --db "$db" --listen 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
  pids+=($!)
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|^easel: serving on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/$name.out" 2>/dev/null)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "server $name did not start:"; cat "$tmp/$name.log"
  return 1
}

# req NAME WANT METHOD PATH [curl args...]: one request to $base; body in $tmp/body, headers
# in $tmp/hdr
req() {
  local name=$1 want=$2 method=$3 path=$4
  shift 4
  local got
  got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' -X "$method" "$@" "$base$path")
  check "$name" "$want" "$got"
}
json() { # JSON-BODY-CONTAINS NAME TEXT
  if grep -qF -- "$2" "$tmp/body"; then ok; else bad "$1: body lacks $2"; head -c 300 "$tmp/body" | sed 's/^/  /'; echo; fi
}
header() { # NAME REGEX (case-insensitive, in $tmp/hdr)
  if tr -d '\r' <"$tmp/hdr" | grep -qiE -- "$2"; then ok; else bad "$1: no header matching $2"; fi
}

# sign_in LOGIN PASSWORD: sets cookie_LOGIN (the Cookie header) and csrf_LOGIN
sign_in() {
  local got
  got=$(curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"login\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/session")
  check "sign in $1" 200 "$got"
  local token csrf
  token=$(tr -d '\r' <"$tmp/hdr" | sed -n 's/^Set-Cookie: easel_session=\([^;]*\);.*/\1/ip')
  csrf=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$tmp/body")
  printf -v "cookie_${1//-/_}" '%s' "easel_session=$token"
  printf -v "csrf_${1//-/_}" '%s' "$csrf"
}
as() { # LOGIN: curl args for a signed-in user (cookie + CSRF header)
  local c="cookie_${1//-/_}" x="csrf_${1//-/_}"
  printf '%s\n' -H "Cookie: ${!c}" -H "X-CSRF-Token: ${!x}"
}


# web_require TOOL...: exit 77 (skipped) when a tool the test needs is not installed
web_require() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "SKIP: $t is not installed (scripts/install-deps.sh)"; exit 77; }
  done
}

# seed_users PASSWORD LOGIN:ROLE...: `easel init`, then each user with that password, through
# the CLI (EASEL_DB and EASEL_USER set by the caller); non-zero when any step failed
seed_users() {
  local pw=$1 u e=0
  shift
  "$easel" init >/dev/null || e=1
  for u in "$@"; do
    "$easel" user add --login "${u%%:*}" --name "User ${u%%:*}" --role "${u#*:}" >/dev/null || e=1
    printf '%s\n' "$pw" | "$easel" user passwd "${u%%:*}" >/dev/null || e=1
  done
  return $e
}

# sql DB STATEMENT: run SQL directly on the database under test (sqlite:FILE or a PostgreSQL URL)
sql() {
  case "$1" in
    postgresql://*) psql -q -t -A "$1" -c "$2" ;;
    *) sqlite3 "${1#sqlite:}" "$2" ;;
  esac
}

# web_suites NAME SQLITE-FILE: the caller's `suite DB-URL LABEL` on SQLite, then, with
# EASEL_TEST_PG, on a new PostgreSQL schema NAME<pid> (dropped at exit); without it the
# PostgreSQL half is said to be skipped and web_test_end exits 77
web_suites() {
  suite "sqlite:$2" sqlite
  if [ -n "${EASEL_TEST_PG:-}" ]; then
    schema="$1$$"
    psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
    local sep="?"
    case "$EASEL_TEST_PG" in *\?*) sep="&" ;; esac
    suite "${EASEL_TEST_PG}${sep}options=-csearch_path%3D${schema}" postgresql
  else
    echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half did not run"
    pg_skipped=1
  fi
}

# web_test_end: prints the counts; exits 1 on a failure, and 77 (ctest: SKIP_RETURN_CODE) when
# a half did not run: a skipped half is never reported as passed
web_test_end() {
  echo "$pass passed, $fail failed"
  [ "$fail" = 0 ] || exit 1
  [ -z "${pg_skipped:-}" ] || exit 77
  exit 0
}
