#!/usr/bin/env bash
# The group-program endpoints end to end (docs/api.md, docs/groups.md, issue 12): creating a
# program, the roster, the group plan's two views, documenting and signing a session, the
# member's locked copy seen by the member's care team, addenda, attendance, Today; and the
# authorisation matrix of every group endpoint x role: the facilitators see the program, a
# member's care team only that member's copy, nobody else anything. Real `easel serve` and curl,
# on SQLite and (EASEL_TEST_PG) PostgreSQL.
# Usage: web_api_groups_test.sh EASEL SOURCE_DIR
set -u
. "$(dirname "$0")/web_lib.sh"
web_test_setup "$@"

PW=correct-horse-battery
names=("Ann Lindqvist" "Bo Marsh" "Cora Vance")
examples=(inpatient-suicide-risk outpatient-latex-tactile wellness-anxiety)

seed() { # DB
  export EASEL_DB=$1 EASEL_USER=seed
  local e=0
  seed_users "$PW" adm:admin ther1:therapist ther2:therapist ther3:therapist sup1:supervisor team1:team || e=1
  for i in 0 1 2; do
    "$easel" client add --ref "gm-$i" --name "${names[$i]}" --setting inpatient-psychiatry >/dev/null || e=1
    sed "s/\"client\": \"[^\"]*\"/\"client\": \"gm-$i\"/" "$src/examples/${examples[$i]}.json" >"$tmp/p$i.json"
    "$easel" profile set "gm-$i" "$tmp/p$i.json" >/dev/null || e=1
    "$easel" team add "gm-$i" ther1 >/dev/null || e=1
  done
  "$easel" team add gm-1 team1 >/dev/null || e=1
  "$easel" plan generate gm-0 >/dev/null || e=1
  check "seed through the CLI" 0 $e
  unset EASEL_DB EASEL_USER
}

