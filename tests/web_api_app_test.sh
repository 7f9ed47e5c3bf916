#!/usr/bin/env bash
# The web API's record endpoints end to end (docs/api.md, issue 5): clients and profiles, plans
# (generate, read, versions, diff, edit with the safety check, sign, co-sign, explain), the KB
# lists (with a clinic's overlay item), sessions and notes, artworks (multipart upload of a real
# PNG, consent-gated download, limits), risk acknowledgement and the dashboard alerts, users and
# care teams, and the authorisation matrix of every new endpoint x role x own/other client.
# Real `easel serve` processes and curl, on SQLite and (EASEL_TEST_PG) PostgreSQL.
# Usage: web_api_app_test.sh EASEL SOURCE_DIR
set -u
. "$(dirname "$0")/web_lib.sh"
web_test_setup "$@"

PW=correct-horse-battery
C=demo-outpatient-01
# a 1x1 PNG, written from its bytes (no image tools needed)
base64 -d >"$tmp/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
# the clinic's own intervention: a shipped one under a new id
mkdir -p "$tmp/overlay/interventions"
sed 's/"id": *"grounding-5-4-3-2-1"/"id": "clinic-grounding-walk"/' "$src/kb/interventions/grounding-5-4-3-2-1.json" \
  >"$tmp/overlay/interventions/clinic-grounding-walk.json"

seed() { # DB
  export EASEL_DB=$1 EASEL_USER=seed
  local e=0
  seed_users "$PW" adm:admin ther1:therapist ther2:therapist sup1:supervisor sup2:supervisor team1:team || e=1
  "$easel" client add --ref $C --name "Ada Synthetic" --setting outpatient >/dev/null || e=1
  "$easel" client add --ref c-other --name "Bea Synthetic" --setting school >/dev/null || e=1
  for t in ther1 sup1 sup2 team1; do "$easel" team add $C "$t" >/dev/null || e=1; done
  "$easel" team add c-other ther2 >/dev/null || e=1
  "$easel" profile set $C "$src/examples/outpatient-complex-trauma.json" >/dev/null || e=1
  "$easel" measure add $C phq-9 2,2,2,1,1,1,1,1,0 --date 2026-12-01 >/dev/null || e=1
  "$easel" measure add $C phq-9 1,1,1,1,1,1,0,0,1 --date 2026-12-15 >/dev/null || e=1
  "$easel" gas add $C 1.1 --description "Synthetic scale one" >/dev/null || e=1
  "$easel" gas add $C 2.1 --description "Synthetic scale two" >/dev/null || e=1
  "$easel" gas rate $C 1.1 -1 --date 2026-12-01 >/dev/null || e=1
  "$easel" gas rate $C 1.1 1 --date 2026-12-15 >/dev/null || e=1
  "$easel" gas rate $C 2.1 0 --date 2026-12-15 >/dev/null || e=1
  check "seed through the CLI" 0 $e
  unset EASEL_DB EASEL_USER
}

jget() { jq -r "$1" "$tmp/body"; } # FILTER: a value of the last answer

# refusals METHOD PATH FROM: for each row on stdin, NAME|WANT|FIELD|NAMED-CHECK|FILTER, FROM (a
# JSON file) changed by the jq FILTER is sent by ther1 ($T) and answered WANT naming FIELD
refusals() {
  local method=$1 path=$2 from=$3 name want field named filter
  while IFS='|' read -r name want field named filter; do
    jq "$filter" "$from" >"$tmp/refused.json"
    req "$L $name" "$want" "$method" "$path" "${T[@]}" "${J[@]}" --data-binary @"$tmp/refused.json"
    json "$L $named" "\"field\":\"$field\""
  done
}

