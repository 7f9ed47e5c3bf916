#!/usr/bin/env bash
# A clinic deployment on one machine (docs/api.md, "Deployment behind nginx"; issue 15): an own
# PostgreSQL 15 cluster, two `easel serve` on two loopback ports against it, and nginx in front
# terminating TLS with a self-signed certificate made at start, with the configuration generated
# from deploy/nginx-easel.conf (its upstreams, listen ports and certificate paths replaced,
# nothing else), so what runs here is the shipped configuration.
#
#   scripts/clinic.sh start  [--dir DIR] [--easel BIN] [--https-port N] [--http-port N]
#   scripts/clinic.sh status [--dir DIR]
#   scripts/clinic.sh stop   [--dir DIR]
#
# start on a new folder makes the clinic; on a folder holding a stopped one it starts it again
# with its data (the same database, admin password and certificate, and unless given the same
# HTTPS and HTTP ports).
#
# DIR (default $EASEL_CLINIC_DIR or /tmp/easel-clinic) holds everything: pg/ (the cluster, its
# socket and log), easel-a.log and easel-b.log (each server's request log), nginx/ (its
# configuration, pid file, logs and temporary files), tls/ (cert.pem, key.pem), db.url and
# admin.password (0600), and clinic.env (the addresses and paths, for the smoke test:
# tests/clinic_test.sh). BIN defaults to $EASEL_BIN, build/release/easel, build/dev/easel, then
# `easel` on PATH. Ports default to free ones on 127.0.0.1. As root, PostgreSQL runs as user
# postgres (initdb refuses root) and nginx's workers as its default user; otherwise everything
# runs as the current user. Nothing is installed (scripts/install-deps.sh does that) and no
# system service is used.
#
# start prints the address, the admin sign-in and the certificate to trust; it fails (and
# stops what it started) when any part does not come up within 30 s. stop ends every process
# the state folder names (TERM, then KILL after 15 s) and leaves the folder; status exits 0 when
# every part runs, 3 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() { echo "clinic: $*" >&2; exit 1; }
usage() { die "usage: scripts/clinic.sh start|stop|status [--dir DIR] [--easel BIN] [--https-port N] [--http-port N]"; }

[ $# -ge 1 ] || usage
cmd=$1
shift
dir=${EASEL_CLINIC_DIR:-/tmp/easel-clinic}
easel=${EASEL_BIN:-}
https_port=0
http_port=0
while [ $# -gt 0 ]; do
  case "$1" in
  --dir) dir=${2:?}; shift 2 ;;
  --easel) easel=${2:?}; shift 2 ;;
  --https-port) https_port=${2:?}; shift 2 ;;
  --http-port) http_port=${2:?}; shift 2 ;;
  *) usage ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pgbin=/usr/lib/postgresql/15/bin
[ -x "$pgbin/initdb" ] || pgbin=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
nginx=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

if [ "$(id -u)" = 0 ]; then
  pg_user=postgres
  as_pg() { (cd / && runuser -u postgres -- "$@"); }
else
  pg_user=$(id -un)
  as_pg() { "$@"; }
fi

# Close every descriptor above 2 of this (sub)shell: a server holding an inherited pipe, such as
# the one of `$(scripts/clinic.sh start)`, would keep that pipe's reader waiting forever (as in
# scripts/pg-start.sh).
close_fds() {
  for fd in "/proc/$BASHPID/fd/"*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}
