#!/usr/bin/env bash
# fhir.api (docs/fhir.md "The FHIR API", issue 14): the read-only FHIR R4 API and its API tokens
# end to end, on SQLite and (EASEL_TEST_PG) PostgreSQL, with real `easel serve` processes, curl
# and the offline validators of tests/fhir (FHIR.js, Medplum, FHIRPath; npm ci from the lock):
#   - the matrix of credentials: an API token opens /fhir/R4 only (401 on /api/v1), a session
#     /api/v1 only (401 on /fhir/R4)
#   - token lifecycle: `easel token create` shows the secret once (administrators only), `token
#     list` shows no secret and no hash, the database holds the SHA-256 and never the token,
#     revocation (CLI and DELETE /api/v1/tokens/NAME) answers 401 at once; the admin API
#     (GET/POST/DELETE /api/v1/tokens) and its refusal to a therapist
#   - grants: a token granted client 1 reads it, gets 404 for client 2's Patient (the same
#     answer as an id that does not exist) and finds nothing of client 2 in any search
#   - every endpoint (metadata, Patient read and search, $everything, CarePlan, Goal and
#     Observation searches with and without a code) answers a resource or Bundle that validates;
#     searchsets hold only the type asked, $everything resolves every reference in itself
#   - an OperationOutcome (validated) with the right status and issue code on every error path:
#     401 no token / unknown token / a cookie session only / revoked, 400 unknown, missing, empty
#     and malformed parameters and a non-JSON _format, 404 unknown endpoint and Patient, 405 for
#     POST, PUT and DELETE (Allow: GET)
#   - the CapabilityStatement lists exactly the interactions served, each of which answers 200
#   - every read is audited under the token's name; no token in the server's log
# Usage: fhir_api_test.sh EASEL SOURCE_DIR. Exit 77 (skipped) without node, npm or curl.
set -u
easel=$1
src=$2
fx="$src/tests/fhir"
. "$(dirname "$0")/node_lib.sh"
. "$(dirname "$0")/web_lib.sh"
node_ready
web_require curl
npm_pinned "$fx"
web_test_setup
export EASEL_KB="$src/kb"
PW=fhir-api-password-1

fget() { # NAME WANT PATH OUT [curl args...]: a FHIR request; the body kept as OUT for validation
  local name=$1 want=$2 path=$3 out=$4
  shift 4
  local got
  got=$(curl -s -o "$tmp/v/$out.json" -D "$tmp/hdr" -w '%{http_code}' "$@" "$base/fhir/R4$path")
  cp "$tmp/v/$out.json" "$tmp/body"
  check "$name" "$want" "$got"
  header "$name: content type" '^content-type: application/fhir\+json'
}
js() { # NAME CHECK-ARGS...: tests/fhir/api_checks.js
  local name=$1
  shift
  if node "$fx/api_checks.js" "$@" >"$tmp/js.out" 2>&1; then ok; else bad "$name"; sed 's/^/  /' "$tmp/js.out"; fi
}
outcome() { # NAME WANT-STATUS ISSUE-CODE PATH [curl args...]
  local name=$1 want=$2 code=$3 path=$4
  shift 4
  n_oo=$((n_oo + 1))
  fget "$name" "$want" "$path" "oo-$n_oo" "$@"
  js "$name: OperationOutcome $code" outcome "$tmp/v/oo-$n_oo.json" "$code"
}