suite() { # DB
  local db=$1
  seed "$db"
  start_server groups "$db" --insecure-cookies || return
  base="http://127.0.0.1:$port"
  for u in adm ther1 ther2 ther3 sup1 team1; do sign_in "$u" "$PW"; done
  mapfile -t T1 < <(as ther1)

  # creating a program
  mapfile -t TM < <(as team1)
  req "team may not create a group" 403 POST /api/v1/groups "${TM[@]}" "${J[@]}" -d '{}'
  req "capacity out of range" 400 POST /api/v1/groups "${T1[@]}" "${J[@]}" -d '{"ref":"g1","name":"Studio","setting":"inpatient-psychiatry","start_date":"2027-01-07","minutes":90,"sessions":6,"capacity":0}'
  json "capacity named" '"field":"capacity"'
  req "unknown setting" 400 POST /api/v1/groups "${T1[@]}" "${J[@]}" -d '{"ref":"g1","name":"Studio","setting":"moon","start_date":"2027-01-07","minutes":90,"sessions":6,"capacity":8}'
  json "setting named" '"field":"setting"'
  req "create" 201 POST /api/v1/groups "${T1[@]}" "${J[@]}" -d '{"ref":"g1","name":"Thursday studio","setting":"inpatient-psychiatry","kind":"open","start_date":"2027-01-07","start_time":"14:00","minutes":90,"sessions":6,"capacity":8,"co_facilitator":"ther2"}'
  req "create again" 409 POST /api/v1/groups "${T1[@]}" "${J[@]}" -d '{"ref":"g1","name":"Again","setting":"inpatient-psychiatry","start_date":"2027-01-07","minutes":90,"sessions":6,"capacity":8}'

  # the roster through the API
  for i in 0 1 2; do
    req "join gm-$i" 201 POST /api/v1/groups/g1/members "${T1[@]}" "${J[@]}" -d "{\"client\":\"gm-$i\",\"start_date\":\"2027-01-07\"}"
  done
  mapfile -t T2 < <(as ther2)
  req "co-facilitator cannot add a client outside their caseload" 400 POST /api/v1/groups/g1/members "${T2[@]}" "${J[@]}" -d '{"client":"gm-0","start_date":"2027-01-20"}'
  json "caseload named" '"field":"client"'

  # the plan: two views
  req "plan (clinician)" 200 GET "/api/v1/groups/g1/plan" "${T1[@]}"
  json "clinician view names a member" '"name":"Ann Lindqvist"'
  json "a safety session outside the group" '"safety_session":true'
  req "plan (group)" 200 GET "/api/v1/groups/g1/plan?view=group" "${T1[@]}"
  for n in "${names[@]}" gm- flag suicid atex; do
    if grep -q -- "$n" "$tmp/body"; then bad "group view contains $n"; else ok; fi
  done
  req "plan with a bad view" 400 GET "/api/v1/groups/g1/plan?view=everyone" "${T1[@]}"

  # documenting session 1
  note='{"number":1,"date":"2027-01-07","minutes":90,"directive":"Shared mural","media":"tempera","themes":"belonging","process":"Ann Lindqvist and Bo Marsh worked side by side.","next_steps":"Continue",
    "members":[{"client":"gm-0","attendance":"attended","note":"Calm; thanked Cora Vance.","ratings":{"1.1":1}},
               {"client":"gm-1","attendance":"late","minutes":50,"note":"Arrived late."},
               {"client":"gm-2","attendance":"absent"}]}'
  bad_note=${note/'"attendance":"absent"'/'"attendance":"absent","note":"x"'}
  req "a note for an absent member" 400 POST /api/v1/groups/g1/sessions "${T1[@]}" "${J[@]}" -d "$bad_note"
  json "absent member's note named" '"field":"members[2].note"'
  req "an unknown key" 400 POST /api/v1/groups/g1/sessions "${T1[@]}" "${J[@]}" -d '{"number":1,"extra":1}'
  req "nothing written after refusals" 200 GET /api/v1/groups/g1/sessions "${T1[@]}"
  json "no sessions yet" '"sessions":[]'
  [ "$(jq -c '.next | [.number, .date]' "$tmp/body")" = '[1,"2027-01-07"]' ]; check "next session is 1 on its date" 0 $?
  req "record" 201 POST /api/v1/groups/g1/sessions "${T1[@]}" "${J[@]}" -d "$note"
  req "sign" 200 POST /api/v1/groups/g1/sessions/1/sign "${T1[@]}"
  json "three copies" '"copies":3'
  req "sign again" 409 POST /api/v1/groups/g1/sessions/1/sign "${T1[@]}"
  req "the signer cannot co-sign" 400 POST /api/v1/groups/g1/sessions/1/cosign "${T1[@]}"
  req "the co-facilitator co-signs" 200 POST /api/v1/groups/g1/sessions/1/cosign "${T2[@]}"
  req "co-sign twice" 409 POST /api/v1/groups/g1/sessions/1/cosign "${T2[@]}"
  req "re-record a signed session" 409 POST /api/v1/groups/g1/sessions "${T1[@]}" "${J[@]}" -d "$note"
  req "sessions" 200 GET /api/v1/groups/g1/sessions "${T1[@]}"
  json "signed" '"status":"signed"'
  [ "$(jq -r ".sessions[0].cosigned_by" "$tmp/body")" = "User ther2" ]; check "co-signed by name" 0 $?
  copy1=$(jq -r '.sessions[0].members[] | select(.ref=="gm-1") | .copy' "$tmp/body")
  copy0=$(jq -r '.sessions[0].members[] | select(.ref=="gm-0") | .copy' "$tmp/body")

  # the member's care team sees that member's locked copy, naming nobody else
  req "team1 reads gm-1's copy" 200 GET "/api/v1/clients/gm-1/sessions/$copy1" "${TM[@]}"
  json "locked group copy" '"locked":true'
  json "the program is named" '"program":"Thursday studio"'
  for n in "Ann Lindqvist" "Cora Vance"; do
    if grep -q -- "$n" "$tmp/body"; then bad "gm-1's copy names $n"; else ok; fi
  done
  json "others by initials" 'A. L.'
  json "the narrative reads as sentences" 'Shared mural. Media: tempera. Themes: belonging. Process:'
  req "team1 cannot read gm-0's copy" 403 GET "/api/v1/clients/gm-0/sessions/$copy0" "${TM[@]}"
  req "team1 cannot add an addendum" 403 POST "/api/v1/clients/gm-1/sessions/$copy1/addenda" "${TM[@]}" "${J[@]}" -d '{"text":"x"}'
  req "ther1 adds an addendum" 201 POST "/api/v1/clients/gm-1/sessions/$copy1/addenda" "${T1[@]}" "${J[@]}" -d '{"text":"Later: asked to keep the mural section."}'
  req "addendum to another client's session" 404 POST "/api/v1/clients/gm-1/sessions/$copy0/addenda" "${T1[@]}" "${J[@]}" -d '{"text":"x"}'
  req "the copy with its addendum" 200 GET "/api/v1/clients/gm-1/sessions/$copy1" "${T1[@]}"
  json "addendum shown" 'Later: asked to keep'

  # attendance and today
  req "attendance" 200 GET /api/v1/groups/g1/attendance "${T1[@]}"
  json "gm-2 absent once" '"absent":1'
  [ "$(jq -c '.program | [.present, .expected, .any, .signed]' "$tmp/body")" = '[2,3,2,1]' ]; check "program counts" 0 $?
  req "today (the group's first day)" 200 GET "/api/v1/today?date=2027-01-07" "${T1[@]}"
  [ "$(jq -c '.items[] | select(.kind=="group") | [.ref, .name, .number, .documented]' "$tmp/body")" = '["g1","Thursday studio",1,true]' ]; check "the group session is due" 0 $?
  req "today with a bad date" 400 GET "/api/v1/today?date=07/01/2027" "${T1[@]}"

  # the program's documents
  req "summary PDF" 200 GET "/api/v1/groups/g1/report?kind=summary" "${T1[@]}"
  header "a PDF" '^Content-Type: application/pdf'
  header "named by the program's ref" 'filename="group-summary-g1.pdf"'
  req "supplies CSV" 200 GET "/api/v1/groups/g1/report?kind=supplies&format=csv" "${T1[@]}"
  for n in "${names[@]}" gm-; do
    if grep -q -- "$n" "$tmp/body"; then bad "supplies CSV contains $n"; else ok; fi
  done
  req "summary as CSV" 400 GET "/api/v1/groups/g1/report?kind=summary&format=csv" "${T1[@]}"
  req "unknown kind" 400 GET "/api/v1/groups/g1/report?kind=plan" "${T1[@]}"
  req "a client's report cannot be a group summary" 400 GET "/api/v1/clients/gm-0/report?kind=group-summary" "${T1[@]}"

  # the authorisation matrix: every group endpoint x role (lead, co-facilitator, outsider
  # therapist, supervisor, a member's care team, admin)
  for u in ther1 ther2 ther3 sup1 team1 adm; do
    case $u in ther1 | ther2) want=200 ;; *) want=403 ;; esac
    mapfile -t U < <(as "$u")
    for path in /api/v1/groups/g1 /api/v1/groups/g1/plan "/api/v1/groups/g1/plan?view=group" /api/v1/groups/g1/sessions /api/v1/groups/g1/attendance "/api/v1/groups/g1/report?kind=summary" "/api/v1/groups/g1/report?kind=supplies"; do
      req "$u GET $path" "$want" GET "$path" "${U[@]}"
    done
    case $u in ther1 | ther2) wantw=404 ;; *) wantw=403 ;; esac
    req "$u POST members" "$wantw" POST /api/v1/groups/g1/members "${U[@]}" "${J[@]}" -d '{"client":"nobody","start_date":"2027-02-01"}'
    case $u in ther1 | ther2) wantw=400 ;; *) wantw=403 ;; esac
    req "$u POST sessions" "$wantw" POST /api/v1/groups/g1/sessions "${U[@]}" "${J[@]}" -d '{"number":2}'
    case $u in ther1 | ther2) wants=404 ;; *) wants=403 ;; esac
    req "$u POST sign" "$wants" POST /api/v1/groups/g1/sessions/5/sign "${U[@]}"
    req "$u POST cosign" "$wants" POST /api/v1/groups/g1/sessions/5/cosign "${U[@]}"
    req "$u GET an unknown group" 403 GET /api/v1/groups/nope "${U[@]}"
  done
  mapfile -t T3 < <(as ther3)
  req "ther3 lists no groups" 200 GET /api/v1/groups "${T3[@]}"
  json "empty list" '"groups":[]'
  req "ther2 lists the group" 200 GET /api/v1/groups "${T2[@]}"
  json "co-facilitated" '"ref":"g1"'
  req "unauthenticated" 401 GET /api/v1/groups/g1
  req "POST without CSRF" 403 POST /api/v1/groups/g1/sessions/1/sign -H "Cookie: $cookie_ther1"

  # the program's five other sessions signed at the same moment, on the server's threads: each
  # member's copy says its own session's attendance (the copies are written before the store's
  # write transaction, so under ThreadSanitizer this is where shared state in signing shows)
  local dates=("" "" 2027-01-14 2027-01-21 2027-01-28 2027-02-04 2027-02-11) signers=() n c want
  for n in 2 3 4 5 6; do
    req "record session $n" 201 POST /api/v1/groups/g1/sessions "${T1[@]}" "${J[@]}" -d "{\"number\":$n,\"date\":\"${dates[$n]}\",\"minutes\":90,\"directive\":\"Clay\",\"members\":[{\"client\":\"gm-0\",\"attendance\":\"attended\"},{\"client\":\"gm-1\",\"attendance\":\"late\",\"minutes\":$((n * 10))},{\"client\":\"gm-2\",\"attendance\":\"absent\"}]}"
  done
  for n in 2 3 4 5 6; do
    curl -s -o /dev/null -w '%{http_code}' -X POST "${T1[@]}" "$base/api/v1/groups/g1/sessions/$n/sign" >"$tmp/sign$n.code" &
    signers+=($!)
  done
  wait "${signers[@]}"
  for n in 2 3 4 5 6; do check "session $n signed alongside the others" 200 "$(cat "$tmp/sign$n.code")"; done
  req "sessions after the concurrent signing" 200 GET /api/v1/groups/g1/sessions "${T1[@]}"
  cp "$tmp/body" "$tmp/sessions.json"
  for n in 2 3 4 5 6; do
    for m in gm-0 gm-1 gm-2; do
      case $m in
      gm-0) want="Attended the whole session (90 minutes)." ;;
      gm-1) want="Arrived late: $((n * 10)) of 90 minutes." ;;
      gm-2) want="Did not attend." ;;
      esac
      c=$(jq -r ".sessions[] | select(.number==$n) | .members[] | select(.ref==\"$m\") | .copy" "$tmp/sessions.json")
      req "$m's copy of session $n" 200 GET "/api/v1/clients/$m/sessions/$c" "${T1[@]}"
      json "$m's copy of session $n says its own attendance" "$want"
    done
  done

  EASEL_DB=$db EASEL_USER=seed "$easel" audit verify >/dev/null; check "audit chain intact" 0 $?
}

suite "$tmp/groups.db"
if [ -n "${EASEL_TEST_PG:-}" ]; then
  schema="easel_wgroup_$$"
  psql -q "$EASEL_TEST_PG" -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'
  case "$EASEL_TEST_PG" in *\?*) sep='&' ;; esac
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  suite "$EASEL_TEST_PG${sep}options=-csearch_path%3D$schema"
else
  echo "SKIP: EASEL_TEST_PG not set: the PostgreSQL half did not run"
  pg_skipped=1
fi
echo -n "web_api_groups_test: "
web_test_end