suite() { # DB-URL LABEL
  local db=$1 L=$2
  seed "$db"
  start_server "$L" "$db" --insecure-cookies --kb-overlay "$tmp/overlay" || { bad "$L: server start"; return; }
  base="http://127.0.0.1:$port"
  for u in adm ther1 ther2 sup1 sup2 team1; do sign_in "$u" "$PW"; done
  mapfile -t T < <(as ther1); mapfile -t S < <(as sup1); mapfile -t A < <(as adm)
  mapfile -t TM < <(as team1); mapfile -t T2 < <(as ther2); mapfile -t S2 < <(as sup2)

  # --- the KB lists; the clinic's overlay item is marked ---
  req "$L kb interventions" 200 GET /api/v1/kb/interventions "${TM[@]}"
  check "$L clinic item marked" true "$(jget '.interventions[] | select(.id=="clinic-grounding-walk") | .clinic')"
  check "$L shipped item not marked" false "$(jget '.interventions[] | select(.id=="grounding-5-4-3-2-1") | .clinic')"
  req "$L kb settings" 200 GET /api/v1/kb/settings "${T[@]}"; json "$L settings list" '"id":"outpatient"'
  req "$L kb instruments" 200 GET /api/v1/kb/instruments "${T[@]}"
  check "$L phq-9 risk item" 9 "$(jget '.instruments[] | select(.id=="phq-9") | .risk_item')"
  check "$L phq-9 items" 9 "$(jget '.instruments[] | select(.id=="phq-9") | .labels | length')"
  req "$L kb media" 200 GET /api/v1/kb/media "${T[@]}"; json "$L media list" '"id":"crayons"'
  req "$L kb unknown parameter" 400 GET '/api/v1/kb/media?x=1' "${T[@]}"
  # the vocabularies a profile form offers, by the names people read
  req "$L kb problems" 200 GET /api/v1/kb/problems "${TM[@]}"
  check "$L problem by its name" grief "$(jget '.problems[] | select(.name=="Grief and loss") | .id')"
  check "$L every problem named" 0 "$(jget '[.problems[] | select((.name // "") == "")] | length')"
  req "$L kb vocab" 200 GET /api/v1/kb/vocab "${TM[@]}"
  check "$L allergen words" Nuts "$(jget '.allergens[] | select(.id=="nut") | .name')"
  check "$L allergens" 10 "$(jget '.allergens | length')"
  check "$L texture words" Sticky "$(jget '.textures[] | select(.id=="sticky") | .name')"
  check "$L sensory words" "Sensitive to touch (tactile defensive)" "$(jget '.sensory[] | select(.id=="tactile_defensive") | .name')"
  check "$L medical words" "Breathing difficulties" "$(jget '.medical[] | select(.id=="respiratory") | .name')"
  check "$L psychiatric keys" "acute_psychosis mania dissociation" "$(jget '[.psychiatric[].id] | join(" ")')"
  check "$L approach words" "TF-CBT (trauma-focused CBT)" "$(jget '.approaches[] | select(.id=="tf-cbt") | .name')"
  check "$L flag words" "Suicide risk" "$(jget '.flags[] | select(.id=="suicide-risk") | .name')"
  req "$L kb vocab unknown parameter" 400 GET '/api/v1/kb/vocab?x=1' "${T[@]}"
  req "$L kb vocab is read-only" 405 POST /api/v1/kb/vocab "${T[@]}" "${J[@]}" -d '{}'
  # the profile takes a problem by its name and an allergen as people write it; other allergies
  # are free text, printed as precautions
  req "$L profile by names" 201 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"names-01","name":"Nia Synthetic","setting":"outpatient"}'
  req "$L profile by names saved" 201 PUT /api/v1/clients/names-01/profile "${T[@]}" "${J[@]}" -d '{"profile":{"format":"easel-profile/2","client":"names-01","age":30,"setting":"outpatient","start_date":"2026-12-01","problems":["Grief and loss"],"allergies":["Nuts"],"other_allergies":["penicillin"]}}'
  req "$L plan by names" 201 POST /api/v1/clients/names-01/plan "${T[@]}" "${J[@]}" -d '{}'
  json "$L penicillin precaution" 'Precaution: Allergy: penicillin'
  req "$L unknown problem named" 400 PUT /api/v1/clients/names-01/profile "${T[@]}" "${J[@]}" -d '{"profile":{"format":"easel-profile/2","client":"names-01","age":30,"setting":"outpatient","start_date":"2026-12-01","problems":["grief","no-such-problem"]}}'
  json "$L unknown problem field" '"field":"profile.problems[1]"'

  # --- clients ---
  req "$L create client" 201 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"new-client-01","name":"Cy Synthetic","setting":"outpatient","birth_year":1990}'
  check "$L created version" 1 "$(jget .client.version)"
  req "$L creator is on the team" 200 GET /api/v1/clients/new-client-01 "${T[@]}"
  check "$L creator's team role" therapist "$(jget '.care_team[] | select(.login=="ther1") | .role')"
  req "$L duplicate ref" 409 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"new-client-01","name":"X","setting":"outpatient"}'
  json "$L duplicate names ref" '"field":"ref"'
  req "$L bad setting" 400 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"x-1","name":"X","setting":"moon"}'
  json "$L bad setting named" '"field":"setting"'
  req "$L missing name" 400 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"x-1","setting":"outpatient"}'
  json "$L missing name named" '"field":"name"'
  req "$L bad ref" 400 POST /api/v1/clients "${T[@]}" "${J[@]}" -d '{"ref":"Bad_Ref","name":"X","setting":"outpatient"}'
  json "$L bad ref named" '"field":"ref"'
  req "$L patch client" 200 PATCH /api/v1/clients/new-client-01 "${T[@]}" "${J[@]}" -d '{"version":1,"name":"Cy Synthetic-Two","status":"active"}'
  check "$L patched version" 2 "$(jget .client.version)"; json "$L patched name" '"name":"Cy Synthetic-Two"'
  req "$L stale patch" 409 PATCH /api/v1/clients/new-client-01 "${T[@]}" "${J[@]}" -d '{"version":1,"name":"Z"}'
  json "$L stale patch names version" '"field":"version"'
  req "$L bad status" 400 PATCH /api/v1/clients/new-client-01 "${T[@]}" "${J[@]}" -d '{"version":2,"status":"gone"}'
  json "$L bad status named" '"field":"status"'
  req "$L patch without CSRF" 403 PATCH /api/v1/clients/new-client-01 -H "Cookie: $cookie_ther1" "${J[@]}" -d '{"version":2}'

  # --- profiles ---
  req "$L no profile yet" 404 GET /api/v1/clients/new-client-01/profile "${T[@]}"
  json "$L no profile message" '"error":"no profile yet"'
  jq '{profile: .}' "$src/examples/outpatient-complex-trauma.json" >"$tmp/p-wrong.json"
  req "$L profile for another client" 400 PUT /api/v1/clients/new-client-01/profile "${T[@]}" "${J[@]}" --data-binary @"$tmp/p-wrong.json"
  json "$L profile client named" '"field":"profile.client"'
  jq '{profile: (. | del(.client))}' "$src/examples/outpatient-complex-trauma.json" >"$tmp/p-ok.json"
  req "$L store profile (client set from the ref)" 201 PUT /api/v1/clients/new-client-01/profile "${T[@]}" "${J[@]}" --data-binary @"$tmp/p-ok.json"
  check "$L profile version" 1 "$(jget .version)"
  jq '{profile: (. | del(.client) | .session.minutes = 0)}' "$src/examples/outpatient-complex-trauma.json" >"$tmp/p-bad.json"
  req "$L invalid profile" 400 PUT /api/v1/clients/new-client-01/profile "${T[@]}" "${J[@]}" --data-binary @"$tmp/p-bad.json"
  case "$(jget .field)" in profile.session.minutes) ok ;; *) bad "$L invalid profile field (got $(jget .field))" ;; esac
  req "$L read profile" 200 GET /api/v1/clients/new-client-01/profile "${T[@]}"
  check "$L profile body client" new-client-01 "$(jget .body.client)"

  # --- plans ---
  req "$L no plan yet" 404 GET /api/v1/clients/$C/plan "${T[@]}"
  req "$L generate without profile" 409 POST /api/v1/clients/c-other/plan "${T2[@]}" "${J[@]}" -d '{}'
  json "$L no profile named" '"field":"profile"'
  req "$L generate" 201 POST /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" -d '{}'
  check "$L generated version" 1 "$(jget .version)"; check "$L draft" draft "$(jget .status)"
  check "$L plan format" easel-plan/1 "$(jget .plan.format)"
  check "$L risk flag from the stored measure" true "$(jget '.plan.flags | index("suicide-risk") != null')"
  EASEL_DB=$db EASEL_USER=ther1 "$easel" plan show $C --version 1 | sed 1d >"$tmp/cli-plan.json"
  jq -S .plan "$tmp/body" >"$tmp/web-plan.json"
  if [ "$(jq -S . "$tmp/cli-plan.json")" = "$(cat "$tmp/web-plan.json")" ]; then ok; else bad "$L the stored plan equals the answer"; fi
  req "$L generate with sessions" 201 POST /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" -d '{"sessions":4}'
  check "$L 4 sessions" 4 "$(jget '.plan.sessions | length')"
  req "$L generate bad sessions" 400 POST /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" -d '{"sessions":0}'
  json "$L bad sessions named" '"field":"sessions"'
  req "$L get plan" 200 GET /api/v1/clients/$C/plan "${T[@]}"
  check "$L latest version" 2 "$(jget .version)"
  for k in kb_version content_hash created_by created_at signed_by signed_at cosigned_by cosigned_at; do
    check "$L plan has $k" true "$(jget "has(\"$k\")")"
  done
  jq .plan "$tmp/body" >"$tmp/plan2.json"
  req "$L get plan version 1" 200 GET '/api/v1/clients/'$C'/plan?version=1' "${T[@]}"
  check "$L version 1" 1 "$(jget .version)"
  req "$L no such version" 404 GET '/api/v1/clients/'$C'/plan?version=99' "${T[@]}"
  req "$L versions" 200 GET /api/v1/clients/$C/plan/versions "${T[@]}"
  check "$L versions newest first" "2 1" "$(jget '[.versions[].version] | map(tostring) | join(" ")')"
  # the therapist's edit: the client's own words, an allowed item instead of session 2's main
  # (session 1 holds the safety plan: the client has a risk flag)
  # (the added item gets the minutes of the main directive it replaces)
  jq '{expected_version: 2, plan: (.client_goals = ["I want to feel at home in my body."] | .sessions[1].main = {id: "clinic-grounding-walk", minutes: .sessions[1].main.minutes, media: []})}' \
    "$tmp/plan2.json" >"$tmp/edit.json"
  req "$L edit" 201 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" --data-binary @"$tmp/edit.json"
  check "$L edited version" 3 "$(jget .version)"
  check "$L the checker passes the edit" 0 "$(jget .check_errors)"
  req "$L stale edit" 409 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" --data-binary @"$tmp/edit.json"
  json "$L stale edit named" '"field":"expected_version"'
  jq '{expected_version: 3, plan: (.sessions[1].main = {id: "act-leaves-on-stream", minutes: 30, media: []})}' "$tmp/plan2.json" >"$tmp/excluded.json"
  req "$L excluded intervention refused" 422 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" --data-binary @"$tmp/excluded.json"
  json "$L excluded names the item" '"field":"plan.sessions[1].main"'
  json "$L excluded gives the engine's reason" 'contraindicated for dissociation'
  # engine facts: a risk flag cannot be removed, only acknowledged with a reason; session 1 keeps
  # the safety plan; supply costs follow from the KB
  refusals PUT /api/v1/clients/$C/plan "$tmp/plan2.json" <<'EOF'
