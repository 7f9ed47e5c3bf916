#!/usr/bin/env bash
# fhir.validate (docs/fhir.md): a small synthetic record made with the CLI (a client with the
# inpatient suicide-risk profile from examples/, a team, a generated plan signed and co-signed,
# two PHQ-9 administrations, a signed session, one artwork with record consent and one without),
# exported with `easel fhir export`, then:
#   - validity: every resource and the Bundle with FHIR.js, Medplum and FHIRPath invariants
#     (tests/fhir/validate.js, pinned by tests/fhir/package-lock.json; no network at run time)
#   - the narrative: every objective's words, every planned directive and every risk flag in
#     CarePlan.text.div
#   - consent: the unconsented artwork's title, bytes and name are nowhere in the Bundle
#   - determinism: two exports are byte-identical; the file is written 0600
#   - negative tests: broken copies (CarePlan without status, a bad Goal.lifecycleStatus, bdl-7
#     duplicate fullUrl, cpl-3, a malformed date) each fail, and each validator rejects at least
#     one of them on its own
#   - a second client with a draft plan, an allergy and a precaution with markup characters:
#     CarePlan draft, Goals proposed, activities not-started, no Provenance, the allergy and the
#     escaped precaution in the narrative, valid
#   - the import: the export imported into an empty practice with `easel fhir import` and
#     exported again: the mapped fields (Patient name and birth year, Conditions, every
#     QuestionnaireResponse, every Observation's code, day, value and band) are equal, the
#     re-export is valid, a second import writes nothing; the synthetic referral
#     (tests/fhir/referral.json) imports and exports valid
#   - the signed session note as a DocumentReference (the note in words) with the Provenance of
#     its signature; a group program as a Group naming this client only
#   - the HTTP route GET /api/v1/clients/{ref}/fhir gives the same bytes (403 off the care team,
#     400 for a parameter; needs curl)
# Usage: fhir_test.sh EASEL SOURCE_DIR. Exit 77 (skipped) when node or npm is missing;
# scripts/install-deps.sh installs both.
set -u
easel=$1
src=$2
fx="$src/tests/fhir"
# shellcheck source=tests/node_lib.sh
. "$(dirname "$0")/node_lib.sh"
node_ready
npm_pinned "$fx" # the pinned validators into tests/fhir/node_modules

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
export EASEL_KB="$src/kb"
db="sqlite:$tmp/fhir.db"
ez() { "$easel" "$@" --db "$db"; }
run() { # run LABEL -- ARGS...: the command must succeed
  local label=$1; shift 2
  if ! "$easel" "$@" --db "$db" >"$tmp/out" 2>&1; then bad "$label"; cat "$tmp/out"; fi
}
unhex() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }

