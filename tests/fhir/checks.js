#!/usr/bin/env node
// Content checks of an easel FHIR export (tests/fhir_test.sh), beyond validity:
//   narrative BUNDLE PLAN.json KB_DIR   every objective's SMART words, every planned directive's
//                                       name (from the KB, not from the Bundle) and every risk
//                                       flag's words appear in CarePlan.text.div
//   absent BUNDLE TEXT...               none of the strings occur anywhere in the Bundle file
//   present BUNDLE TEXT...              each occurs in it
//   break BUNDLE OUTDIR                 write broken copies, one per kind of error, for the
//                                       negative tests; prints their file names
// Exits 1 naming what is wrong.
'use strict';
const fs = require('fs');
const path = require('path');

const [cmd, bundlePath, ...rest] = process.argv.slice(2);
const text = fs.readFileSync(bundlePath, 'utf8');
const bundle = JSON.parse(text);
let bad = 0;
function fail(msg) {
  console.log('FAIL ' + msg);
  bad++;
}
const entries = bundle.entry || [];
const of = (type) => entries.filter((e) => e.resource.resourceType === type).map((e) => e.resource);

function unescape(s) {
  return s.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

if (cmd === 'narrative') {
  const [planPath, kbDir] = rest;
  const plan = JSON.parse(fs.readFileSync(planPath, 'utf8').replace(/^(#.*\n)+/, ''));
  const cps = of('CarePlan');
  if (cps.length !== 1) fail('expected one CarePlan, found ' + cps.length);
  const div = unescape(((cps[0] || {}).text || {}).div || '');
  const names = new Map();
  for (const f of fs.readdirSync(path.join(kbDir, 'interventions'))) {
    const it = JSON.parse(fs.readFileSync(path.join(kbDir, 'interventions', f), 'utf8'));
    names.set(it.id, it.name);
  }
  let n = 0;
  for (const g of plan.goals || []) {
    for (const o of g.objectives || []) {
      n++;
      if (!div.includes(o.smart)) fail('objective ' + o.number + ' words missing from the narrative');
    }
  }
  for (const s of plan.sessions || []) {
    for (const part of ['warm_up', 'main', 'closure']) {
      if (!s[part]) continue;
      n++;
      const name = names.get(s[part].id);
      if (!name) fail('session ' + s.number + ' ' + part + ': ' + s[part].id + ' not in the KB');
      else if (!div.includes(name)) fail('session ' + s.number + ' directive "' + name + '" missing');
      if (!div.includes(String(s[part].minutes))) fail('session ' + s.number + ' minutes missing');
    }
  }
  for (const r of plan.risks || []) {
    n++;
    if (!div.includes(r.words)) fail('risk flag "' + r.words + '" missing from the narrative');
  }
  for (const w of plan.flag_words || []) {
    n++;
    if (!div.includes(w)) fail('client flag "' + w + '" missing from the narrative');
  }
  if (!(plan.risks || []).length) fail('the test plan should carry a risk flag');
  console.log('narrative: ' + n + ' items checked, ' + bad + ' missing');
} else if (cmd === 'absent' || cmd === 'present') {
  for (const s of rest) {
    const found = text.includes(s) || unescape(text).includes(s);
    if (cmd === 'absent' && found) fail('"' + s.slice(0, 40) + '" is in the Bundle');
    if (cmd === 'present' && !found) fail('"' + s.slice(0, 40) + '" is not in the Bundle');
  }
} else if (cmd === 'break') {
  const out = rest[0];
  const variants = {
    'careplan-no-status': (b) => { delete b.entry.find((e) => e.resource.resourceType === 'CarePlan').resource.status; },
    'goal-bad-lifecycle': (b) => { b.entry.find((e) => e.resource.resourceType === 'Goal').resource.lifecycleStatus = 'doing'; },
    'bdl7-duplicate-fullurl': (b) => { b.entry[1].fullUrl = b.entry[0].fullUrl; },
    'cpl3-reference-and-detail': (b) => {
      const cp = b.entry.find((e) => e.resource.resourceType === 'CarePlan').resource;
      cp.activity[0].reference = { reference: b.entry[0].fullUrl };
    },
    'observation-bad-date': (b) => { b.entry.find((e) => e.resource.resourceType === 'Observation').resource.effectiveDateTime = '05/01/2026'; },
  };
  for (const [name, f] of Object.entries(variants)) {
    const b = JSON.parse(text);
    f(b);
    const p = path.join(out, name + '.json');
    fs.writeFileSync(p, JSON.stringify(b, null, 1));
    console.log(p);
  }
} else {
  console.error('usage: checks.js narrative|absent|present|break BUNDLE ...');
  process.exit(2);
}
process.exit(bad ? 1 : 0);