suite() { # DB LABEL
  local db=$1 L=$2
  rm -rf "$tmp/v"
  mkdir -p "$tmp/v"
  n_oo=0
  export EASEL_DB=$db
  local c1 c2 e=0
  c1=$(node -p "require('$src/examples/inpatient-suicide-risk.json').client")
  c2=other-client-2
  # --- a record: client 1 with a signed plan, two PHQ-9s and a GAD-7, a signed session, an
  # artwork with record consent; client 2 with a name only ---
  EASEL_USER=setup "$easel" init --practice "FHIR API practice" >/dev/null || e=1
  for u in adm1:admin ther1:therapist ther2:therapist; do
    EASEL_USER=setup "$easel" user add --login "${u%%:*}" --name "User ${u%%:*}" --role "${u#*:}" >/dev/null || e=1
    printf '%s\n' "$PW" | EASEL_USER=setup "$easel" user passwd "${u%%:*}" >/dev/null || e=1
  done
  export EASEL_USER=ther1
  "$easel" client add --ref "$c1" --name "Synthetic Person" --setting inpatient-psychiatry --birth-year 2007 >/dev/null || e=1
  "$easel" client add --ref "$c2" --name "Other Synthetic" --setting outpatient >/dev/null || e=1
  "$easel" team add "$c1" ther1 --role "art therapist" >/dev/null || e=1
  "$easel" team add "$c2" ther1 >/dev/null || e=1
  "$easel" profile set "$c1" "$src/examples/inpatient-suicide-risk.json" >/dev/null || e=1
  "$easel" plan generate "$c1" --sessions 3 --start 2026-01-05 >/dev/null || e=1
  "$easel" plan sign "$c1" >/dev/null || e=1
  "$easel" measure add "$c1" phq-9 2 2 1 2 1 1 2 1 0 --date 2026-01-05 >/dev/null || e=1
  "$easel" measure add "$c1" phq-9 1 1 1 1 0 1 1 0 0 --date 2026-01-19 >/dev/null || e=1
  "$easel" measure add "$c1" gad-7 1 1 1 1 0 1 1 --date 2026-01-19 >/dev/null || e=1
  "$easel" measure add "$c2" phq-9 0 0 0 0 0 0 0 0 0 --date 2026-01-19 >/dev/null || e=1
  printf '{"subjective":"synthetic","objective":"drew","assessment":"calmer","plan":"continue"}' >"$tmp/note.json"
  sid=$("$easel" session add "$c1" --date 2026-01-05 --minutes 45 --note "$tmp/note.json" | sed -n 's/^session \([0-9]*\).*/\1/p' | head -1)
  "$easel" session sign "$c1" "${sid:-1}" >/dev/null || e=1
  base64 -d >"$tmp/dot.png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
  "$easel" artwork add "${sid:-1}" "$tmp/dot.png" --title "Harbour at dusk" --consent record >/dev/null || e=1
  check "$L record made with the CLI" 0 "$e"

  # --- tokens from the CLI: administrators only, the secret once, never stored ---
  EASEL_USER=ther1 "$easel" token create ehr --grant "$c1" >"$tmp/out" 2>&1
  check "$L a therapist cannot make a token (exit 3)" 3 "$?"
  EASEL_USER=adm1 "$easel" token create ehr --grant "$c1" >"$tmp/out" 2>&1
  check "$L token create" 0 "$?"
  tokA=$(tail -1 "$tmp/out")
  [[ "$tokA" =~ ^easel_[A-Za-z0-9_-]{43}$ ]] && ok || bad "$L the secret is the last line: $tokA"
  [ "$(grep -c 'easel_' "$tmp/out")" = 1 ] && ok || bad "$L the secret is shown once"
  EASEL_USER=adm1 "$easel" token create payer --grant "$c2" >"$tmp/out" 2>&1 || bad "$L token create payer"
  tokB=$(tail -1 "$tmp/out")
  EASEL_USER=adm1 "$easel" token create old --grant "$c1,$c2" >"$tmp/out" 2>&1 || bad "$L token create old"
  tokOld=$(tail -1 "$tmp/out")
  EASEL_USER=adm1 "$easel" token create ehr --grant "$c2" >/dev/null 2>&1
  check "$L a second live token named ehr (exit 7)" 7 "$?"
  EASEL_USER=adm1 "$easel" token create nope --grant no-such-client >/dev/null 2>&1
  check "$L a grant of an unknown client (exit 6)" 6 "$?"
  EASEL_USER=adm1 "$easel" token list >"$tmp/list" 2>&1 || bad "$L token list"
  [ "$(wc -l <"$tmp/list")" = 3 ] && ok || bad "$L token list has 3 lines"
  grep -q "^old	fhir-read	live	.*	$c1,$c2\$\|^old	fhir-read	live	.*	$c2,$c1\$" "$tmp/list" && ok || bad "$L token list names the grants"
  hashA=$(printf '%s' "$tokA" | sha256sum | cut -d' ' -f1)
  if grep -qF -e "$tokA" -e "$tokB" -e "$hashA" -e "easel_" "$tmp/list"; then bad "$L token list shows a secret or a hash"; else ok; fi
  check "$L the hash is stored" 1 "$(sql "$db" "SELECT COUNT(*) FROM api_tokens WHERE token_hash = '$hashA'")"
  sql "$db" "SELECT * FROM api_tokens" >"$tmp/rows"
  sql "$db" "SELECT * FROM $AUDITED" >>"$tmp/rows"
  if grep -qF -e "$tokA" -e "$tokB" -e "${tokA#easel_}" "$tmp/rows"; then bad "$L a token is stored"; else ok; fi
  check "$L token creation audited" 3 "$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'token-create' AND actor = 'adm1'")"

  start_server "fhir-$L" "$db" --insecure-cookies || { bad "$L server"; return; }
  base="http://127.0.0.1:$port"
  A=(-H "Authorization: Bearer $tokA")
  B=(-H "Authorization: Bearer $tokB")

  # --- metadata: no token; exactly what is served ---
  fget "$L metadata" 200 /metadata metadata
  js "$L CapabilityStatement lists exactly the interactions served" capability "$tmp/v/metadata.json"

  # --- token A, client 1: every endpoint ---
  fget "$L Patient search (all granted)" 200 /Patient patients "${A[@]}"
  js "$L Patient search holds the one granted Patient" searchset "$tmp/v/patients.json" Patient 1
  p1=$(node "$fx/api_checks.js" id "$tmp/v/patients.json")
  fget "$L Patient read" 200 "/Patient/$p1" patient "${A[@]}"
  json "$L Patient read is the client" "\"value\":\"$c1\""
  fget "$L Patient?identifier=system|value" 200 "/Patient?identifier=urn:easel:client%7C$c1" pid "${A[@]}"
  js "$L identifier search" searchset "$tmp/v/pid.json" Patient 1
  fget "$L Patient?identifier=value" 200 "/Patient?identifier=$c1" pid2 "${A[@]}"
  js "$L identifier search without a system" searchset "$tmp/v/pid2.json" Patient 1
  fget "$L Patient?name=" 200 "/Patient?name=perso" pname "${A[@]}"
  js "$L name search (a word's prefix, any case)" searchset "$tmp/v/pname.json" Patient 1
  fget "$L Patient?name= no match" 200 "/Patient?name=zz" pname0 "${A[@]}"
  js "$L name search without a match" searchset "$tmp/v/pname0.json" Patient 0
  fget "$L Patient?_id=" 200 "/Patient?_id=$p1" pidd "${A[@]}"
  js "$L _id search" searchset "$tmp/v/pidd.json" Patient 1
  fget "$L CarePlan?patient=" 200 "/CarePlan?patient=Patient/$p1" careplan "${A[@]}"
  js "$L CarePlan search" searchset "$tmp/v/careplan.json" CarePlan 1
  json "$L the CarePlan is active (signed)" '"status":"active"'
  ngoals=$(node -p "require('$tmp/v/careplan.json').entry[0].resource.goal.length")
  fget "$L Goal?patient=" 200 "/Goal?patient=$p1" goals "${A[@]}"
  js "$L Goal search: one Goal per objective" searchset "$tmp/v/goals.json" Goal "$ngoals"
  fget "$L Observation?patient=" 200 "/Observation?patient=$p1" obs "${A[@]}"
  js "$L Observation search: three administrations" searchset "$tmp/v/obs.json" Observation 3
  fget "$L Observation?code=system|code" 200 "/Observation?patient=$p1&code=http://loinc.org%7C44261-6" obs-phq "${A[@]}"
  js "$L PHQ-9 totals by LOINC system and code" searchset "$tmp/v/obs-phq.json" Observation 2
  fget "$L Observation?code=code" 200 "/Observation?patient=$p1&code=70274-6" obs-gad "${A[@]}"
  js "$L GAD-7 total by code alone" searchset "$tmp/v/obs-gad.json" Observation 1
  fget "$L Observation?code= other system" 200 "/Observation?patient=$p1&code=http://snomed.info/sct%7C44261-6" obs-none "${A[@]}"
  js "$L a code in another system matches nothing" searchset "$tmp/v/obs-none.json" Observation 0
  fget "$L \$everything" 200 "/Patient/$p1/\$everything" everything "${A[@]}"
  js "$L \$everything resolves every reference in itself" everything "$tmp/v/everything.json"
  for t in Patient Practitioner CareTeam Condition Goal CarePlan Observation QuestionnaireResponse DocumentReference Binary Provenance; do
    grep -q "\"resourceType\":\"$t\"" "$tmp/v/everything.json" && ok || bad "$L no $t in \$everything"
  done
  fget "$L _format=json" 200 "/Patient/$p1?_format=json" fmt "${A[@]}"

  # --- grants: client 2 is not found for token A, found for token B ---
  fget "$L token B's search" 200 /Patient pB "${B[@]}"
  p2=$(node "$fx/api_checks.js" id "$tmp/v/pB.json")
  [ -n "$p2" ] && [ "$p2" != "$p1" ] && ok || bad "$L token B sees client 2 only"
  outcome "$L token A reads client 2: 404" 404 not-found "/Patient/$p2" "${A[@]}"
  cp "$tmp/body" "$tmp/ungranted"
  outcome "$L token A, an id that does not exist: 404" 404 not-found "/Patient/00000000-0000-8000-8000-000000000000" "${A[@]}"
  cmp -s "$tmp/body" "$tmp/ungranted" && ok || bad "$L ungranted and unknown Patients answer alike"
  outcome "$L token A, client 2's \$everything: 404" 404 not-found "/Patient/$p2/\$everything" "${A[@]}"
  fget "$L token A searches client 2's plan" 200 "/CarePlan?patient=$p2" cp2 "${A[@]}"
  js "$L ... and finds nothing" searchset "$tmp/v/cp2.json" CarePlan 0
  fget "$L token A searches client 2's measures" 200 "/Observation?patient=$p2" ob2 "${A[@]}"
  js "$L ... and finds nothing" searchset "$tmp/v/ob2.json" Observation 0
  fget "$L token A searches client 2 by identifier" 200 "/Patient?identifier=$c2" pi2 "${A[@]}"
  js "$L ... and finds nothing" searchset "$tmp/v/pi2.json" Patient 0
  fget "$L token B reads client 2" 200 "/Patient/$p2" pread2 "${B[@]}"
  outcome "$L token B reads client 1: 404" 404 not-found "/Patient/$p1" "${B[@]}"

  # --- the admin API ---
  sign_in adm1 "$PW"
  sign_in ther1 "$PW"
  local AD TH
  mapfile -t AD < <(as adm1)
  mapfile -t TH < <(as ther1)
  req "$L GET /tokens (admin)" 200 GET /api/v1/tokens "${AD[@]}"
  json "$L the list names the tokens" '"name":"payer"'
  if grep -qF -e "$tokA" -e "$hashA" -e '"token"' "$tmp/body"; then bad "$L GET /tokens shows a secret or hash"; else ok; fi
  req "$L GET /tokens (therapist): 403" 403 GET /api/v1/tokens "${TH[@]}"
  req "$L GET /tokens without a session: 401" 401 GET /api/v1/tokens
  req "$L an API token is not a session on /api/v1: 401" 401 GET "/api/v1/clients/$c1" "${A[@]}"
  req "$L ... nor on the admin API: 401" 401 GET /api/v1/tokens "${A[@]}"
  req "$L POST /tokens (therapist): 403" 403 POST /api/v1/tokens "${TH[@]}" "${J[@]}" -d "{\"name\":\"web\",\"clients\":[\"$c1\"]}"
  req "$L POST /tokens" 201 POST /api/v1/tokens "${AD[@]}" "${J[@]}" -d "{\"name\":\"web\",\"clients\":[\"$c1\"]}"
  tokW=$(sed -n 's/.*"token":"\(easel_[^"]*\)".*/\1/p' "$tmp/body")
  [ -n "$tokW" ] && ok || bad "$L POST /tokens shows the secret"
  req "$L POST /tokens unknown client: 404" 404 POST /api/v1/tokens "${AD[@]}" "${J[@]}" -d '{"name":"web2","clients":["no-such"]}'
  json "$L ... naming grant" '"field":"grant"'
  req "$L POST /tokens no clients: 400" 400 POST /api/v1/tokens "${AD[@]}" "${J[@]}" -d '{"name":"web2","clients":[]}'
  req "$L POST /tokens duplicate live name: 409" 409 POST /api/v1/tokens "${AD[@]}" "${J[@]}" -d "{\"name\":\"web\",\"clients\":[\"$c1\"]}"
  fget "$L the new token reads" 200 "/Patient/$p1" wread -H "Authorization: Bearer $tokW"
  req "$L DELETE /tokens/web (therapist): 403" 403 DELETE /api/v1/tokens/web "${TH[@]}"
  req "$L DELETE /tokens/web" 200 DELETE /api/v1/tokens/web "${AD[@]}"
  outcome "$L revoked through the API: 401 at once" 401 login "/Patient/$p1" -H "Authorization: Bearer $tokW"
  req "$L DELETE /tokens/web again: 404" 404 DELETE /api/v1/tokens/web "${AD[@]}"

  # --- revocation from the CLI while the server runs ---
  fget "$L the old token reads" 200 "/Patient/$p1" oldread -H "Authorization: Bearer $tokOld"
  EASEL_USER=adm1 "$easel" token revoke old >/dev/null 2>&1
  check "$L token revoke" 0 "$?"
  outcome "$L revoked from the CLI: 401 at once" 401 login "/Patient/$p1" -H "Authorization: Bearer $tokOld"
  check "$L revocations audited" 2 "$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE action = 'token-revoke' AND actor = 'adm1'")"
  EASEL_USER=adm1 "$easel" token list >"$tmp/list" 2>&1
  grep -q "^old	fhir-read	revoked " "$tmp/list" && ok || bad "$L token list shows the revocation"

  # --- error paths: an OperationOutcome each ---
  outcome "$L no token: 401" 401 login "/Patient/$p1"
  header "$L 401 names the Bearer scheme" '^www-authenticate: bearer'
  outcome "$L unknown token: 401" 401 login "/Patient/$p1" -H "Authorization: Bearer easel_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
  outcome "$L not a token: 401" 401 login "/Patient/$p1" -H "Authorization: Bearer nonsense"
  outcome "$L Basic auth: 401" 401 login "/Patient/$p1" -u "ther1:$PW"
  outcome "$L a cookie session is not enough: 401" 401 login "/Patient/$p1" -H "Cookie: $cookie_ther1"
  outcome "$L unknown parameter: 400" 400 invalid "/Goal?patient=$p1&status=active" "${A[@]}"
  outcome "$L missing patient: 400" 400 invalid /CarePlan "${A[@]}"
  outcome "$L empty patient: 400" 400 invalid "/Observation?patient=" "${A[@]}"
  outcome "$L a modifier (malformed key): 400" 400 invalid "/Patient?name:exact=x" "${A[@]}"
  outcome "$L a parameter on a read: 400" 400 invalid "/Patient/$p1?x=1" "${A[@]}"
  outcome "$L _format=xml: 400" 400 invalid "/metadata?_format=xml"
  outcome "$L unknown endpoint: 404" 404 not-found /Condition "${A[@]}"
  outcome "$L a read the API does not serve: 404" 404 not-found "/CarePlan/$p1" "${A[@]}"
  outcome "$L outside /fhir/R4: 404" 404 not-found /fhir "${A[@]}"
  for m in POST PUT DELETE PATCH; do
    outcome "$L $m: 405" 405 not-supported /Patient "${A[@]}" -X "$m" -H 'Content-Type: application/fhir+json' -d '{"resourceType":"Patient"}'
    header "$L $m: Allow GET" '^allow: GET'
  done
  outcome "$L POST \$everything: 405" 405 not-supported "/Patient/$p1/\$everything" "${A[@]}" -X POST

  # --- every answer and every OperationOutcome validates ---
  if node "$fx/validate.js" "$tmp/v/"*.json >"$tmp/val" 2>&1; then ok; echo "$L valid: $(tail -1 "$tmp/val")"; else bad "$L validation"; head -40 "$tmp/val"; fi

  # --- audit: reads under the token's name; refusals ---
  local n
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE actor = 'token:ehr' AND action = 'fhir-read'")
  [ "$n" -ge 10 ] && ok || bad "$L fhir-read rows as token:ehr: $n"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE actor = 'token:ehr' AND action = 'read' AND record_type = 'measures'")
  [ "$n" -ge 1 ] && ok || bad "$L the store's own reads are under token:ehr: $n"
  n=$(sql "$db" "SELECT COUNT(*) FROM $AUDITED WHERE actor = 'token:ehr' AND action = 'refused'")
  [ "$n" -ge 3 ] && ok || bad "$L refusals as token:ehr: $n"
  check "$L token B never read client 1" 0 "$(sql "$db" "SELECT COUNT(*) FROM $AUDITED JOIN clients c ON a.record_id = CAST(c.id AS TEXT) WHERE a.actor = 'token:payer' AND a.record_type = 'client' AND a.action = 'fhir-read' AND c.ref = '$c1'")"
  "$easel" audit verify >/dev/null 2>&1
  check "$L audit chain intact" 0 "$?"
  n=$(sql "$db" "SELECT last_used_at FROM api_tokens WHERE name = 'ehr'")
  [ -n "$n" ] && ok || bad "$L last use recorded"

  # --- logs: no token, no reference ---
  if grep -qF -e "$tokA" -e "$c1" -e "$p1" "$tmp/fhir-$L.log"; then bad "$L the log holds a token or a reference"; else ok; fi
  grep -qE '^easel serve: GET fhir-everything 200 [0-9]+ms$' "$tmp/fhir-$L.log" && ok || bad "$L \$everything log line"
}

web_suites fhirapi "$tmp/fhir.db"
web_test_end