client=$(node -p "require('$src/examples/inpatient-suicide-risk.json').client")
EASEL_USER=setup run "init" -- init --practice "FHIR practice"
EASEL_USER=setup run "user ther1" -- user add --login ther1 --role therapist --name "Theo Newman"
EASEL_USER=setup run "user sup1" -- user add --login sup1 --role supervisor --name "Sam Supervisor"
export EASEL_USER=ther1
run "client add" -- client add --ref "$client" --name "Synthetic Client" --setting inpatient-psychiatry --birth-year 2007
run "team add" -- team add "$client" ther1 --role "art therapist"
run "profile set" -- profile set "$client" "$src/examples/inpatient-suicide-risk.json"
run "plan generate" -- plan generate "$client" --sessions 4 --start 2026-01-05
run "plan sign" -- plan sign "$client"
EASEL_USER=sup1 run "plan cosign" -- plan cosign "$client"
run "measure 1" -- measure add "$client" phq-9 2 2 1 2 1 1 2 1 0 --date 2026-01-05
run "measure 2" -- measure add "$client" phq-9 1 1 1 1 0 1 1 0 0 --date 2026-01-19
printf '{"subjective":"synthetic","objective":"drew","assessment":"calmer","plan":"continue"}' >"$tmp/note.json"
run "session add" -- session add "$client" --date 2026-01-05 --minutes 45 --note "$tmp/note.json"
sid=$(sed -n 's/^session \([0-9]*\).*/\1/p' "$tmp/out" | head -1)
[ -n "$sid" ] || sid=1
run "session sign" -- session sign "$client" "$sid"
# two images that differ: a 3x2 PNG (record consent) and a 3x2 JPEG (no consent)
unhex 89504e470d0a1a0a0000000d4948445200000003000000020800000000b81f39c60000000e4944415478da63706838c000c4000b0803014671bece0000000049454e44ae426082 >"$tmp/kept.png"
unhex ffd8ffe000104a46494600010100000100010000ffdb00430001010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101010101ffc0000b080002000301011100ffc40014000100000000000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003fffd9 >"$tmp/private.jpg"
run "artwork with consent" -- artwork add "$sid" "$tmp/kept.png" --title "Safe place collage" --medium collage --consent record
run "artwork without consent" -- artwork add "$sid" "$tmp/private.jpg" --title "Zyxwv private family drawing" --words "Qwerty secret words" --consent none
ez plan show "$client" >"$tmp/plan.json" 2>&1 || bad "plan show"

# export twice: byte-identical, 0600
if ez fhir export "$client" --out "$tmp/a.json" >"$tmp/out" 2>&1 && ez fhir export "$client" --out "$tmp/b.json" >>"$tmp/out" 2>&1; then
  ok "exported: $(head -1 "$tmp/out")"
else
  bad "fhir export"; cat "$tmp/out"; exit 1
fi
if cmp -s "$tmp/a.json" "$tmp/b.json"; then ok "two exports are byte-identical"; else bad "two exports differ"; fi
mode=$(stat -c %a "$tmp/a.json" 2>/dev/null)
[ "$mode" = 600 ] && ok "written 0600" || bad "file mode $mode, not 600"
ez fhir export "$client" >"$tmp/stdout.json" 2>&1 && cmp -s "$tmp/a.json" "$tmp/stdout.json" && ok "stdout export is the same" || bad "stdout export differs"
"$easel" fhir export no-such-client --db "$db" >/dev/null 2>&1; rc=$?
[ "$rc" = 6 ] && ok "unknown client: exit 6" || bad "unknown client: exit $rc, not 6"
n=$(sqlite3 "$tmp/fhir.db" "select count(*) from audit_log where action='export'" 2>/dev/null || echo skip)
case "$n" in skip|"") echo "note: audit count not checked (sqlite3 or table name)";; 0) bad "export not audited";; *) ok "export audited ($n rows)";; esac

# validity, all three layers
if node "$fx/validate.js" "$tmp/a.json" >"$tmp/v" 2>&1; then ok "valid: $(tail -1 "$tmp/v")"; else bad "validation"; cat "$tmp/v"; fi
for t in Patient Practitioner CareTeam Condition Goal CarePlan Observation QuestionnaireResponse DocumentReference Binary Provenance; do
  grep -q "\"resourceType\": \"$t\"" "$tmp/a.json" || bad "no $t in the Bundle"