removing a risk flag refused|422|plan.risks|removed risk flag named|{expected_version: 3, plan: (.risks = [])}
session 1 without the safety plan refused|422|plan.sessions[0].main|session 1 named|{expected_version: 3, plan: (.sessions[0].main = {id: "clinic-grounding-walk", minutes: 30, media: []})}
hiding the flags' words refused|400|plan.flag_words|flag words named|{expected_version: 3, plan: (.flag_words = [])}
rewording a risk flag refused|400|plan.risks[0].words|risk words named|{expected_version: 3, plan: (.risks[0].words = "nothing to worry about")}
changed cost refused|400|plan.total_cost_cents|changed cost named|{expected_version: 3, plan: (.total_cost_cents = 1)}
unknown intervention|400|plan.sessions[0].warm_up|unknown intervention named|{expected_version: 3, plan: (.sessions[0].warm_up = {id: "no-such-thing"})}
EOF
  req "$L wrong format" 400 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" -d '{"expected_version":3,"plan":{"format":"x","sessions":[]}}'
  json "$L wrong format named" '"field":"plan.format"'
  req "$L plan not an object" 400 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" -d '{"expected_version":3,"plan":[]}'
  json "$L plan field named" '"field":"plan"'
  req "$L diff" 200 GET "/api/v1/clients/$C/plan/diff?from=2&to=3" "${T[@]}"
  check "$L diff adds the client's words" 1 "$(jget '[.lines[] | select(.op=="+" and (.text | contains("feel at home")))] | length')"
  check "$L diff keeps unchanged lines" true "$(jget '[.lines[] | select(.op==" ")] | length > 10')"
  # the clinical diff in words: what a supervisor reads before co-signing
  check "$L changes name the client's words" 1 "$(jget '[.changes[] | select(. == "The client'"'"'s words added: \"I want to feel at home in my body.\"")] | length')"
  check "$L changes name the session and both directives" 1 "$(jget '[.changes[] | select(test("^Session 2, main directive: .+ -> 5-4-3-2-1 grounding$"))] | length')"
  check "$L the replaced words are named" 2 "$(jget '[.changes[] | select(startswith("The client'"'"'s words removed: "))] | length')"
  check "$L nothing else changed" 4 "$(jget '.changes | length')"
  req "$L diff missing to" 400 GET "/api/v1/clients/$C/plan/diff?from=2" "${T[@]}"
  json "$L diff missing named" '"field":"to"'
  req "$L diff no such version" 404 GET "/api/v1/clients/$C/plan/diff?from=2&to=77" "${T[@]}"
  req "$L explain excluded" 200 GET "/api/v1/clients/$C/plan/explain?item=act-leaves-on-stream" "${T[@]}"
  check "$L explain verdict" excluded "$(jget .verdict)"; check "$L explain kind" intervention "$(jget .kind)"
  json "$L explain text" 'contraindicated for dissociation'
  req "$L explain medium" 200 GET "/api/v1/clients/$C/plan/explain?item=crayons" "${T[@]}"
  check "$L medium kind" medium "$(jget .kind)"
  # "Why?" explains the version on screen from its own recorded verdicts
  req "$L plan version 1 for its verdicts" 200 GET '/api/v1/clients/'$C'/plan?version=1' "${T[@]}"
  v1=$(jget '.plan.interventions[] | select(.id=="act-leaves-on-stream") | "\(.verdict)|\(.reason)"')
  req "$L explain from version 1" 200 GET "/api/v1/clients/$C/plan/explain?item=act-leaves-on-stream&version=1" "${T[@]}"
  check "$L explanation of the version asked" "1 $v1" "$(jget '"\(.version) \(.verdict)|\(.text)"')"
  req "$L explain from a version that does not exist" 404 GET "/api/v1/clients/$C/plan/explain?item=act-leaves-on-stream&version=99" "${T[@]}"
  json "$L missing version named" '"field":"version"'
  req "$L explain unknown" 404 GET "/api/v1/clients/$C/plan/explain?item=nothing-here" "${T[@]}"
  json "$L explain unknown named" '"field":"item"'
  req "$L explain without item" 400 GET "/api/v1/clients/$C/plan/explain" "${T[@]}"
  # sign and co-sign
  req "$L team member cannot sign" 403 POST /api/v1/clients/$C/plan/sign "${TM[@]}" "${J[@]}" -d '{"version":3}'
  req "$L cosign unsigned" 409 POST /api/v1/clients/$C/plan/cosign "${S[@]}" "${J[@]}" -d '{"version":3}'
  json "$L cosign unsigned named" '"field":"version"'
  req "$L sign" 200 POST /api/v1/clients/$C/plan/sign "${T[@]}" "${J[@]}" -d '{"version":3}'
  check "$L signed" signed "$(jget .status)"; check "$L content hash" 64 "$(jget '.content_hash | length')"
  req "$L sign again" 409 POST /api/v1/clients/$C/plan/sign "${T[@]}" "${J[@]}" -d '{"version":3}'
  req "$L therapist cannot cosign" 403 POST /api/v1/clients/$C/plan/cosign "${T[@]}" "${J[@]}" -d '{"version":3}'
  # the supervisors' co-signature queue: on a supervisor's dashboard while no one has co-signed
  req "$L queue before co-signing" 200 GET /api/v1/alerts "${S2[@]}"
  check "$L co-signature due" "cosign-due 3" "$(jget "[.alerts[] | select(.kind==\"cosign-due\" and .ref==\"$C\")][0] | \"\(.kind) \(.version)\"")"
  json "$L the queue names the signer" 'signed by User ther1'
  req "$L not on the therapist's dashboard" 200 GET /api/v1/alerts "${T[@]}"
  check "$L therapists have no co-signature queue" 0 "$(jget '[.alerts[] | select(.kind=="cosign-due")] | length')"
  req "$L cosign" 200 POST /api/v1/clients/$C/plan/cosign "${S[@]}" "${J[@]}" -d '{"version":3}'
  check "$L cosigned by" sup1 "$(jget .cosigned_by)"
  req "$L get signed plan" 200 GET /api/v1/clients/$C/plan "${T[@]}"
  check "$L signed_by" ther1 "$(jget .signed_by)"; check "$L cosigned_by" sup1 "$(jget .cosigned_by)"
  # signatures show people, not logins
  check "$L signed by (name)" "User ther1" "$(jget .signed_by_name)"; check "$L co-signed by (name)" "User sup1" "$(jget .cosigned_by_name)"
  # a supervisor who signed cannot co-sign it
  jq '.expected_version = 3' "$tmp/edit.json" >"$tmp/amend.json"
  req "$L amendment starts from the signed version" 201 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" --data-binary @"$tmp/amend.json"
  check "$L amendment version" 4 "$(jget .version)"
  req "$L supervisor signs" 200 POST /api/v1/clients/$C/plan/sign "${S[@]}" "${J[@]}" -d '{"version":4}'
  req "$L signer cannot cosign" 403 POST /api/v1/clients/$C/plan/cosign "${S[@]}" "${J[@]}" -d '{"version":4}'
  json "$L signer cosign named" '"field":"version"'
  req "$L another supervisor cosigns" 200 POST /api/v1/clients/$C/plan/cosign "${S2[@]}" "${J[@]}" -d '{"version":4}'
  # the plan checker runs over every edit: a main directive of 300 minutes overruns its session.
  # The edit is saved (the therapist may be mid-way) with the checker's own findings, whatever
  # the body claimed, and the version cannot be signed until it is mended.
  jq '{expected_version: 4, plan: (.plan | .sessions[1].main.minutes = 300 | .checks = [])}' "$tmp/edit.json" >"$tmp/long.json"
  req "$L over-long session saved" 201 PUT /api/v1/clients/$C/plan "${T[@]}" "${J[@]}" --data-binary @"$tmp/long.json"
  check "$L over-long version" 5 "$(jget .version)"
  check "$L one checker error" 1 "$(jget .check_errors)"
  req "$L over-long plan read" 200 GET '/api/v1/clients/'$C'/plan?version=5' "${T[@]}"
  check "$L the checks name the session and the rule" "error session-length 2" \
    "$(jget '[.plan.checks[] | select(.severity=="error")][0] | "\(.severity) \(.rule) \(.session)"')"
  req "$L over-long plan cannot be signed" 422 POST /api/v1/clients/$C/plan/sign "${T[@]}" "${J[@]}" -d '{"version":5}'
  json "$L refusal names the checks" '"field":"checks"'
  json "$L refusal counts the error" 'found 1 error in version 5'

  # --- sessions and notes ---
  req "$L plan version 4" 200 GET '/api/v1/clients/'$C'/plan?version=4' "${T[@]}"
  first=$(jget '.plan.sessions[0].main.id')
  first_name=$(jq -r .name "$src/kb/interventions/$first.json")
  req "$L session template" 200 GET "/api/v1/clients/$C/session-template?plan_version=4&number=1" "${T[@]}"
  check "$L template format" SOAP "$(jget .note_format)"
  json "$L template names the planned item" "main directive: $first_name"
  obj=$(jget .objective)
  jq --arg o "$obj" '{date: "2026-12-20", minutes: 50, attendance: "attended", mode: "individual", plan_version: 4, note_format: "SOAP",
      note: (.note | .subjective = "felt calmer" | .assessment = "engaged" | .plan = "continue" | .progress[0].rating = 1)}' "$tmp/body" >"$tmp/session.json"
  req "$L template number missing" 400 GET "/api/v1/clients/$C/session-template?plan_version=4" "${T[@]}"
  req "$L template no such session" 404 GET "/api/v1/clients/$C/session-template?plan_version=4&number=999" "${T[@]}"
  req "$L record session" 201 POST /api/v1/clients/$C/sessions "${T[@]}" "${J[@]}" --data-binary @"$tmp/session.json"
  sid=$(jget .id)
  req "$L read session" 200 GET "/api/v1/clients/$C/sessions/$sid" "${T[@]}"
  check "$L session note" "felt calmer" "$(jget .session.note.subjective)"
  check "$L the session read is audited" 1 "$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'read' AND record_type = 'session' AND record_id = '$sid'")"
  check "$L session objective rating" 1 "$(jget .session.note.progress[0].rating)"
  refusals POST /api/v1/clients/$C/sessions "$tmp/session.json" <<'EOF'