# Run a command that leaves a daemon behind (pg_ctl, nginx) with stdin from /dev/null.
detached() { (close_fds; exec "$@") </dev/null; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# running PID: the process exists and is not a zombie waiting for a parent that does not reap
running() { [ -r "/proc/$1/stat" ] && ! awk '{exit $3 == "Z" ? 0 : 1}' "/proc/$1/stat" 2>/dev/null; }
alive() { [ -s "$1" ] && running "$(cat "$1")"; }

# stop_pid NAME PIDFILE: TERM, wait up to 15 s, then KILL
stop_pid() {
  local name=$1 f=$2 pid
  [ -s "$f" ] || return 0
  pid=$(cat "$f")
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do running "$pid" || break; sleep 0.1; done
    if running "$pid"; then
      echo "clinic: $name ($pid) did not stop in 15 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$f"
}

stop_all() {
  stop_pid nginx "$dir/nginx/nginx.pid"
  stop_pid "easel server b" "$dir/easel-b.pid"
  stop_pid "easel server a" "$dir/easel-a.pid"
  if [ -s "$dir/pg/data/postmaster.pid" ]; then
    local pid
    pid=$(head -n 1 "$dir/pg/data/postmaster.pid")
    as_pg "$pgbin/pg_ctl" -D "$dir/pg/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      echo "clinic: PostgreSQL did not stop cleanly (see $dir/pg/log)" >&2
    # the pid file goes a moment before the postmaster itself
    for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
  fi
}

status() {
  local down=0
  report() { if "$2"; then echo "$1: running"; else echo "$1: not running"; down=3; fi; }
  pg_up() { [ -s "$dir/pg/data/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; }
  a_up() { alive "$dir/easel-a.pid"; }
  b_up() { alive "$dir/easel-b.pid"; }
  ng_up() { alive "$dir/nginx/nginx.pid"; }
  report postgresql pg_up
  report "easel server a" a_up
  report "easel server b" b_up
  report nginx ng_up
  [ -s "$dir/clinic.env" ] && grep '^CLINIC_URL=' "$dir/clinic.env" | sed 's/^CLINIC_URL=/address: /'
  return $down
}

case "$cmd" in
stop) stop_all; exit 0 ;;
status) status; exit $? ;;
start) ;;
*) usage ;;
esac

# ---- start ----
for f in "$dir/easel-a.pid" "$dir/easel-b.pid" "$dir/nginx/nginx.pid"; do
  alive "$f" && die "already running in $dir (scripts/clinic.sh stop --dir $dir)"