done
grep -q '"code": "44261-6"' "$tmp/a.json" && ok "PHQ-9 total coded LOINC 44261-6" || bad "no LOINC 44261-6"
[ "$(grep -c '"text": "Artwork photograph (art therapy)"' "$tmp/a.json")" = 1 ] && ok "one artwork (the consented one)" || bad "artwork DocumentReference count is not 1"
# the signed session note: a DocumentReference with the note in words and the Provenance of its
# signature (author's signature at the signing time, by the signer's Practitioner)
signed_at=$(sqlite3 "$tmp/fhir.db" "select signed_at from sessions where id = $sid" 2>/dev/null)
if node -e "
  const b=require('$tmp/a.json'); const r=t=>b.entry.map(e=>e.resource).filter(x=>x.resourceType===t);
  const bad=[], notes=r('DocumentReference').filter(d=>/session note/.test(d.type.text));
  if (notes.length!==1) bad.push(notes.length+' note DocumentReferences');
  const d=notes[0]||{content:[{attachment:{}}]};
  const text=Buffer.from(d.content[0].attachment.data||'','base64').toString();
  if (!/^Subjective: synthetic\nObjective: drew\nAssessment: calmer\nPlan: continue\n/.test(text)) bad.push('note text '+JSON.stringify(text));
  if (d.docStatus!=='final' || !/content hash \(SHA-256\) [0-9a-f]{64}/.test(d.description||'')) bad.push('docStatus or hash');
  const pv=r('Provenance').filter(p=>p.target[0].reference==='urn:uuid:'+d.id);
  if (pv.length!==1) bad.push(pv.length+' Provenance for the note');
  const sig=(pv[0]||{signature:[{}]}).signature[0];
  if (!sig.type || sig.type[0].code!=='1.2.840.10065.1.12.1.1') bad.push('signature type');
  if ('$signed_at' && sig.when!==new Date(Number('$signed_at')).toISOString().replace(/\.\d+Z$/,'Z')) bad.push('signature.when '+sig.when);
  const who=r('Practitioner').find(p=>'urn:uuid:'+p.id===(sig.who||{}).reference);
  if (!who || who.identifier[0].value!=='ther1') bad.push('signer');
  if (bad.length) { console.log(bad.join('; ')); process.exit(1); }" >"$tmp/v" 2>&1; then
  ok "the signed note: DocumentReference in words and the Provenance of its signature"
else bad "signed note"; cat "$tmp/v"; fi

# the narrative carries the whole plan
if node "$fx/checks.js" narrative "$tmp/a.json" "$tmp/plan.json" "$src/kb" >"$tmp/v" 2>&1; then ok "$(tail -1 "$tmp/v")"; else bad "narrative"; cat "$tmp/v"; fi

# consent: nothing of the unconsented artwork
private_b64=$(base64 -w0 "$tmp/private.jpg")
private_sha=$(sha256sum "$tmp/private.jpg" | cut -d' ' -f1)
if node "$fx/checks.js" absent "$tmp/a.json" "Zyxwv private family drawing" "Qwerty secret words" "$private_b64" "${private_b64:20:60}" "$private_sha" >"$tmp/v" 2>&1; then
  ok "the unconsented artwork is nowhere in the Bundle"
else bad "consent"; cat "$tmp/v"; fi
node "$fx/checks.js" present "$tmp/a.json" "Safe place collage" >"$tmp/v" 2>&1 && ok "the consented artwork is there" || { bad "consented artwork missing"; cat "$tmp/v"; }

# negative tests: each broken copy fails; each validator rejects at least one
mkdir -p "$tmp/broken"
node "$fx/checks.js" break "$tmp/a.json" "$tmp/broken" >"$tmp/list" || bad "making broken copies"
declare -A caught=()
while read -r f; do
  name=$(basename "$f" .json)
  if node "$fx/validate.js" "$f" >"$tmp/v" 2>&1; then bad "$name passed validation"; else ok "$name rejected: $(grep -m1 '^  ' "$tmp/v" | sed 's/^ *//' | cut -c1-110)"; fi
  for layer in fhirjs medplum fhirpath; do
    node "$fx/validate.js" --layer "$layer" "$f" >/dev/null 2>&1 || caught[$layer]="${caught[$layer]:-} $name"
  done
done <"$tmp/list"
for layer in fhirjs medplum fhirpath; do
  if [ -n "${caught[$layer]:-}" ]; then ok "$layer alone rejects:${caught[$layer]}"; else bad "$layer rejects none of the broken copies"; fi
done