bad rating|400|note.progress[0].rating|bad rating named|.note.progress[0].rating = 7
bad note format|400|note_format|bad format named|.note_format = "XYZ"
missing note field|400|note.subjective|missing note field named|.note |= del(.subjective)
bad date|400|date|bad date named|.date = "2026-02-30"
EOF
  # a session cites a plan version the record holds; the refusal writes nothing
  before=$(sql "$db" "SELECT COUNT(*) FROM sessions")
  refusals POST /api/v1/clients/$C/sessions "$tmp/session.json" <<<'session citing a plan version that does not exist|400|plan_version|plan version named|.plan_version = 999'
  check "$L nothing written" "$before" "$(sql "$db" "SELECT COUNT(*) FROM sessions")"
  req "$L no such session" 404 GET "/api/v1/clients/$C/sessions/999999" "${T[@]}"
  # the note is a draft until its author signs it; an edit keeps the version it replaced
  check "$L a new note is a draft" draft "$(sql "$db" "SELECT status FROM sessions WHERE id = $sid")"
  jq '.version = 1 | .note.assessment = "engaged, then tired"' "$tmp/session.json" >"$tmp/s-edit.json"
  req "$L edit the draft" 200 PUT "/api/v1/clients/$C/sessions/$sid" "${T[@]}" "${J[@]}" --data-binary @"$tmp/s-edit.json"
  check "$L the draft is version 2" 2 "$(jget .version)"
  req "$L edit from a stale version" 409 PUT "/api/v1/clients/$C/sessions/$sid" "${T[@]}" "${J[@]}" --data-binary @"$tmp/s-edit.json"
  json "$L stale edit named" '"field":"version"'
  jq '.version = 2 | .note |= del(.subjective)' "$tmp/session.json" >"$tmp/s-bad.json"
  req "$L edit with a note missing a field" 400 PUT "/api/v1/clients/$C/sessions/$sid" "${T[@]}" "${J[@]}" --data-binary @"$tmp/s-bad.json"
  json "$L the missing field named" '"field":"note.subjective"'
  req "$L read the edited draft" 200 GET "/api/v1/clients/$C/sessions/$sid" "${T[@]}"
  check "$L the edit is read back" "engaged, then tired" "$(jget .session.note.assessment)"
  check "$L one earlier version kept" 1 "$(jget '.session.earlier_versions | length')"
  check "$L the earlier version as it was" engaged "$(jget '.session.earlier_versions[0].note.assessment')"
  check "$L the earlier version's author by name" "User ther1" "$(jget '.session.earlier_versions[0].saved_by')"
  req "$L a supervisor may not edit another's draft" 403 PUT "/api/v1/clients/$C/sessions/$sid" "${S[@]}" "${J[@]}" --data-binary @"$tmp/s-edit.json"
  json "$L the editor named" '"field":"edited_by"'
  req "$L no addendum to a draft" 400 POST "/api/v1/clients/$C/sessions/$sid/addenda" "${T[@]}" "${J[@]}" -d '{"text":"too early"}'
  json "$L the draft named" 'edit the draft instead'
  req "$L a supervisor may not sign another's note" 403 POST "/api/v1/clients/$C/sessions/$sid/sign" "${S[@]}" "${J[@]}"
  json "$L the signer named" '"field":"signed_by"'
  req "$L the author signs" 200 POST "/api/v1/clients/$C/sessions/$sid/sign" "${T[@]}" "${J[@]}"
  req "$L read the signed note" 200 GET "/api/v1/clients/$C/sessions/$sid" "${T[@]}"
  check "$L signed" signed "$(jget .session.status)"
  check "$L signed by name" "User ther1" "$(jget .session.signed_by)"
  check "$L its hash is kept" 64 "$(jget .session.content_hash | tr -d '\n' | wc -c)"
  before=$(sql "$db" "SELECT COUNT(*) FROM session_versions")
  jq '.version = 2' "$tmp/session.json" >"$tmp/s-edit.json"
  req "$L edit a signed note" 409 PUT "/api/v1/clients/$C/sessions/$sid" "${T[@]}" "${J[@]}" --data-binary @"$tmp/s-edit.json"
  json "$L the refusal names the status" '"field":"status"'
  check "$L nothing written to a signed note" "$before" "$(sql "$db" "SELECT COUNT(*) FROM session_versions")"
  req "$L sign twice" 409 POST "/api/v1/clients/$C/sessions/$sid/sign" "${T[@]}" "${J[@]}"

  # --- artworks ---
  up="/api/v1/clients/$C/sessions/$sid/artworks"
  req "$L upload PNG" 201 POST "$up" "${T[@]}" -F "image=@$tmp/dot.png;type=image/png" -F title=Sunrise -F medium=crayons \
    -F 'client_words=It is me, calm.' -F consent_record=1 -F consent_education=0 -F consent_exhibition=0
  art1=$(jget .id)
  req "$L upload without record consent" 201 POST "$up" "${T[@]}" -F "image=@$tmp/dot.png;type=image/png" -F consent_record=0
  art2=$(jget .id)
  printf 'GIF89a not an image we take' >"$tmp/x.gif"
  req "$L not JPEG or PNG" 400 POST "$up" "${T[@]}" -F "image=@$tmp/x.gif"
  json "$L wrong image named" '"field":"image"'
  req "$L unknown form field" 400 POST "$up" "${T[@]}" -F "image=@$tmp/dot.png" -F colour=red
  json "$L unknown form field named" '"field":"colour"'
  req "$L bad consent value" 400 POST "$up" "${T[@]}" -F "image=@$tmp/dot.png" -F consent_record=yes
  json "$L bad consent named" '"field":"consent_record"'
  req "$L malformed multipart" 400 POST "$up" "${T[@]}" -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary 'garbage'
  json "$L malformed multipart named" '"field":"multipart"'
  printf -- '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nno end' >"$tmp/mp-open"
  req "$L unterminated part" 400 POST "$up" "${T[@]}" -H 'Content-Type: multipart/form-data; boundary=XyZ' --data-binary @"$tmp/mp-open"
  json "$L unterminated part named" '"field":"title"'
  req "$L upload as JSON" 415 POST "$up" "${T[@]}" "${J[@]}" -d '{}'
  head -c $((1536 * 1024)) /dev/zero >"$tmp/big.bin"
  req "$L 1.5 MiB upload passes the route's limit" 400 POST "$up" "${T[@]}" -F "image=@$tmp/big.bin;type=image/png"
  json "$L 1.5 MiB upload reaches the probe" '"field":"image"'
  head -c $((21 * 1024 * 1024)) /dev/zero >"$tmp/huge.bin"
  req "$L oversized upload" 413 POST "$up" "${T[@]}" -F "image=@$tmp/huge.bin;type=image/png"
  rm -f "$tmp/huge.bin"
  req "$L upload to another client's session path" 404 POST "/api/v1/clients/$C/sessions/999999/artworks" "${T[@]}" -F "image=@$tmp/dot.png"
  # --- art-based assessments in the browser: a PPAT rated on the 14 FEATS scales, linked to
  # the artwork it assessed; the checks are those of `easel assess add`
  req "$L assessment procedures" 200 GET /api/v1/clients/$C/assessments "${TM[@]}"
  check "$L PPAT has the 14 FEATS scales" 14 "$(jget '.procedures[] | select(.id=="ppat") | .scales | length')"
  check "$L FEATS scale 1 by name" "Prominence of Color" "$(jget '.procedures[] | select(.id=="ppat") | .scales[0]')"
  ppat='{"procedure":"ppat","date":"2026-12-20","minutes":40,"ratings":[3,4,2,3,3,4,2,3,1,0,3,2,3,0],"observations":"worked steadily","artwork_id":'"$art1"'}'
  req "$L record a PPAT" 201 POST /api/v1/clients/$C/assessments "${T[@]}" "${J[@]}" -d "$ppat"
  before=$(sql "$db" "SELECT COUNT(*) FROM art_assessments")
  req "$L a team member may not record" 403 POST /api/v1/clients/$C/assessments "${TM[@]}" "${J[@]}" -d "$ppat"
  req "$L a FEATS rating out of range" 400 POST /api/v1/clients/$C/assessments "${T[@]}" "${J[@]}" -d "$(echo "$ppat" | jq -c '.ratings[3] = 6')"
  json "$L the rating named" '"field":"ratings[3]"'
  req "$L 13 ratings for 14 scales" 400 POST /api/v1/clients/$C/assessments "${T[@]}" "${J[@]}" -d "$(echo "$ppat" | jq -c '.ratings |= .[1:]')"
  json "$L the ratings named" '"field":"ratings"'
  req "$L another client's artwork" 400 POST /api/v1/clients/$C/assessments "${T[@]}" "${J[@]}" -d "$(echo "$ppat" | jq -c '.artwork_id = 999999')"
  json "$L the artwork named" '"field":"artwork_id"'
  req "$L an unknown procedure" 400 POST /api/v1/clients/$C/assessments "${T[@]}" "${J[@]}" -d "$(echo "$ppat" | jq -c '.procedure = "xyz"')"
  json "$L the procedure named" '"field":"procedure"'
  check "$L nothing written by the refusals" "$before" "$(sql "$db" "SELECT COUNT(*) FROM art_assessments")"
  req "$L the team reads the assessments" 200 GET /api/v1/clients/$C/assessments "${TM[@]}"
  check "$L one assessment" 1 "$(jget '.assessments | length')"
  check "$L linked to its artwork" "$art1" "$(jget '.assessments[0].artwork_id')"
  check "$L rating by scale" 4 "$(jget '.assessments[0].ratings[] | select(.scale=="Color Fit") | .rating')"
  check "$L never summed" null "$(jget '.assessments[0].total')"
  req "$L list artworks" 200 GET /api/v1/clients/$C/artworks "${TM[@]}"
  check "$L two artworks" 2 "$(jget '.artworks | length')"
  check "$L artwork title" Sunrise "$(jget ".artworks[] | select(.id==$art1) | .title")"
  check "$L artwork size" 1 "$(jget ".artworks[] | select(.id==$art1) | .width")"
  req "$L session shows its artworks" 200 GET "/api/v1/clients/$C/sessions/$sid" "${T[@]}"
  check "$L session artworks" 2 "$(jget '.artworks | length')"
  got=$(curl -s -o "$tmp/got.png" -D "$tmp/hdr" -w '%{http_code}' "${T[@]}" "$base/api/v1/clients/$C/artworks/$art1/image")
  check "$L download with consent" 200 "$got"
  cmp -s "$tmp/got.png" "$tmp/dot.png" && ok || bad "$L downloaded bytes differ"
  header "$L image type" '^Content-Type: image/png$'
  header "$L image nosniff" '^X-Content-Type-Options: nosniff$'
  req "$L download without consent" 403 GET "/api/v1/clients/$C/artworks/$art2/image" "${T[@]}"
  json "$L consent named" '"field":"consent"'
  req "$L no such artwork" 404 GET "/api/v1/clients/$C/artworks/999999/image" "${T[@]}"
  req "$L another client's artwork id" 404 GET "/api/v1/clients/c-other/artworks/$art1/image" "${T2[@]}"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'read' AND record_type = 'artwork' AND actor = 'ther1'")
  [ "${n:-0}" -ge 1 ] && ok || bad "$L image download audited (got ${n:-none})"

  # --- risk acknowledgement and the dashboard ---
  req "$L progress" 200 GET /api/v1/clients/$C/progress "${T[@]}"
  # the GAS T-score by value (Kiresuk-Sherman, rho 0.3): latest ratings +1 and 0, equal weights:
  # 50 + 10 x 1 / sqrt(0.7 x 2 + 0.3 x 4) = 56.20
  check "$L GAS T-score by value" 5620 "$(jget .gas.t_score_x100)"
  mid=$(jget '.instruments[] | select(.id=="phq-9") | .alerts[] | select(.kind=="risk-item") | .measure_id')
  check "$L risk not yet acknowledged" false "$(jget '.instruments[] | select(.id=="phq-9") | .alerts[] | select(.kind=="risk-item") | .acknowledged')"
  req "$L dashboard" 200 GET /api/v1/alerts "${T[@]}"
  check "$L dashboard risk" "$C" "$(jget '[.alerts[] | select(.kind=="risk-item")][0].ref')"
  check "$L an unacknowledged risk comes first" "risk-item false" "$(jget '.alerts[0] | "\(.kind) \(.acknowledged)"')"
  req "$L team member cannot acknowledge" 403 POST /api/v1/clients/$C/alerts/ack "${TM[@]}" "${J[@]}" -d "{\"measure_id\":$mid}"
  first=$(sql "$db" "SELECT MIN(id) FROM measures")
  req "$L acknowledge a measure without risk" 409 POST /api/v1/clients/$C/alerts/ack "${T[@]}" "${J[@]}" -d "{\"measure_id\":$first}"
  req "$L acknowledge unknown measure" 404 POST /api/v1/clients/$C/alerts/ack "${T[@]}" "${J[@]}" -d '{"measure_id":999999}'
  json "$L unknown measure named" '"field":"measure_id"'
  req "$L acknowledge without saying what was done" 400 POST /api/v1/clients/$C/alerts/ack "${T[@]}" "${J[@]}" -d "{\"measure_id\":$mid}"
  json "$L the action named" '"field":"action"'
  req "$L acknowledge" 200 POST /api/v1/clients/$C/alerts/ack "${T[@]}" "${J[@]}" -d "{\"measure_id\":$mid,\"action\":\"Asked about suicidal thoughts; safety plan reviewed.\"}"
  check "$L acknowledgement keeps the action" "Asked about suicidal thoughts; safety plan reviewed." "$(jget .action)"
  check "$L acknowledged" true "$(jget .acknowledged)"
  req "$L progress after" 200 GET /api/v1/clients/$C/progress "${T[@]}"
  check "$L risk acknowledged" true "$(jget '.instruments[] | select(.id=="phq-9") | .alerts[] | select(.kind=="risk-item") | .acknowledged')"
  n=$(sql "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'risk-acknowledged' AND actor = 'ther1'")
  check "$L acknowledgement audited" 1 "$n"
  check "$L progress: the action taken" "Asked about suicidal thoughts; safety plan reviewed." "$(jget '.instruments[] | select(.id=="phq-9") | .alerts[] | select(.kind=="risk-item") | .action')"
  check "$L progress: acknowledged by" ther1 "$(jget '.instruments[] | select(.id=="phq-9") | .alerts[] | select(.kind=="risk-item") | .acknowledged_by')"
  req "$L dashboard after the acknowledgement" 200 GET /api/v1/alerts "${S[@]}"
  check "$L dashboard: acknowledged" true "$(jget "[.alerts[] | select(.kind==\"risk-item\" and .ref==\"$C\")][0].acknowledged")"
  check "$L dashboard: acknowledged by" ther1 "$(jget "[.alerts[] | select(.kind==\"risk-item\" and .ref==\"$C\")][0].acknowledged_by")"
  check "$L dashboard: acknowledged at" number "$(jget "[.alerts[] | select(.kind==\"risk-item\" and .ref==\"$C\")][0].acknowledged_at | type")"
  # a blank risk item is not silent: risk-unanswered on the dashboard (and in progress)
  req "$L PHQ-9 with item 9 blank" 201 POST /api/v1/clients/new-client-01/measures "${T[@]}" "${J[@]}" \
    -d '{"instrument":"phq-9","date":"2026-12-02","answers":[1,1,1,1,1,1,1,1,null]}'
  blank=$(jget .id)
  req "$L dashboard with a blank risk item" 200 GET /api/v1/alerts "${T[@]}"
  check "$L risk-unanswered on the dashboard" new-client-01 "$(jget '[.alerts[] | select(.kind=="risk-unanswered")][0].ref')"
  check "$L risk-unanswered names the administration" "$blank" "$(jget '[.alerts[] | select(.kind=="risk-unanswered")][0].measure_id')"
  check "$L risk-unanswered names the instrument" phq-9 "$(jget '[.alerts[] | select(.kind=="risk-unanswered")][0].instrument')"
  # most urgent first: unacknowledged risk, a blank risk item, acknowledged risk, the rest
  rank='[.alerts[] | (if .kind=="risk-item" and (.acknowledged|not) then 0 elif .kind=="risk-unanswered" then 1 elif .kind=="risk-item" then 2 elif .kind=="deterioration" then 3 else 4 end)]'
  check "$L a blank risk item above an acknowledged one" risk-unanswered "$(jget '.alerts[0].kind')"
  check "$L alerts sorted by urgency" true "$(jget "$rank | . == sort")"
  req "$L progress with a blank risk item" 200 GET /api/v1/clients/new-client-01/progress "${T[@]}"
  check "$L risk-unanswered in progress" 1 "$(jget '[.instruments[].alerts[] | select(.kind=="risk-unanswered")] | length')"
  req "$L answered risk item clears it" 201 POST /api/v1/clients/new-client-01/measures "${T[@]}" "${J[@]}" \
    -d '{"instrument":"phq-9","date":"2026-12-09","answers":[1,1,1,1,1,1,1,1,0]}'
  # the WHO-5's published form is a percentage (raw x 4): shown with the total
  req "$L WHO-5" 201 POST /api/v1/clients/new-client-01/measures "${T[@]}" "${J[@]}" \
    -d '{"instrument":"who-5","date":"2026-12-09","answers":[3,3,2,2,4]}'
  check "$L WHO-5 as a percentage" "1400 5600" "$(jget '"\(.total_x100) \(.percent_x100)"')"
  req "$L dashboard after answering" 200 GET /api/v1/alerts "${T[@]}"
  check "$L no risk-unanswered once answered" 0 "$(jget '[.alerts[] | select(.kind=="risk-unanswered")] | length')"
  # plan-review-due, the clinical rule: a signed plan whose earliest objective target date has
  # come (the profile's start date, which sets the target dates, is in the past)
  jq '{profile: (. | del(.client) | .start_date = "2020-01-06")}' "$src/examples/outpatient-complex-trauma.json" >"$tmp/p-old.json"
  req "$L profile that started in 2020" 201 PUT /api/v1/clients/new-client-01/profile "${T[@]}" "${J[@]}" --data-binary @"$tmp/p-old.json"
  # regenerated today, a plan starts today, not at the profile's start in 2020
  req "$L plan regenerated today" 201 POST /api/v1/clients/new-client-01/plan "${T[@]}" "${J[@]}" -d '{}'
  check "$L starts today" "$(date -u +%F)" "$(jget '.plan.sessions[0].date')"
  req "$L start date not a string" 400 POST /api/v1/clients/new-client-01/plan "${T[@]}" "${J[@]}" -d '{"start_date":20200106}'
  json "$L start date named" '"field":"start_date"'
  # a program documented as it ran: the start date chosen
  req "$L plan from it" 201 POST /api/v1/clients/new-client-01/plan "${T[@]}" "${J[@]}" -d '{"start_date":"2020-01-06"}'
  check "$L starts on the date chosen" 2020-01-06 "$(jget '.plan.sessions[0].date')"
  pv=$(jget .version)
  earliest=$(jget '[.plan.goals[].objectives[].target_date | select(. != null)] | min')
  case "$earliest" in 2020-*) ok ;; *) bad "$L target dates from the 2020 start (got $earliest)" ;; esac
  req "$L dashboard: a draft is not reviewed" 200 GET /api/v1/alerts "${T[@]}"
  check "$L no review for a draft" 0 "$(jget '[.alerts[] | select(.kind=="plan-review-due")] | length')"
  req "$L sign the old plan" 200 POST /api/v1/clients/new-client-01/plan/sign "${T[@]}" "${J[@]}" -d "{\"version\":$pv}"
  req "$L dashboard: review due" 200 GET /api/v1/alerts "${T[@]}"
  check "$L plan-review-due for the client" new-client-01 "$(jget '[.alerts[] | select(.kind=="plan-review-due")][0].ref')"
  check "$L review basis" "an objective's target date" "$(jget '[.alerts[] | select(.kind=="plan-review-due")][0].basis')"
  check "$L review target date" "$earliest" "$(jget '[.alerts[] | select(.kind=="plan-review-due")][0].target_date')"
  check "$L review only for that client" 1 "$(jget '[.alerts[] | select(.kind=="plan-review-due")] | length')"
  json "$L review text names the date" "reached its target date $earliest"
  check "$L alerts still sorted by urgency" true "$(jget "$rank | . == sort")"
  check "$L every alert dated" true "$(jget '[.alerts[] | .date | type == "string" and length == 10] | all')"
  # a plan signed today whose target dates lie ahead raises no review alert (the 90-day
  # convention cannot be shown here: signed plans are immutable, so no old signature can be made)
  req "$L dashboard after signing" 200 GET /api/v1/alerts "${T[@]}"
  check "$L no plan review due yet" 0 "$(jget "[.alerts[] | select(.kind==\"plan-review-due\" and .ref==\"$C\")] | length")"
  # a list read records which clients it returned
  req "$L client list" 200 GET /api/v1/clients "${T[@]}"
  ids=$(jget '[.clients[].ref] | length')
  last_list=$(sql "$db" "SELECT record_id FROM (SELECT record_id, 1 AS k, id FROM audit_pending WHERE record_type = 'client-list' UNION ALL SELECT record_id, 0, id FROM audit_log WHERE record_type = 'client-list') AS a ORDER BY k DESC, id DESC LIMIT 1")
  check "$L the list read names each client returned" "$ids" "$(printf '%s' "$last_list" | tr ',' '\n' | grep -c .)"
  req "$L other therapist's dashboard" 200 GET /api/v1/alerts "${T2[@]}"
  check "$L no other team's alerts" 0 "$(jget "[.alerts[] | select(.ref==\"$C\")] | length")"

  # --- charts: SVG from the render layer (one chart code for the browser, PNG and PDF) ---
  svg() { # NAME PATH ARGS...: GET an SVG chart into $tmp/chart.svg, check type and XML
    local name=$1 path=$2; shift 2
    req "$name" 200 GET "$path" "$@"
    cp "$tmp/body" "$tmp/chart.svg"
    header "$name type" '^Content-Type: image/svg\+xml'
    header "$name no-store" '^Cache-Control: no-store'
    xmllint --noout "$tmp/chart.svg" 2>/dev/null && ok || bad "$name: not well-formed XML"
  }
  points() { grep -o 'class="point"' "$tmp/chart.svg" | wc -l | tr -d ' '; }
  req "$L progress for the chart" 200 GET /api/v1/clients/$C/progress "${TM[@]}"
  admins=$(jget '.instruments[] | select(.id=="phq-9") | .trajectory | length')
  check "$L two PHQ-9 administrations" 2 "$admins"
  svg "$L measure chart" "/api/v1/clients/$C/charts/measure?instrument=phq-9" "${TM[@]}"
  check "$L one point per administration" "$admins" "$(points)"
  for band in minimal mild moderate 'moderately severe' severe; do
    grep -q "class=\"band-label\">$band<" "$tmp/chart.svg" && ok || bad "$L measure chart lacks band $band"
  done
  grep -q 'aria-label="PHQ-9: total score"' "$tmp/chart.svg" && ok || bad "$L measure chart title"
  # 11 -> 6 on the PHQ-9 is not a reliable change (needs 5.74 or more: see progress): no marker
  check "$L no reliable-change marker" 0 "$(grep -c 'class="marker"' "$tmp/chart.svg")"
  svg "$L empty measure chart" "/api/v1/clients/$C/charts/measure?instrument=gad-7" "${T[@]}"
  check "$L no GAD-7 points" 0 "$(points)"
  grep -q 'No valid administrations of GAD-7 yet' "$tmp/chart.svg" && ok || bad "$L empty chart text"
  svg "$L gas chart" "/api/v1/clients/$C/charts/gas" "${T[@]}"
  check "$L one bar per GAS rating" 3 "$(points)"
  grep -q '>Objective 2.1<' "$tmp/chart.svg" && ok || bad "$L gas legend names the scale"
  svg "$L objectives chart" "/api/v1/clients/$C/charts/objectives" "${T[@]}"
  check "$L one point per note rating" 1 "$(points)"
  svg "$L attendance chart" "/api/v1/clients/$C/charts/attendance" "${T[@]}"
  check "$L attendance: 3 bars for 1 month" 3 "$(points)"
  grep -q '>Dec 2026<' "$tmp/chart.svg" && ok || bad "$L attendance month label"
  req "$L chart of an unknown kind" 404 GET "/api/v1/clients/$C/charts/pie" "${T[@]}"
  json "$L unknown kind named" '"field":"kind"'
  req "$L measure chart without instrument" 400 GET "/api/v1/clients/$C/charts/measure" "${T[@]}"
  json "$L missing instrument named" '"field":"instrument"'
  req "$L measure chart of an unknown instrument" 400 GET "/api/v1/clients/$C/charts/measure?instrument=nope" "${T[@]}"
  json "$L unknown instrument named" '"field":"instrument"'
  req "$L instrument on another kind" 400 GET "/api/v1/clients/$C/charts/gas?instrument=phq-9" "${T[@]}"
  req "$L chart unknown parameter" 400 GET "/api/v1/clients/$C/charts/gas?x=1" "${T[@]}"
  req "$L chart POST" 405 POST "/api/v1/clients/$C/charts/gas" "${T[@]}" "${J[@]}" -d '{}'
  n0=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'refused' AND actor = 'ther2'")
  req "$L chart: not on the team" 403 GET "/api/v1/clients/$C/charts/measure?instrument=phq-9" "${T2[@]}"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'refused' AND actor = 'ther2'")
  check "$L chart refusal audited" $((n0 + 1)) "$n"
  req "$L chart: admin not on the team" 403 GET "/api/v1/clients/$C/charts/attendance" "${A[@]}"
  req "$L chart: unknown client" 403 GET "/api/v1/clients/no-such-client/charts/gas" "${T[@]}"
  req "$L chart: signed out" 401 GET "/api/v1/clients/$C/charts/gas"
  n0=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'read' AND record_type = 'gas' AND actor = 'sup1'")
  svg "$L gas chart as the supervisor" "/api/v1/clients/$C/charts/gas" "${S[@]}"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'read' AND record_type = 'gas' AND actor = 'sup1'")
  check "$L chart read audited" $((n0 + 1)) "$n"

  # --- users and care teams ---
  req "$L list users" 200 GET /api/v1/users "${A[@]}"
  check "$L users include ther1" therapist "$(jget '.users[] | select(.login=="ther1") | .role')"
  req "$L add user" 201 POST /api/v1/users "${A[@]}" "${J[@]}" -d "{\"login\":\"ther3\",\"name\":\"User ther3\",\"role\":\"therapist\",\"password\":\"$PW\"}"
  req "$L duplicate user" 409 POST /api/v1/users "${A[@]}" "${J[@]}" -d "{\"login\":\"ther3\",\"name\":\"X\",\"role\":\"therapist\",\"password\":\"$PW\"}"
  json "$L duplicate login named" '"field":"login"'
  req "$L bad role" 400 POST /api/v1/users "${A[@]}" "${J[@]}" -d "{\"login\":\"x4\",\"name\":\"X\",\"role\":\"king\",\"password\":\"$PW\"}"
  json "$L bad role named" '"field":"role"'
  req "$L short password" 400 POST /api/v1/users "${A[@]}" "${J[@]}" -d '{"login":"x4","name":"X","role":"team","password":"short"}'
  json "$L short password named" '"field":"password"'
  sign_in ther3 "$PW"; mapfile -t T3 < <(as ther3)
  req "$L new user not on the team" 403 GET /api/v1/clients/new-client-01 "${T3[@]}"
  req "$L therapist adds to the team" 201 POST /api/v1/clients/new-client-01/team "${T[@]}" "${J[@]}" -d '{"login":"ther3","role":"co-therapist"}'
  req "$L new member reads" 200 GET /api/v1/clients/new-client-01 "${T3[@]}"
  req "$L already on the team" 409 POST /api/v1/clients/new-client-01/team "${A[@]}" "${J[@]}" -d '{"login":"ther3","role":"x"}'
  req "$L team add unknown user" 404 POST /api/v1/clients/new-client-01/team "${A[@]}" "${J[@]}" -d '{"login":"ghost","role":"x"}'
  json "$L unknown user named" '"field":"login"'
  # break-glass: an administrator joining a care team they are not on states why; the
  # client's team sees it on the dashboard; adding someone else is ordinary administration
  before=$(sql "$db" "SELECT COUNT(*) FROM care_team")
  req "$L admin joins a team without a reason" 400 POST /api/v1/clients/new-client-01/team "${A[@]}" "${J[@]}" -d '{"login":"adm","role":"administrator"}'
  json "$L the reason named" '"field":"reason"'
  req "$L a reason too short" 400 POST /api/v1/clients/new-client-01/team "${A[@]}" "${J[@]}" -d '{"login":"adm","role":"administrator","reason":"because"}'
  check "$L nothing written without a reason" "$before" "$(sql "$db" "SELECT COUNT(*) FROM care_team")"
  req "$L admin breaks the glass with a reason" 201 POST /api/v1/clients/new-client-01/team "${A[@]}" "${J[@]}" -d '{"login":"adm","role":"administrator","reason":"records request from the hospital, ticket 4411"}'
  check "$L the break-glass is audited" 1 "$(sql "$db" "SELECT COUNT(*) FROM audit_log WHERE action = 'break-glass' AND actor = 'adm'")"
  req "$L the therapist's dashboard" 200 GET /api/v1/alerts "${T[@]}"
  check "$L shows the break-glass with its reason" 1 "$(jget '[.alerts[] | select(.kind=="break-glass" and .ref=="new-client-01" and (.text | test("records request from the hospital")))] | length')"
  check "$L names who broke the glass" "User adm" "$(jget '.alerts[] | select(.kind=="break-glass") | .by')"
  req "$L the admin's own dashboard" 200 GET /api/v1/alerts "${A[@]}"
  check "$L does not show their own break-glass" 0 "$(jget '[.alerts[] | select(.kind=="break-glass")] | length')"
  check "$L the record is append-only" refused "$(sql "$db" "DELETE FROM break_glass" >/dev/null 2>&1 && echo deleted || echo refused)"

  # --- the authorisation matrix: every new endpoint x role x own/other client ---
  # own = $C (team: ther1, sup1, sup2, team1), other = c-other (team: ther2; no profile, no plan).
  # Bodies are chosen so that an allowed caller gets a fixed non-403 answer without changing
  # the record much (version 999 -> 404/409, an invalid body -> 400).
  declare -A B=(
    [gen]='{}' [edit]='{"expected_version":999,"plan":{}}' [v999]='{"version":999}'
    [prof]='{"profile":{}}' [sess]='{"date":"bad"}' [ack]='{"measure_id":999999}'
    [team]='{"login":"ghost","role":"x"}' [patch]='{"version":999}' [user]='{"login":"x"}'
    [newc]='{"ref":"m-REF","name":"M","setting":"outpatient"}' [none]='' [json]='{}'
  )
  while read -r who method path body want; do
    [ -z "$who" ] && continue
    case "$who" in \#*) continue ;; esac
    args=()
    if [ "$who" != - ]; then mapfile -t args < <(as "$who"); fi
    if [ "$body" != none ]; then args+=("${J[@]}" -d "${B[$body]//REF/$who}"); fi
    req "$L matrix $who $method $path" "$want" "$method" "$path" "${args[@]}"
  done <<EOF2
# who method path                                                body  want
-     GET    /api/v1/kb/interventions                            none  401
-     GET    /api/v1/alerts                                      none  401
-     GET    /api/v1/users                                       none  401
-     POST   /api/v1/clients                                     newc  401
-     GET    /api/v1/clients/$C/plan                             none  401
-     POST   /api/v1/clients/$C/plan                             gen   401
-     GET    /api/v1/clients/$C/artworks/$art1/image             none  401
-     POST   /api/v1/clients/$C/sessions/$sid/artworks           json  401
-     GET    /api/v1/clients/$C/charts/attendance                none  401
-     GET    /api/v1/clients/$C/report?kind=summary&format=html  none  401
EOF2
  for who in adm ther1 sup1 team1 ther2; do
    # own-client expectations per role: read / clinical write / sign / cosign / team add
    case $who in
      adm)   rd=403 wr=403 sg=403 cs=403 tm=404 mine=own ;;
      ther1) rd=200 wr=ok  sg=404 cs=403 tm=404 mine=own ;;
      sup1)  rd=200 wr=ok  sg=404 cs=404 tm=403 mine=own ;;
      team1) rd=200 wr=403 sg=403 cs=403 tm=403 mine=own ;;
      ther2) rd=403 wr=403 sg=403 cs=403 tm=403 mine=other ;;
    esac
    w() { [ "$wr" = ok ] && echo "$1" || echo "$wr"; }
    r404() { [ "$rd" = 200 ] && echo 404 || echo "$rd"; }
    while read -r method path body want; do
      args=(); mapfile -t args < <(as "$who")
      if [ "$body" != none ]; then args+=("${J[@]}" -d "${B[$body]//REF/$who}"); fi
      req "$L matrix $who $method $path" "$want" "$method" "$path" "${args[@]}"
    done <<EOF3
