#!/usr/bin/env bash
# The HTTP JSON API end to end (docs/api.md): real `easel serve` processes, real HTTP with the
# curl CLI, on SQLite and (when EASEL_TEST_PG is set) on PostgreSQL in a fresh schema: sign-in,
# rate limiting, CSRF, the authorisation matrix, idle logoff, body limits, malformed input,
# routes, security headers; then two servers on one PostgreSQL schema sharing sessions and
# sign-in failures. Servers are killed on exit.
# Usage: web_api_test.sh EASEL SOURCE_DIR
set -u
. "$(dirname "$0")/web_lib.sh"
web_test_setup "$@"

# ok, bad, check, start_server, req, json, header, sign_in, as

PW=correct-horse-battery
phq_ok='{"instrument":"phq-9","date":"2026-12-08","answers":[1,1,1,1,1,1,0,0,0]}'

seed() { # DB: users with passwords, clients, care teams, a profile, measures (through the CLI)
  export EASEL_DB=$1 EASEL_USER=seed
  local e=0
  seed_users "$PW" adm:admin ther1:therapist ther2:therapist sup1:supervisor team1:team rl:therapist idle1:therapist || e=1
  "$easel" user add --login nopw --name "User nopw" --role therapist >/dev/null || e=1
  "$easel" client add --ref demo-outpatient-01 --name "Ada Synthetic" --setting outpatient >/dev/null || e=1
  "$easel" client add --ref c-other --name "Bea Synthetic" --setting school >/dev/null || e=1
  for t in ther1 sup1 team1 idle1; do "$easel" team add demo-outpatient-01 "$t" >/dev/null || e=1; done
  "$easel" team add c-other ther2 >/dev/null || e=1
  "$easel" profile set demo-outpatient-01 "$src/examples/outpatient-complex-trauma.json" >/dev/null || e=1
  "$easel" measure add demo-outpatient-01 phq-9 2,2,2,1,1,1,1,1,0 --date 2026-12-01 >/dev/null || e=1
  "$easel" measure add c-other phq-9 1,1,1,1,1,1,1,1,0 --date 2026-12-01 >/dev/null || e=1
  check "seed through the CLI" 0 $e
  printf 'short\n' | "$easel" user passwd rl >/dev/null 2>&1
  check "passwd refuses a short password" 3 $?
  printf '%s\n' "$PW" | "$easel" user passwd nobody >/dev/null 2>&1
  check "passwd for an unknown user" 6 $?
  unset EASEL_DB EASEL_USER
}

