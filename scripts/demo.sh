#!/usr/bin/env bash
# Set everything up and run easel's main job on demo data: build the release preset, check the
# knowledge base, fill a fresh demo database with a synthetic practice (`easel demo`), show its
# clients, one stored plan and the audit check, then propose a treatment plan for a synthetic
# client (26, complex trauma, outpatient; or the profile given as $1).
#
# The demo database is $EASEL_DB when set, else ${XDG_DATA_HOME:-~/.local/share}/easel/demo.db.
# A SQLite file there is deleted first so the script can be run again, but only when every
# client in it is a demo client (demo-NNNN): a database holding anything else is left alone and
# the script stops. A PostgreSQL URL is never dropped: it must be empty (easel demo refuses a
# database with clients).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
easel=build/release/easel
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
"$easel" demo --db "$db"
echo
echo "== easel client list"
"$easel" client list --db "$db"
echo
echo "== easel plan show demo-0004 (the first 40 lines, cut at 150 columns)"
plan=$("$easel" plan show demo-0004 --db "$db")
head -40 <<<"$plan" | cut -c1-150
echo "... (all of it: $easel plan show demo-0004 --db $db)"
echo
echo "== easel audit verify"
"$easel" audit verify --db "$db"
echo
echo "demo database: $db"
echo
build/release/easel plan "${1:-examples/outpatient-complex-trauma.json}"