GET   /api/v1/clients/$C/profile                         none  $rd
PUT   /api/v1/clients/$C/profile                         prof  $(w 400)
GET   /api/v1/clients/$C/plan                            none  $rd
POST  /api/v1/clients/$C/plan                            gen   $(w 201)
PUT   /api/v1/clients/$C/plan                            edit  $(w 409)
GET   /api/v1/clients/$C/plan/versions                   none  $rd
GET   /api/v1/clients/$C/plan/diff?from=1&to=2           none  $rd
GET   /api/v1/clients/$C/plan/explain?item=crayons       none  $rd
POST  /api/v1/clients/$C/plan/sign                       v999  $sg
POST  /api/v1/clients/$C/plan/cosign                     v999  $cs
POST  /api/v1/clients/$C/sessions                        sess  $(w 400)
GET   /api/v1/clients/$C/sessions/$sid                   none  $rd
GET   /api/v1/clients/$C/session-template?plan_version=4&number=1 none $rd
POST  /api/v1/clients/$C/sessions/$sid/artworks          json  $(w 415)
GET   /api/v1/clients/$C/artworks                        none  $rd
GET   /api/v1/clients/$C/artworks/$art1/image            none  $rd
GET   /api/v1/clients/$C/artworks/999999/image           none  $(r404)
POST  /api/v1/clients/$C/alerts/ack                      ack   $(w 404)
PATCH /api/v1/clients/$C                                 patch $(w 409)
POST  /api/v1/clients/$C/team                            team  $tm
GET   /api/v1/kb/interventions                           none  200
GET   /api/v1/kb/settings                                none  200
GET   /api/v1/kb/instruments                             none  200
GET   /api/v1/kb/media                                   none  200
GET   /api/v1/alerts                                     none  200
GET   /api/v1/clients/$C/charts/attendance               none  $rd
GET   /api/v1/clients/$C/charts/measure?instrument=phq-9 none  $rd
GET   /api/v1/clients/$C/report?kind=summary&format=html none  $rd
GET   /api/v1/clients/$C/report?kind=plan&format=pdf     none  $rd
EOF3
  done
  # the other client: only its team (ther2) gets past authorisation
  for who in adm ther1 sup1 team1 ther2; do
    o=403; [ $who = ther2 ] && o=ok
    ow() { [ "$o" = ok ] && echo "$1" || echo 403; }
    while read -r method path body want; do
      args=(); mapfile -t args < <(as "$who")
      if [ "$body" != none ]; then args+=("${J[@]}" -d "${B[$body]//REF/$who}"); fi
      req "$L matrix $who $method $path" "$want" "$method" "$path" "${args[@]}"
    done <<EOF4