suite() { # DB-URL LABEL
  local db=$1 L=$2
  seed "$db"
  start_server "$L" "$db" --insecure-cookies || { bad "$L: server start"; return; }
  base="http://127.0.0.1:$port"

  # --- sign-in ---
  sign_in ther1 "$PW"
  header "$L cookie attributes" '^Set-Cookie: easel_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$'
  json "$L sign-in answer" '"login":"ther1","role":"therapist"'
  for u in ther2 sup1 team1 adm; do sign_in "$u" "$PW"; done
  req "$L wrong password" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ther1","password":"nope-nope"}'
  json "$L wrong password message" '"error":"wrong login or password"'
  req "$L unknown login" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ghost","password":"nope-nope"}'
  req "$L user without password" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"nopw","password":"anything1"}'
  # failed sign-ins are audited (the attempts table is purged after its window; the log is not)
  check "$L failed sign-ins audited" 3 "$(sql "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed'")"
  check "$L the login tried is recorded" 1 "$(sql "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'sign-in-failed' AND record_id = 'ghost'")"
  req "$L missing password" 400 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ther1"}'
  json "$L missing password names the field" '"field":"password"'

  # --- rate limit: five failures, then 429 even with the right password ---
  for i in 1 2 3 4 5; do
    req "$L rl bad attempt $i" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"rl","password":"wrong-wrong"}'
  done
  req "$L rl 6th attempt" 429 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"rl","password":"wrong-wrong"}'
  header "$L 429 Retry-After" '^Retry-After: [0-9]+$'
  req "$L rl right password still limited" 429 POST /api/v1/session -H 'Content-Type: application/json' -d "{\"login\":\"rl\",\"password\":\"$PW\"}"

  # --- the authorisation matrix: endpoint x role x own/other client ---
  # own = demo-outpatient-01 (team: ther1, sup1, team1, idle1), other = c-other (team: ther2);
  # adm is on no team: the privacy rule refuses administrators too. "-" = not signed in.
  # Each row: an endpoint and what each role gets ("." = not asked); asked role by role, in the
  # order of the columns.
  local matrix roles=(- adm ther1 sup1 team1 ther2) col who method path want row cells
  matrix=$(
    cat <<'EOF'
# method path                                        -    adm  ther1 sup1 team1 ther2
GET    /api/v1/me                                    401  200  200   200  200   .
GET    /api/v1/clients                               401  200  200   200  200   .
GET    /api/v1/clients/demo-outpatient-01            401  403  200   200  200   403
GET    /api/v1/clients/c-other                       .    403  403   403  403   200
GET    /api/v1/clients/no-such-client                .    .    403   .    .     .
GET    /api/v1/clients/demo-outpatient-01/progress   401  403  200   200  200   .
GET    /api/v1/clients/c-other/progress              .    403  403   403  403   200
POST   /api/v1/clients/demo-outpatient-01/measures   401  403  201   201  403   403
POST   /api/v1/clients/c-other/measures              .    403  403   403  403   201
EOF
  )
  for col in "${!roles[@]}"; do
    who=${roles[$col]}
    while read -r method path row; do
      case "$method" in \#*) continue ;; esac
      read -ra cells <<<"$row"
      want=${cells[$col]}
      [ "$want" = . ] && continue
      args=()
      if [ "$who" != - ]; then mapfile -t args < <(as "$who"); fi
      if [ "$method" = POST ]; then args+=(-H 'Content-Type: application/json' -d "$phq_ok"); fi
      req "$L matrix $who $method $path" "$want" "$method" "$path" "${args[@]}"
    done <<<"$matrix"
  done
  mapfile -t A < <(as adm); req "$L admin caseload lists every client" 200 GET /api/v1/clients "${A[@]}"
  json "$L admin sees own" demo-outpatient-01; json "$L admin sees other" c-other
  mapfile -t T < <(as ther1); req "$L therapist caseload" 200 GET /api/v1/clients "${T[@]}"
  json "$L therapist sees own" demo-outpatient-01
  if grep -q c-other "$tmp/body"; then bad "$L therapist caseload shows another team's client"; else ok; fi
  req "$L caseload match" 200 GET '/api/v1/clients?match=ada&limit=5' "${T[@]}"
  json "$L caseload match finds" '"name":"Ada Synthetic"'
  req "$L unknown query parameter" 400 GET '/api/v1/clients?sort=name' "${T[@]}"
  json "$L unknown query parameter named" '"field":"sort"'
  req "$L bad limit" 400 GET '/api/v1/clients?limit=0' "${T[@]}"
  req "$L bad escape in query" 400 GET '/api/v1/clients?match=%zz' "${T[@]}"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'refused'")
  [ "${n:-0}" -ge 10 ] && ok || bad "$L refusals are audited (got ${n:-none})"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'read' AND actor = 'ther1'")
  [ "${n:-0}" -ge 4 ] && ok || bad "$L reads are audited under the user's login (got ${n:-none})"

  # --- the chart, measures and progress ---
  req "$L chart" 200 GET /api/v1/clients/demo-outpatient-01 "${T[@]}"
  for k in '"client":{' '"name":"Ada Synthetic"' '"care_team":[' '"profile":{"body":{' '"plan":null' '"sessions":[' '"measures":[' '"total_x100":1100'; do
    json "$L chart has $k" "$k"
  done
  req "$L measure with risk item" 201 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-15","answers":[1,1,1,1,1,1,0,0,1]}'
  json "$L risk flag on entry" '"risk":true'; json "$L risk item" '"risk_item":9'
  req "$L measure with a blank item" 201 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-14","answers":[1,1,1,1,1,1,0,null,0]}'
  req "$L measure wrong count" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-15","answers":[1,1]}'
  json "$L wrong count names answers" '"field":"answers"'
  req "$L measure out of range" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-15","answers":[9,1,1,1,1,1,0,0,1]}'
  req "$L measure unknown instrument" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"bdi-ii","date":"2026-12-15","answers":[1]}'
  json "$L unknown instrument named" '"field":"instrument"'
  req "$L measure bad date" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-13-15","answers":[1,1,1,1,1,1,0,0,1]}'
  json "$L bad date named" '"field":"date"'
  req "$L measure answers not integers" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-15","answers":["1",1,1,1,1,1,0,0,1]}'
  req "$L progress" 200 GET '/api/v1/clients/demo-outpatient-01/progress?review_after=2' "${T[@]}"
  json "$L progress first" '"first_x100":1100'; json "$L progress risk flag" '"risk_flag":true'
  json "$L progress risk alert" '"kind":"risk-item"'
  EASEL_DB=$db EASEL_USER=ther1 "$easel" progress demo-outpatient-01 --review-after 2 >"$tmp/progress.txt" 2>&1
  grep -q "RISK FLAG" "$tmp/progress.txt" && ok || bad "$L the CLI agrees on the risk flag"
  grep -q "demo-outpatient-01: 5 administrations" "$tmp/progress.txt" && json "$L administrations match the CLI" '"administrations":5' \
    || bad "$L CLI administrations count"

  # --- CSRF ---
  req "$L POST without CSRF" 403 POST /api/v1/clients/demo-outpatient-01/measures -H "Cookie: $cookie_ther1" -H 'Content-Type: application/json' -d "$phq_ok"
  json "$L CSRF error names the header" '"field":"X-CSRF-Token"'
  req "$L POST with a wrong CSRF token" 403 POST /api/v1/clients/demo-outpatient-01/measures -H "Cookie: $cookie_ther1" -H "X-CSRF-Token: ${csrf_ther2}" -H 'Content-Type: application/json' -d "$phq_ok"
  req "$L DELETE session without CSRF" 403 DELETE /api/v1/session -H "Cookie: $cookie_ther1"
  req "$L GET me gives the CSRF token back" 200 GET /api/v1/me "${T[@]}"
  json "$L me csrf" "\"csrf\":\"$csrf_ther1\""

  # --- malformed input, limits, routes ---
  req "$L malformed JSON" 400 POST /api/v1/session -H 'Content-Type: application/json' --data-binary $'{"login": "ther1",\n  "password": }'
  json "$L malformed JSON names line" 'at line 2, column'
  req "$L unknown field" 400 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"ther1","password":"x","admin":true}'
  json "$L unknown field named" '"field":"admin"'
  req "$L duplicate key" 400 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"a","login":"b","password":"x"}'
  req "$L body not an object" 400 POST /api/v1/session -H 'Content-Type: application/json' -d '["ther1"]'
  req "$L unknown field on measures" 400 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' \
    -d '{"instrument":"phq-9","date":"2026-12-15","answers":[1,1,1,1,1,1,0,0,1],"note":"x"}'
  json "$L unknown measures field named" '"field":"note"'
  req "$L not JSON content type" 415 POST /api/v1/session -d 'login=ther1&password=x'
  head -c 1048577 /dev/zero | tr '\0' ' ' >"$tmp/big"
  req "$L body over 1 MiB" 413 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$tmp/big"
  req "$L chunked body over 1 MiB" 413 POST /api/v1/session -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$tmp/big"
  head -c 1048570 /dev/zero | tr '\0' ' ' >"$tmp/almost"
  req "$L body just under 1 MiB is parsed" 400 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$tmp/almost"
  head -c 4096 /dev/urandom >"$tmp/noise"
  req "$L binary noise" 400 POST /api/v1/session -H 'Content-Type: application/json' --data-binary @"$tmp/noise"
  req "$L unknown route" 404 GET /api/v1/nothing
  json "$L 404 body" '"error":"no such endpoint"'
  req "$L unknown static path" 404 GET /nothing.html # GET / is the browser client (web.static)
  req "$L bad client ref" 404 GET /api/v1/clients/Bad_Ref "${T[@]}"
  req "$L wrong method" 405 PUT /api/v1/me
  header "$L 405 Allow" '^Allow: GET$'
  req "$L wrong method on session" 405 GET /api/v1/session
  header "$L 405 Allow session" '^Allow: POST, DELETE$'
  for what in "GET /api/v1/nothing" "GET /api/v1/me" "GET /api/v1/clients/demo-outpatient-01"; do
    req "$L headers on ${what#* }" "$([ "${what#* }" = /api/v1/nothing ] && echo 404 || echo 200)" ${what% *} "${what#* }" "${T[@]}"
    header "$L CSP on ${what#* }" "^Content-Security-Policy: default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'$"
    header "$L nosniff on ${what#* }" '^X-Content-Type-Options: nosniff$'
    header "$L referrer on ${what#* }" '^Referrer-Policy: no-referrer$'
    header "$L no-store on ${what#* }" '^Cache-Control: no-store$'
    header "$L JSON type on ${what#* }" '^Content-Type: application/json'
  done

  # --- idle logoff: the default 30 minutes, judged on the database's last_seen ---
  sign_in idle1 "$PW"
  mapfile -t I < <(as idle1)
  sql "$db" "UPDATE web_sessions SET last_seen = last_seen - 29 * 60000 WHERE login = 'idle1'" >/dev/null
  req "$L 29 minutes idle: still signed in" 200 GET /api/v1/me "${I[@]}"
  sql "$db" "UPDATE web_sessions SET last_seen = last_seen - 31 * 60000 WHERE login = 'idle1'" >/dev/null
  req "$L 31 minutes idle: signed out" 401 GET /api/v1/me "${I[@]}"
  json "$L idle message" 'inactivity'
  n=$(sql "$db" "SELECT COUNT(*) FROM web_sessions WHERE login = 'idle1'")
  check "$L the idle session row is gone" 0 "$n"
  # --idle-minutes is honoured: a second server with 1 minute ends a 2-minute-idle session
  start_server "$L-idle" "$db" --insecure-cookies --idle-minutes 1 || bad "$L idle server start"
  local keep=$base
  base="http://127.0.0.1:$port"
  sign_in idle1 "$PW"; mapfile -t I < <(as idle1)
  sql "$db" "UPDATE web_sessions SET last_seen = last_seen - 2 * 60000 WHERE login = 'idle1'" >/dev/null
  req "$L --idle-minutes 1: 2 minutes idle signs out" 401 GET /api/v1/me "${I[@]}"
  base=$keep

  # --- sign-out ---
  req "$L sign out" 200 DELETE /api/v1/session "${T[@]}"
  header "$L sign out clears the cookie" '^Set-Cookie: easel_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0$'
  req "$L after sign-out" 401 GET /api/v1/me "${T[@]}"
  req "$L garbage cookie" 401 GET /api/v1/me -H 'Cookie: easel_session=../../etc/passwd'

  # --- logs: method, route, status, duration; no client data ---
  if grep -qE 'Ada|Bea|Synthetic|demo-outpatient|c-other|ther1|correct-horse' "$tmp/$L.log"; then
    bad "$L the server log holds client data or logins"; grep -E 'Ada|Synthetic|demo-outpatient|ther1' "$tmp/$L.log" | head -3
  else ok; fi
  grep -qE '^easel serve: GET client 200 [0-9]+ms$' "$tmp/$L.log" && ok || bad "$L log line format"
}

