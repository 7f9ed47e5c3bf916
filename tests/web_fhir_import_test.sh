#!/usr/bin/env bash
# The FHIR referral import end to end (docs/fhir.md "Import", docs/api.md): `easel fhir import`
# and POST /api/v1/fhir/import on SQLite and (EASEL_TEST_PG) PostgreSQL, with real `easel serve`
# processes and curl:
#   - CLI: the synthetic referral (tests/fhir/referral.json) creates one client, its draft
#     profile (the mapped problem, the ICD-10 code as a diagnosis, latex, the GAD-7 total as a
#     baseline) and the PHQ-9 administration (total 12); the report lists the unknown Condition
#     as not understood and the GAD-7 total as not stored; a second import writes nothing and
#     names the client; a bad Bundle exits 3 naming entry and path, and writes nothing (clients,
#     profiles, measures and audit rows counted before and after); no --setting is a usage error
#     and an unknown setting names "setting"
#   - HTTP: 201 with the JSON report and the caller on the care team, 200 "already imported",
#     400 naming the path (nothing written), 400 without ?setting, 403 for a supervisor and a
#     team member (audited as refused), 403 without the CSRF header, 415 for another type,
#     405 for GET, 413 above the API's body limit
# Usage: web_fhir_import_test.sh EASEL SOURCE_DIR
set -u
. "$(dirname "$0")/web_lib.sh"
web_test_setup "$@"
web_require jq curl

PW=correct-horse-battery
F=(-H 'Content-Type: application/fhir+json')
export EASEL_KB="$src/kb"
referral="$src/tests/fhir/referral.json"

counts() { # DB: clients, profiles, measures, audit rows
  echo "$(sql "$1" 'SELECT COUNT(*) FROM clients') $(sql "$1" 'SELECT COUNT(*) FROM profiles') $(sql "$1" 'SELECT COUNT(*) FROM measures') $(sql "$1" "SELECT COUNT(*) FROM $AUDITED")"
}
jget() { jq -r "$1" "$tmp/body"; }