# a draft plan (not signed) with an allergy and precautions: draft/proposed/not-started, the
# allergy and the precautions in the narrative, still valid
c2=$(node -p "require('$src/examples/hospice-palliative.json').client")
node -e "const p=require('$src/examples/hospice-palliative.json'); p.allergies=['latex']; p.precautions.push('Keep <scissors> & glue out of reach'); console.log(JSON.stringify(p))" >"$tmp/p2.json"
run "client 2" -- client add --ref "$c2" --name "Second Client" --setting hospice
run "team 2" -- team add "$c2" ther1
run "profile 2" -- profile set "$c2" "$tmp/p2.json"
run "plan 2" -- plan generate "$c2" --sessions 3 --start 2026-02-02
if ez fhir export "$c2" --out "$tmp/c2.json" >"$tmp/out" 2>&1; then
  node "$fx/validate.js" "$tmp/c2.json" >"$tmp/v" 2>&1 && ok "draft plan export valid: $(tail -1 "$tmp/v")" || { bad "draft plan export invalid"; cat "$tmp/v"; }
  node -e "
    const b=require('$tmp/c2.json'); const r=t=>b.entry.map(e=>e.resource).filter(x=>x.resourceType===t);
    const cp=r('CarePlan')[0], div=cp.text.div, bad=[];
    if (cp.status!=='draft') bad.push('CarePlan.status '+cp.status);
    if (!r('Goal').length || r('Goal').some(g=>g.lifecycleStatus!=='proposed')) bad.push('Goal.lifecycleStatus');
    if (cp.activity.some(a=>a.detail.status!=='not-started')) bad.push('detail.status');
    if (!/Allergy:.*latex/.test(div)) bad.push('allergy missing');
    if (!div.includes('Keep &lt;scissors&gt; &amp; glue out of reach')) bad.push('precaution missing or not escaped');
    if (r('Provenance').length) bad.push('Provenance for an unsigned plan');
    if (bad.length) { console.log(bad.join('; ')); process.exit(1); }" >"$tmp/v" 2>&1 \
    && ok "draft plan: draft, proposed, not-started, allergy and escaped precaution in the narrative" \
    || { bad "draft plan"; cat "$tmp/v"; }
else
  bad "fhir export of a draft plan"; cat "$tmp/out"
fi

# the import (docs/fhir.md "Import"): export -> import into an empty practice -> export again;
# the mapped fields agree, the re-export is valid, a second import writes nothing; and the
# synthetic referral imported and exported valid (web_fhir_import_test.sh checks the rest)
db2="sqlite:$tmp/empty.db"
EASEL_USER=setup "$easel" init --db "$db2" >/dev/null || bad "init empty practice"
if "$easel" fhir import "$tmp/a.json" --setting inpatient-psychiatry --db "$db2" >"$tmp/imp" 2>"$tmp/imp.err"; then
  ok "imported the export: $(head -1 "$tmp/imp")"
  ref2=$(sed -n 's/^imported as client \(fhir-[0-9a-f]*\) .*/\1/p' "$tmp/imp")
  grep -q '^not understood:' "$tmp/imp" && grep -q 'CarePlan .*not part of a referral' "$tmp/imp" && ok "the plan is reported as not imported" || bad "the report does not name the CarePlan"
  grep -q 'RISK FLAG' "$tmp/imp.err" || true
  "$easel" fhir export "$ref2" --db "$db2" --out "$tmp/re.json" >/dev/null 2>&1 || bad "re-export"
  node "$fx/validate.js" "$tmp/re.json" >"$tmp/v" 2>&1 && ok "re-export valid: $(tail -1 "$tmp/v")" || { bad "re-export invalid"; cat "$tmp/v"; }
  node -e "
    const f=p=>require(p).entry.map(e=>e.resource).flatMap(r=>{
      const t=r.resourceType;
      if (t==='Patient') return [JSON.stringify([t,r.name,r.birthDate])];
      if (t==='Condition') return [JSON.stringify([t,r.category,r.code])];
      if (t==='QuestionnaireResponse') return [JSON.stringify([t,r.questionnaire,r.authored,r.item])];
      if (t==='Observation') return [JSON.stringify([t,r.code,r.effectiveDateTime,r.valueInteger,r.interpretation])];
      return [];
    }).sort();
    const a=f('$tmp/a.json'), b=f('$tmp/re.json');
    if (JSON.stringify(a)!==JSON.stringify(b)) { console.log('first:\n'+a.join('\n')+'\nagain:\n'+b.join('\n')); process.exit(1); }
    console.log(a.length+' mapped resources equal');" >"$tmp/v" 2>&1 \
    && ok "round trip: $(tail -1 "$tmp/v")" || { bad "round trip differs"; cat "$tmp/v"; }
  "$easel" fhir import "$tmp/a.json" --setting outpatient --db "$db2" >"$tmp/imp" 2>&1
  grep -q "^already imported as client $ref2: nothing written" "$tmp/imp" && ok "second import writes nothing" || { bad "second import"; cat "$tmp/imp"; }
