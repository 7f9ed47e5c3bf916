#!/usr/bin/env bash
# Make a PostgreSQL 15 server available on 127.0.0.1 for the tests, idempotently (Debian 12,
# as root or through sudo; no systemd needed): install it if missing, create and start cluster
# 15/main, wait until it accepts connections (30 s at most), create role easel (password
# easel) and database easel_test owned by it. Prints exactly one line on stdout, the URL:
#   postgresql://easel:easel@127.0.0.1:5432/easel_test
# Everything else goes to stderr. Stop or restart it with scripts/pg-restart.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2 # stdout carries the URL only

. scripts/pg_lib.sh # detached (the working folder is the source tree, above)

version=15
cluster=main
if [ "$(id -u)" = 0 ]; then
  sudo=()
  as_postgres() { (cd / && runuser -u postgres -- "$@"); }
else
  sudo=(sudo)
  as_postgres() { (cd / && sudo -u postgres "$@"); }
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! installed "postgresql-$version"; then
  scripts/install-deps.sh # the package list lives there
fi

cluster_port() {
  pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}'
}
if [ -z "$(cluster_port)" ]; then
  echo "creating cluster $version/$cluster"
  "${sudo[@]}" pg_createcluster "$version" "$cluster"
fi
port=$(cluster_port)

if ! "${sudo[@]}" pg_ctlcluster "$version" "$cluster" status >/dev/null 2>&1; then
  echo "starting cluster $version/$cluster on port $port"
  detached "${sudo[@]}" pg_ctlcluster "$version" "$cluster" start
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$port"; then
    break
  fi
  sleep 1
done
if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
  echo "pg-start: PostgreSQL $version/$cluster is not accepting connections on" \
    "127.0.0.1:$port after 30 s"
  "${sudo[@]}" tail -n 20 "/var/log/postgresql/postgresql-$version-$cluster.log" || true
  exit 1
fi

# The password is (re)set every time, so a role left with another one still works.
as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'easel') THEN
    CREATE ROLE easel LOGIN CREATEDB PASSWORD 'easel';
  ELSE
    ALTER ROLE easel LOGIN CREATEDB PASSWORD 'easel';
  END IF;
END
$$;
SELECT 'CREATE DATABASE easel_test OWNER easel'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'easel_test') \gexec
SQL

echo "postgresql://easel:easel@127.0.0.1:$port/easel_test" >&3