suite() { # DB-URL LABEL
  local db=$1 L=$2 e=0
  export EASEL_USER=seed
  EASEL_DB=$db seed_users "$PW" adm:admin ther1:therapist sup1:supervisor team1:team || e=1
  check "$L seed" 0 $e
  export EASEL_USER=ther1

  # --- CLI ---
  local before after out rc ref
  before=$(counts "$db")
  "$easel" fhir import "$referral" --setting outpatient --db "$db" >"$tmp/out" 2>&1; rc=$?
  check "$L cli import exit" 0 $rc
  ref=$(sed -n 's/^imported as client \(fhir-[0-9a-f]*\) .*/\1/p' "$tmp/out")
  check "$L cli ref shape" 21 "${#ref}"
  grep -q 'Condition cond-dep: problem depression (ICD-10 F32.1), diagnosis F32.1' "$tmp/out" && ok || bad "$L cli mapped condition"
  grep -A3 '^not understood:' "$tmp/out" | grep -q 'Condition cond-spiders: no problem of the knowledge base matches "Fear of spiders"' && ok || bad "$L cli unknown condition"
  grep -A3 '^not stored:' "$tmp/out" | grep -q 'Observation obs-gad7: noted, not stored: total only' && ok || bad "$L cli GAD-7 total"
  grep -q 'QuestionnaireResponse qr-phq9: PHQ-9 .* total 12 (moderate)' "$tmp/out" && ok || bad "$L cli PHQ-9"
  "$easel" profile show "$ref" --db "$db" | sed 1d >"$tmp/profile.json"
  check "$L cli profile problems" depression "$(jq -r '.problems | join(",")' "$tmp/profile.json")"
  check "$L cli profile allergies" latex "$(jq -r '.allergies | join(",")' "$tmp/profile.json")"
  check "$L cli profile diagnoses" F32.1 "$(jq -r '.diagnoses | join(",")' "$tmp/profile.json")"
  check "$L cli profile GAD-7 baseline" "gad-7 2026-11-20 12" "$(jq -r '.measures[0] | "\(.instrument) \(.date) \(.total)"' "$tmp/profile.json")"
  check "$L cli measure stored" "phq-9 [2,2,1,2,1,1,2,1,0]" "$("$easel" measure list "$ref" --db "$db" | awk -F'\t' '{print $2, $4}')"
  check "$L cli client" "Rowan Synthetic outpatient" "$("$easel" client show "$ref" --db "$db" | awk -F'\t' '{print $2, $3}')"
  after=$(counts "$db")
  check "$L cli one client, one profile, one measure" "$(( $(echo "$before" | cut -d' ' -f1) + 1 )) 1 1" "$(echo "$after" | cut -d' ' -f1-3)"
  "$easel" fhir import "$referral" --setting school --db "$db" >"$tmp/out" 2>&1; rc=$?
  check "$L cli second import exit" 0 $rc
  check "$L cli second import" "already imported as client $ref: nothing written" "$(cat "$tmp/out")"
  check "$L cli second import writes nothing" "$after" "$(counts "$db")"
  # a bad Bundle: the PHQ-9 answer 7 (range 0-3), entry 4, item 3
  jq '.entry[4].resource.item[2].answer[0].valueInteger = 7 | .entry[0].resource.identifier[0].value = "SYN-0002"' "$referral" >"$tmp/bad.json"
  "$easel" fhir import "$tmp/bad.json" --setting outpatient --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "$L cli bad answer exit" 3 $rc
  grep -q 'entry\[4\].resource.item\[2\].answer\[0\].valueInteger: item 3 of PHQ-9' "$tmp/err" && ok || { bad "$L cli bad answer message"; cat "$tmp/err"; }
  check "$L cli bad answer: nothing on stdout" "" "$(cat "$tmp/out")"
  check "$L cli bad answer writes nothing" "$after" "$(counts "$db")"
  jq '.entry[5].resource.valueQuantity = {"value": "12"} | del(.entry[5].resource.valueInteger) | .entry[0].resource.identifier[0].value = "SYN-0003"' "$referral" >"$tmp/bad2.json"
  "$easel" fhir import "$tmp/bad2.json" --setting outpatient --db "$db" >/dev/null 2>"$tmp/err"; rc=$?
  check "$L cli bad quantity exit" 3 $rc
  grep -q 'entry\[5\].resource.valueQuantity.value: must be a number' "$tmp/err" && ok || { bad "$L cli bad quantity message"; cat "$tmp/err"; }
  check "$L cli bad quantity writes nothing" "$after" "$(counts "$db")"
  "$easel" fhir import "$referral" --db "$db" >/dev/null 2>&1; rc=$?
  check "$L cli no setting" 2 $rc
  jq '.entry[0].resource.identifier[0].value = "SYN-0004"' "$referral" >"$tmp/other.json"
  "$easel" fhir import "$tmp/other.json" --setting moon --db "$db" >/dev/null 2>"$tmp/err"; rc=$?
  check "$L cli unknown setting" 3 $rc
  grep -q 'setting: unknown setting "moon"' "$tmp/err" && ok || bad "$L cli unknown setting message"
  printf '{"resourceType":"Bundle",' >"$tmp/trunc.json"
  "$easel" fhir import "$tmp/trunc.json" --setting outpatient --db "$db" >/dev/null 2>"$tmp/err"; rc=$?
  check "$L cli not JSON" 3 $rc
  check "$L cli nothing written at all" "$after" "$(counts "$db")"

  # --- HTTP ---
  start_server "$L" "$db" --insecure-cookies || { bad "$L: server start"; return; }
  base="http://127.0.0.1:$port"
  for u in adm ther1 sup1 team1; do sign_in "$u" "$PW"; done
  mapfile -t T < <(as ther1); mapfile -t S < <(as sup1); mapfile -t A < <(as adm); mapfile -t TM < <(as team1)
  jq '.entry[0].resource.identifier[0].value = "SYN-0100"' "$referral" >"$tmp/web.json"
  before=$(counts "$db")
  req "$L supervisor may not import" 403 POST '/api/v1/fhir/import?setting=outpatient' "${S[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  req "$L team member may not import" 403 POST '/api/v1/fhir/import?setting=outpatient' "${TM[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  req "$L import without CSRF" 403 POST '/api/v1/fhir/import?setting=outpatient' -H "Cookie: $cookie_ther1" "${F[@]}" --data-binary @"$tmp/web.json"
  req "$L import signed out" 401 POST '/api/v1/fhir/import?setting=outpatient' "${F[@]}" --data-binary @"$tmp/web.json"
  req "$L import as text" 415 POST '/api/v1/fhir/import?setting=outpatient' "${T[@]}" -H 'Content-Type: text/plain' --data-binary @"$tmp/web.json"
  req "$L import without setting" 400 POST /api/v1/fhir/import "${T[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  json "$L no setting named" '"field":"setting"'
  req "$L import unknown parameter" 400 POST '/api/v1/fhir/import?setting=outpatient&x=1' "${T[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  req "$L import bad Bundle" 400 POST '/api/v1/fhir/import?setting=outpatient' "${T[@]}" "${F[@]}" --data-binary @"$tmp/bad.json"
  json "$L bad Bundle names the path" '"field":"entry[4].resource.item[2].answer[0].valueInteger"'
  req "$L GET import" 405 GET /api/v1/fhir/import "${T[@]}"
  check "$L refusals write no record" "$(echo "$before" | cut -d' ' -f1-3)" "$(counts "$db" | cut -d' ' -f1-3)"
  check "$L refusals audited" 2 "$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'refused'")"
  req "$L import" 201 POST '/api/v1/fhir/import?setting=school' "${T[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  local wref; wref=$(jget .client)
  check "$L import status" created "$(jget .status)"
  check "$L import setting" school "$(jget .setting)"
  check "$L import profile" 1 "$(jget .profile_version)"
  check "$L import mapped" "Patient Condition AllergyIntolerance QuestionnaireResponse" "$(jget '[.mapped[].resource] | join(" ")')"
  check "$L import not understood" "cond-spiders" "$(jget '[.not_understood[].id] | join(" ")')"
  check "$L import not stored" "obs-gad7" "$(jget '[.not_stored[].id] | join(" ")')"
  check "$L import entry index" 2 "$(jget '.not_understood[0].entry')"
  req "$L importer on the care team" 200 GET "/api/v1/clients/$wref" "${T[@]}"
  check "$L importer's team role" therapist "$(jget '.care_team[] | select(.login=="ther1") | .role')"
  check "$L imported measure" 1200 "$(jget '.measures[0].total_x100')"
  req "$L import again (admin)" 200 POST '/api/v1/fhir/import?setting=outpatient' "${A[@]}" "${F[@]}" --data-binary @"$tmp/web.json"
  check "$L import again status" "already imported $wref" "$(jget '"\(.status) \(.client)"')"
  req "$L import as application/json" 200 POST '/api/v1/fhir/import?setting=outpatient' "${T[@]}" -H 'Content-Type: application/json' --data-binary @"$tmp/web.json"
  head -c 1100000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
  req "$L import above the body limit" 413 POST '/api/v1/fhir/import?setting=outpatient' "${T[@]}" "${F[@]}" --data-binary @"$tmp/big.json"
  if grep -qE 'Rowan|Synthetic|SYN-0|fhir-[0-9a-f]{16}' "$tmp/$L.log"; then bad "$L the server log holds client data"; else ok; fi
}

web_suites fhirimp "$tmp/web.db"
web_test_end
