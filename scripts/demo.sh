#!/usr/bin/env bash
# Set everything up and run easel's main job on demo data: build the release preset, check the
# knowledge base, fill a fresh demo database with a synthetic practice (`easel demo`), add demo
# accounts (a therapist and a supervisor on every demo client's care team, and an
# administrator), check the audit log, then serve the web application on the demo practice
# (`easel serve`) until Ctrl-C. The last lines are the demo sign-in and the server's address;
# request logs go to demo-serve.log beside the database (EASEL_DEMO_LOGS=1: to the terminal).
#
# The demo database is $EASEL_DB when set, else ${XDG_DATA_HOME:-~/.local/share}/easel/demo.db.
# A SQLite file there is deleted first so the script can be run again, but only when every
# client in it is a demo client (demo-NNNN): a database holding anything else is left alone and
# the script stops. A PostgreSQL URL is never dropped: it must be empty (easel demo refuses a
# database with clients).
# EASEL_LISTEN (default 127.0.0.1:8080; port 0 picks a free one) is where the server listens.
# EASEL_BIN, when set, is the easel binary to use: nothing is installed or built (the tests).
# The demo passwords are printed: they protect synthetic data on loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${EASEL_BIN:-}" ]; then
  easel=$EASEL_BIN
else
  scripts/install-deps.sh
  cmake --preset release >/dev/null
  cmake --build --preset release >/dev/null
  easel=build/release/easel
fi
"$easel" kb check

data="${XDG_DATA_HOME:-${HOME:-.}/.local/share}/easel"
db="${EASEL_DB:-$data/demo.db}"
case "$db" in
postgres://* | postgresql://*) ;;
*)
  db="${db#sqlite:}"
  if [ -e "$db" ]; then
    # read-only: nothing is created or migrated in a file that is not an easel database
    if ! refs=$(sqlite3 -readonly "$db" "SELECT ref FROM clients" 2>/dev/null); then
      echo "demo.sh: $db exists and is not an easel database; not deleting it" >&2
      echo "demo.sh: set EASEL_DB to another path" >&2
      exit 1
    fi
    if grep -qvE '^demo-[0-9]+$' <<<"$refs"; then
      echo "demo.sh: $db holds clients that are not demo clients; not deleting it" >&2
      echo "demo.sh: set EASEL_DB to another path" >&2
      exit 1
    fi
  fi
  mkdir -p "$(dirname "$db")"
  rm -f "$db" "$db-wal" "$db-shm"
  ;;
esac

echo
# dated as of today: clients partway through their programs, a few plans due for review; the
# notes are written (and most signed) by the demo therapist, who can sign the drafts left
EASEL_USER=therapist "$easel" demo --db "$db" --today "$(date -u +%F)"
# demo accounts; the people are fictional, like the clients
password=easel-demo-2026
export EASEL_USER=demo-setup
"$easel" user add --db "$db" --login therapist --name "Demo Therapist" --role therapist >/dev/null
"$easel" user add --db "$db" --login supervisor --name "Demo Supervisor" --role supervisor >/dev/null
"$easel" user add --db "$db" --login admin --name "Demo Administrator" --role admin >/dev/null
for u in therapist supervisor admin; do
  printf '%s\n' "$password" | "$easel" user passwd --db "$db" "$u" >/dev/null
done
for ref in $("$easel" client list --db "$db" | awk '$1 ~ /^demo-[0-9]+$/ {print $1}'); do
  "$easel" team add --db "$db" "$ref" therapist --role therapist >/dev/null
  "$easel" team add --db "$db" "$ref" supervisor --role supervisor >/dev/null
done
unset EASEL_USER
"$easel" audit verify --db "$db" >/dev/null
# request logs (method, route, status) go to a file unless EASEL_DEMO_LOGS=1 asks for them here
log="$(dirname "${db#sqlite:}")/demo-serve.log"
case "$db" in postgres://* | postgresql://*) log="${TMPDIR:-/tmp}/easel-demo-serve.log" ;; esac
echo
echo "demo database: $db"
[ "${EASEL_DEMO_LOGS:-0}" = 1 ] || echo "server log: $log"
echo "try: $easel plan examples/outpatient-complex-trauma.json   (the engine on a profile file)"
echo "stop the server with Ctrl-C"
echo "demo sign-in: therapist / $password   (also supervisor and admin, same password)"
# --insecure-cookies: the browser talks plain http to loopback here; behind TLS leave it out.
# The server's own last line is its address.
if [ "${EASEL_DEMO_LOGS:-0}" = 1 ]; then
  exec "$easel" serve --db "$db" --listen "${EASEL_LISTEN:-127.0.0.1:8080}" --insecure-cookies
fi
exec "$easel" serve --db "$db" --listen "${EASEL_LISTEN:-127.0.0.1:8080}" --insecure-cookies \
  2>>"$log"