suite "sqlite:$tmp/web.db" sqlite
if [ -n "${EASEL_TEST_PG:-}" ]; then
  schema="web$$"
  psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
  sep="?"; case "$EASEL_TEST_PG" in *\?*) sep="&";; esac
  pg="${EASEL_TEST_PG}${sep}options=-csearch_path%3D${schema}"
  suite "$pg" postgresql

  # two easel servers on one PostgreSQL schema: a session made on A works on B, a sign-out on
  # B ends it on A, and failed sign-ins count across both. A sends Secure cookies (the default).
  start_server pgA "$pg" || bad "server A start"; portA=$port
  start_server pgB "$pg" --insecure-cookies || bad "server B start"; portB=$port
  base="http://127.0.0.1:$portA"
  sign_in ther1 "$PW"
  header "server A sends a Secure cookie by default" '^Set-Cookie: easel_session=[^;]*; HttpOnly; SameSite=Strict; Path=/; Secure$'
  mapfile -t T < <(as ther1)
  base="http://127.0.0.1:$portB"
  req "cookie from A works on B" 200 GET /api/v1/me "${T[@]}"
  req "chart on B" 200 GET /api/v1/clients/demo-outpatient-01 "${T[@]}"
  req "measure on B with A's CSRF token" 201 POST /api/v1/clients/demo-outpatient-01/measures "${T[@]}" -H 'Content-Type: application/json' -d "$phq_ok"
  req "sign out on B" 200 DELETE /api/v1/session "${T[@]}"
  base="http://127.0.0.1:$portA"
  req "signed out on A too" 401 GET /api/v1/me "${T[@]}"
  for i in 1 2 3; do base="http://127.0.0.1:$portA"; req "shared limit: A bad $i" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"sup1","password":"wrong-wrong"}'; done
  for i in 4 5; do base="http://127.0.0.1:$portB"; req "shared limit: B bad $i" 401 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"sup1","password":"wrong-wrong"}'; done
  base="http://127.0.0.1:$portA"
  req "shared limit: 6th on A is 429" 429 POST /api/v1/session -H 'Content-Type: application/json' -d '{"login":"sup1","password":"wrong-wrong"}'
else
  echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half (and the two-server test) did not run"; pg_skipped=1
fi

# a clean shutdown on SIGTERM
start_server term "sqlite:$tmp/web.db" --insecure-cookies
kill -TERM "${pids[-1]}"; wait "${pids[-1]}"; check "SIGTERM stops the server cleanly" 0 $?
grep -q "easel: stopped" "$tmp/term.log" && ok || bad "stop message"

web_test_end