GET   /api/v1/clients/c-other/profile                    none  $(ow 404)
PUT   /api/v1/clients/c-other/profile                    prof  $(ow 400)
GET   /api/v1/clients/c-other/plan                       none  $(ow 404)
POST  /api/v1/clients/c-other/plan                       gen   $(ow 409)
PUT   /api/v1/clients/c-other/plan                       edit  $(ow 409)
GET   /api/v1/clients/c-other/plan/versions              none  $(ow 200)
GET   /api/v1/clients/c-other/plan/diff?from=1&to=2      none  $(ow 404)
GET   /api/v1/clients/c-other/plan/explain?item=crayons  none  $(ow 409)
POST  /api/v1/clients/c-other/plan/sign                  v999  $(ow 404)
POST  /api/v1/clients/c-other/sessions                   sess  $(ow 400)
GET   /api/v1/clients/c-other/sessions/$sid              none  $(ow 404)
GET   /api/v1/clients/c-other/artworks                   none  $(ow 200)
GET   /api/v1/clients/c-other/artworks/$art1/image       none  $(ow 404)
POST  /api/v1/clients/c-other/alerts/ack                 ack   $(ow 404)
PATCH /api/v1/clients/c-other                            patch $(ow 409)
GET   /api/v1/clients/c-other/charts/attendance          none  $(ow 200)
GET   /api/v1/clients/c-other/report?kind=summary&format=html none $(ow 200)
GET   /api/v1/clients/c-other/report?kind=plan&format=pdf none  $(ow 404)
EOF4
  done
  for who in adm ther1 sup1 team1; do
    case $who in adm) nc=201 ul=200 up_=400 ;; ther1) nc=201 ul=403 up_=403 ;; *) nc=403 ul=403 up_=403 ;; esac
    mapfile -t args < <(as "$who")
    req "$L matrix $who POST /api/v1/clients" $nc POST /api/v1/clients "${args[@]}" "${J[@]}" -d "${B[newc]//REF/$who}"
    req "$L matrix $who GET /api/v1/users" $ul GET /api/v1/users "${args[@]}"
    req "$L matrix $who POST /api/v1/users" $up_ POST /api/v1/users "${args[@]}" "${J[@]}" -d "${B[user]}"
  done

  # --- logs: no client data ---
  if grep -qE 'Ada|Bea|Cy |Synthetic|demo-outpatient|c-other|new-client|ther1|correct-horse|Sunrise' "$tmp/$L.log"; then
    bad "$L the server log holds client data or logins"
  else ok; fi
  grep -qE '^easel serve: PUT plan 201 [0-9]+ms$' "$tmp/$L.log" && ok || bad "$L PUT log line"
  grep -qE '^easel serve: POST artwork-upload 413 [0-9]+ms$' "$tmp/$L.log" && ok || bad "$L 413 log line"
  grep -qE '^easel serve: GET chart 200 [0-9]+ms$' "$tmp/$L.log" && ok || bad "$L chart log line"
}

web_suites webapp "$tmp/web.db"
web_test_end