else
  bad "fhir import of the export"; cat "$tmp/imp" "$tmp/imp.err"
fi
if "$easel" fhir import "$fx/referral.json" --setting outpatient --db "$db2" >"$tmp/imp" 2>&1; then
  ref3=$(sed -n 's/^imported as client \(fhir-[0-9a-f]*\) .*/\1/p' "$tmp/imp")
  "$easel" fhir export "$ref3" --db "$db2" --out "$tmp/ref.json" >/dev/null 2>&1 || bad "export of the referral"
  node "$fx/validate.js" "$tmp/ref.json" >"$tmp/v" 2>&1 && ok "imported referral exports valid: $(tail -1 "$tmp/v")" || { bad "imported referral export invalid"; cat "$tmp/v"; }
else
  bad "fhir import of the referral"; cat "$tmp/imp"
fi
# a group program: a Group naming this client only (not the other member), valid
run "group add" -- group add open-studio --name "Open studio" --setting inpatient-psychiatry --kind open --start 2026-01-06 --time 10:00 --minutes 60 --count 8 --capacity 8
run "group roster 1" -- group roster open-studio add "$client" --from 2026-01-06
run "group roster 2" -- group roster open-studio add "$c2" --from 2026-01-13
if ez fhir export "$client" --out "$tmp/g.json" >"$tmp/out" 2>&1; then
  node "$fx/validate.js" "$tmp/g.json" >"$tmp/v" 2>&1 && ok "with a Group, valid: $(tail -1 "$tmp/v")" || { bad "export with a Group invalid"; cat "$tmp/v"; }
  node -e "
    const b=require('$tmp/g.json'); const gs=b.entry.map(e=>e.resource).filter(x=>x.resourceType==='Group');
    const pat=b.entry.find(e=>e.resource.resourceType==='Patient').fullUrl, bad=[];
    if (gs.length!==1) bad.push(gs.length+' Groups');
    const g=gs[0]||{};
    if (g.type!=='person' || g.actual!==true || g.name!=='Open studio') bad.push('type, actual or name');
    if ((g.identifier||[{}])[0].value!=='open-studio') bad.push('identifier');
    if (!g.member || g.member.length!==1 || g.member[0].entity.reference!==pat || g.member[0].period.start!=='2026-01-06') bad.push('member '+JSON.stringify(g.member));
    if (JSON.stringify(b).includes('Second Client')) bad.push('the other member is named');
    if (bad.length) { console.log(bad.join('; ')); process.exit(1); }" >"$tmp/v" 2>&1 \
    && ok "Group: the program with this client as its only listed member" || { bad "Group"; cat "$tmp/v"; }
else
  bad "fhir export with a group"; cat "$tmp/out"
fi