done
if [ -s "$dir/pg/data/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
  die "the PostgreSQL of $dir is running (scripts/clinic.sh stop --dir $dir)"
fi
if [ -z "$easel" ]; then
  for b in build/release/easel build/dev/easel; do
    if [ -x "$b" ]; then easel=$root/$b; break; fi
  done
  [ -n "$easel" ] || easel=$(command -v easel || true)
fi
[ -n "$easel" ] && [ -x "$easel" ] || die "no easel binary (build one, or give --easel BIN)"
for tool in "$pgbin/initdb" "$pgbin/pg_ctl" "$nginx" openssl python3 psql; do
  command -v "$tool" >/dev/null || die "$tool is missing (scripts/install-deps.sh installs it)"
done

started=0
trap 'if [ "$started" != 1 ]; then echo "clinic: start failed; stopping what was started" >&2; stop_all; fi' EXIT
umask 077
# the folder is traversable (not readable) by the PostgreSQL user and nginx's workers
chmod 711 "$dir"
# a folder holding a stopped clinic starts again with its data; anything else starts afresh
fresh=1
if [ -s "$dir/pg/data/PG_VERSION" ] && [ -s "$dir/db.url" ] && [ -s "$dir/admin.password" ]; then
  fresh=0
  old_url=$(grep '^CLINIC_URL=' "$dir/clinic.env" 2>/dev/null | sed 's|.*:\([0-9]*\)$|\1|' || true)
  old_http=$(grep '^CLINIC_HTTP_URL=' "$dir/clinic.env" 2>/dev/null | sed 's|.*:\([0-9]*\)$|\1|' || true)
  [ "$https_port" != 0 ] || https_port=${old_url:-0}
  [ "$http_port" != 0 ] || http_port=${old_http:-0}
  rm -rf "$dir/nginx"
  rm -f "$dir"/easel-?.* "$dir/clinic.env"
else
  rm -rf "$dir/pg" "$dir/nginx" "$dir/tls"
  rm -f "$dir"/easel-?.* "$dir/clinic.env" "$dir/db.url" "$dir/admin.password"
fi
mkdir -p "$dir/pg/run" "$dir/nginx" "$dir/tls"
as_pg test -x "$dir" 2>/dev/null || [ "$pg_user" = "$(id -un)" ] ||
  die "user $pg_user cannot reach $dir: make the folders above it traversable (chmod o+x)"
chmod 711 "$dir/nginx"

# -- PostgreSQL: an own cluster, TCP on loopback (scram-sha-256), the socket in the folder --
if [ "$fresh" = 1 ]; then
  pg_port=$(free_port)
  [ "$pg_user" = "$(id -un)" ] || chown -R "$pg_user" "$dir/pg"
  as_pg "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >"$dir/pg/initdb.log" 2>&1 || { cat "$dir/pg/initdb.log" >&2; false; }
else
  pg_port=$(sed -n 's|^postgresql://[^@]*@127.0.0.1:\([0-9]*\)/.*|\1|p' "$dir/db.url")
  [ -n "$pg_port" ] || die "$dir/db.url: no port"
fi
pg_start=("$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -t 30
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$dir/pg/run")
if [ "$(id -u)" = 0 ]; then
  detached runuser -u postgres -- "${pg_start[@]}" start >/dev/null
else
  detached "${pg_start[@]}" start >/dev/null
fi
if [ "$fresh" = 1 ]; then
  db_pw=$(openssl rand -hex 24)
  as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$dir/pg/run" -p "$pg_port" -U postgres -d postgres \
    -v pw="$db_pw" >/dev/null <<'SQL'
CREATE ROLE easel LOGIN PASSWORD :'pw';
CREATE DATABASE easel OWNER easel;
SQL
  printf '%s\n' "postgresql://easel:$db_pw@127.0.0.1:$pg_port/easel" >"$dir/db.url"
fi
EASEL_DB=$(cat "$dir/db.url")
export EASEL_DB

# -- the record: easel init and an administrator with a random password (a fresh clinic) --
if [ "$fresh" = 1 ]; then
  openssl rand -base64 18 >"$dir/admin.password"
  EASEL_USER=clinic "$easel" init --practice "Clinic" >/dev/null
  EASEL_USER=clinic "$easel" user add --login admin --name "Clinic administrator" --role admin >/dev/null
  EASEL_USER=clinic "$easel" user passwd admin <"$dir/admin.password" >/dev/null
fi

# -- two easel servers: every connection comes from nginx, so the per-address limits are
# nginx's and easel's are raised (docs/api.md, "Limits under attack"); the database URL
# through the environment, not the command line --
start_easel() { # NAME
  # the subshell execs easel, so $! is the server's own pid
  (close_fds; exec "$easel" serve --listen 127.0.0.1:0 --conns-per-address 256 \
    --signins-per-minute 600) </dev/null >"$dir/easel-$1.out" 2>"$dir/easel-$1.log" &
  echo $! >"$dir/easel-$1.pid"
}
easel_port() { # NAME: waits for "serving on" (30 s)
  local p=""
  for _ in $(seq 1 300); do
    p=$(sed -n 's|^easel: serving on http://127.0.0.1:\([0-9]*\)$|\1|p' "$dir/easel-$1.out")
    [ -n "$p" ] && { echo "$p"; return 0; }
    alive "$dir/easel-$1.pid" || break
    sleep 0.1
  done
  echo "clinic: easel server $1 did not start:" >&2
  tail -n 20 "$dir/easel-$1.log" >&2
  return 1
}
start_easel a
start_easel b
port_a=$(easel_port a)
port_b=$(easel_port b)
unset EASEL_DB

# -- TLS: a self-signed certificate for 127.0.0.1 and localhost, made at the first start --
if [ ! -s "$dir/tls/cert.pem" ] || [ ! -s "$dir/tls/key.pem" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
    -subj "/CN=easel clinic (self-signed)" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" 2>"$dir/tls/openssl.log"
fi
chmod 644 "$dir/tls/cert.pem"

# -- nginx: deploy/nginx-easel.conf with this machine's ports and paths --
[ "$https_port" != 0 ] || https_port=$(free_port)
[ "$http_port" != 0 ] || http_port=$(free_port)
# replace PATTERN by TEXT, failing unless PATTERN occurs exactly COUNT times (the shipped file
# changed shape: this script must follow it)
conf=$(cat deploy/nginx-easel.conf)
subst() { # COUNT PATTERN TEXT
  local n
  n=$(grep -cF -- "$2" <<<"$conf" || true)
  [ "$n" = "$1" ] || die "deploy/nginx-easel.conf: expected $1 line(s) with '$2', found $n"
  conf=${conf//"$2"/"$3"}
}
subst 1 "server 127.0.0.1:8081;" "server 127.0.0.1:$port_a;"
subst 1 "server 127.0.0.1:8082;" "server 127.0.0.1:$port_b;"
subst 1 "listen 443 ssl http2;" "listen 127.0.0.1:$https_port ssl http2;"
subst 1 "listen 80;" "listen 127.0.0.1:$http_port;"
subst 1 "/etc/ssl/easel/fullchain.pem" "$dir/tls/cert.pem"
subst 1 "/etc/ssl/easel/privkey.pem" "$dir/tls/key.pem"
subst 1 'return 301 https://$host$request_uri;' "return 301 https://\$host:$https_port\$request_uri;"
printf '%s\n' "$conf" >"$dir/nginx/easel.conf"
cat >"$dir/nginx/nginx.conf" <<EOF
# generated by scripts/clinic.sh from deploy/nginx-easel.conf (included below)
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log;
events { worker_connections 512; }
http {
    log_format easel '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent upstream=\$upstream_addr';
    access_log $dir/nginx/access.log easel;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    default_type application/octet-stream;
    server_tokens off;
    include $dir/nginx/easel.conf;
}
EOF
"$nginx" -t -q -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" 2>"$dir/nginx/test.log" ||
  { cat "$dir/nginx/test.log" >&2; false; }
detached "$nginx" -e "$dir/nginx/error.log" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" >/dev/null 2>"$dir/nginx/stderr.log"
for _ in $(seq 1 300); do
  curl -s -o /dev/null --cacert "$dir/tls/cert.pem" "https://127.0.0.1:$https_port/" && break
  sleep 0.1
done
curl -s -o /dev/null --cacert "$dir/tls/cert.pem" "https://127.0.0.1:$https_port/" ||
  { echo "clinic: nginx does not answer on https://127.0.0.1:$https_port/" >&2; cat "$dir/nginx/error.log" >&2; false; }
started=1

cat >"$dir/clinic.env" <<EOF
CLINIC_URL=https://127.0.0.1:$https_port
CLINIC_HTTP_URL=http://127.0.0.1:$http_port
CLINIC_CACERT=$dir/tls/cert.pem
CLINIC_ADMIN=admin
CLINIC_ADMIN_PASSWORD_FILE=$dir/admin.password
CLINIC_EASEL_A=127.0.0.1:$port_a
CLINIC_EASEL_B=127.0.0.1:$port_b
CLINIC_LOG_A=$dir/easel-a.log
CLINIC_LOG_B=$dir/easel-b.log
CLINIC_NGINX_ACCESS_LOG=$dir/nginx/access.log
CLINIC_PG_PORT=$pg_port
EOF
echo "easel clinic: https://127.0.0.1:$https_port/ (http://127.0.0.1:$http_port/ redirects there)"
echo "  sign in as admin with the password in $dir/admin.password"
echo "  the certificate to trust: $dir/tls/cert.pem (curl --cacert)"
echo "  easel servers on 127.0.0.1:$port_a and 127.0.0.1:$port_b, PostgreSQL on 127.0.0.1:$pg_port"
echo "  stop: scripts/clinic.sh stop --dir $dir"