# the per-practice export: one Bundle per client in a folder, each the same bytes as the client's
# own export and valid
if ez fhir export --all yes --out "$tmp/practice" >"$tmp/out" 2>&1; then
  n=$(ls "$tmp/practice"/*.json | wc -l)
  [ "$n" = 2 ] && ok "practice export: one Bundle per client ($n)" || bad "practice export wrote $n Bundles, want 2"
  ez fhir export "$client" --out "$tmp/one.json" >/dev/null 2>&1
  cmp -s "$tmp/one.json" "$tmp/practice/$client.json" && ok "practice export: the client's Bundle as its own export" || bad "practice export differs from the client's export"
  node "$fx/validate.js" "$tmp/practice/$c2.json" >"$tmp/v" 2>&1 && ok "practice export valid: $(tail -1 "$tmp/v")" || { bad "practice export invalid"; cat "$tmp/v"; }
  [ "$(stat -c %a "$tmp/practice/$client.json")" = 600 ] && ok "practice export files are 0600" || bad "practice export file mode"
else
  bad "fhir export --all"; cat "$tmp/out"
fi
ez fhir export --all yes >"$tmp/out" 2>&1; [ $? = 2 ] && ok "practice export needs --out" || bad "practice export without --out"

# the same Bundle over HTTP: GET /api/v1/clients/{ref}/fhir (src/web/api_fhir.c)
if command -v curl >/dev/null; then
  EASEL_USER=setup run "user ther2" -- user add --login ther2 --role therapist --name "Tess Outside"
  for u in ther1 ther2; do printf 'fhir-password-1234\n' | EASEL_USER=setup "$easel" user passwd "$u" --db "$db" >/dev/null || bad "passwd $u"; done
  "$easel" serve --db "$db" --listen 127.0.0.1:0 --insecure-cookies >"$tmp/serve.out" 2>"$tmp/serve.log" &
  spid=$!
  base=""
  for _ in $(seq 1 100); do
    base=$(sed -n 's|^easel: serving on \(http://[0-9.]*:[0-9]*\)$|\1|p' "$tmp/serve.out")
    [ -n "$base" ] && break
    sleep 0.1
  done
  get_as() { # LOGIN PATH OUT: prints the status
    local hdr token
    hdr=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
      -d "{\"login\":\"$1\",\"password\":\"fhir-password-1234\"}" "$base/api/v1/session" | tr -d '\r')
    token=$(printf '%s\n' "$hdr" | sed -n 's/^Set-Cookie: easel_session=\([^;]*\);.*/\1/ip')
    curl -s -o "$3" -D "$3.hdr" -w '%{http_code}' -H "Cookie: easel_session=$token" "$base$2"
  }
  if [ -z "$base" ]; then
    bad "easel serve did not start"; cat "$tmp/serve.log"
  else
    got=$(get_as ther1 "/api/v1/clients/$client/fhir" "$tmp/web.json")
    [ "$got" = 200 ] && ok "GET .../fhir: 200" || bad "GET .../fhir: $got"
    cmp -s "$tmp/web.json" "$tmp/g.json" && ok "GET .../fhir gives the same bytes as the CLI" || bad "GET .../fhir differs from the CLI export"
    tr -d '\r' <"$tmp/web.json.hdr" | grep -qi '^content-type: application/fhir+json' && ok "application/fhir+json" || bad "content type"
    got=$(get_as ther2 "/api/v1/clients/$client/fhir" "$tmp/web2.json")
    [ "$got" = 403 ] && ok "off the care team: 403" || bad "off the care team: $got, not 403"
    got=$(get_as ther1 "/api/v1/clients/$client/fhir?x=1" "$tmp/web3.json")
    [ "$got" = 400 ] && ok "unknown parameter: 400" || bad "unknown parameter: $got, not 400"
  fi
  kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null
else
  echo "note: curl missing, the HTTP route is not checked"
fi

if [ "$fails" -ne 0 ]; then echo "$fails check(s) failed"; exit 1; fi
echo "all FHIR checks passed"
