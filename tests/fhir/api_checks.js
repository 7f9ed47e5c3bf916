#!/usr/bin/env node
// Content checks of easel's read-only FHIR API answers (tests/fhir_api_test.sh), beyond validity:
//   capability FILE                 the CapabilityStatement lists exactly the interactions,
//                                   search parameters and operation the API serves
//   searchset FILE TYPE N           a searchset Bundle with total N and N entries of TYPE, each
//                                   search.mode "match", its fullUrl BASE/TYPE/id
//   everything FILE                 a searchset whose first entry is the Patient ("match"), the
//                                   rest "include", and whose every reference "Type/id" names an
//                                   entry of the Bundle (and no urn:uuid is left)
//   outcome FILE CODE               an OperationOutcome with one error issue of that code
//   id FILE                         prints the id of the first entry's resource (or the resource)
// Exits 1 naming what is wrong.
'use strict';
const fs = require('fs');

const [cmd, file, ...rest] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const res = JSON.parse(text);
let bad = 0;
function fail(msg) {
  console.log('FAIL ' + msg);
  bad++;
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

if (cmd === 'capability') {
  // what src/web/fhir_api.c serves, and nothing else
  const want = {
    Patient: { interaction: ['read', 'search-type'], params: ['_id', 'identifier', 'name'], ops: ['everything'] },
    CarePlan: { interaction: ['search-type'], params: ['patient'], ops: [] },
    Goal: { interaction: ['search-type'], params: ['patient'], ops: [] },
    Observation: { interaction: ['search-type'], params: ['patient', 'code'], ops: [] },
  };
  if (res.resourceType !== 'CapabilityStatement') fail('not a CapabilityStatement');
  if (res.fhirVersion !== '4.0.1') fail('fhirVersion ' + res.fhirVersion);
  if (!(res.format || []).includes('application/fhir+json')) fail('format lacks application/fhir+json');
  const rests = res.rest || [];
  if (rests.length !== 1 || rests[0].mode !== 'server') fail('expected one server rest');
  if ((rests[0] || {}).interaction) fail('system-level interactions are declared');
  if ((rests[0] || {}).operation) fail('system-level operations are declared');
  const got = {};
  for (const r of (rests[0] || {}).resource || []) {
    if (got[r.type]) fail(r.type + ' twice');
    got[r.type] = {
      interaction: (r.interaction || []).map((i) => i.code).sort(),
      params: (r.searchParam || []).map((p) => p.name).sort(),
      ops: (r.operation || []).map((o) => o.name).sort(),
    };
  }
  if (!same(Object.keys(got).sort(), Object.keys(want).sort())) fail('resources ' + Object.keys(got));
  for (const t of Object.keys(want)) {
    if (!got[t]) continue;
    for (const k of ['interaction', 'params', 'ops']) {
      if (!same(got[t][k], want[t][k].slice().sort())) fail(t + ' ' + k + ': ' + got[t][k]);
    }
  }
  console.log('capability: ' + Object.keys(got).length + ' resources checked');
} else if (cmd === 'searchset') {
  const [type, n] = rest;
  if (res.resourceType !== 'Bundle' || res.type !== 'searchset') fail('not a searchset Bundle');
  if (res.total !== Number(n)) fail('total ' + res.total + ', not ' + n);
  const entries = res.entry || [];
  if (entries.length !== Number(n)) fail(entries.length + ' entries, not ' + n);
  for (const e of entries) {
    if (e.resource.resourceType !== type) fail('an entry is a ' + e.resource.resourceType);
    if (!e.search || e.search.mode !== 'match') fail('search.mode is not match');
    if (!e.fullUrl.endsWith('/' + type + '/' + e.resource.id)) fail('fullUrl ' + e.fullUrl);
  }
  if (text.includes('urn:uuid:')) fail('a urn:uuid is left in the answer');
  const self = ((res.link || []).find((l) => l.relation === 'self') || {}).url;
  if (!self || !/^https?:\/\//.test(self)) fail('no absolute self link');
} else if (cmd === 'everything') {
  if (res.resourceType !== 'Bundle' || res.type !== 'searchset') fail('not a searchset Bundle');
  const entries = res.entry || [];
  if (!entries.length || entries[0].resource.resourceType !== 'Patient') fail('the Patient is not first');
  if (res.total !== entries.length) fail('total ' + res.total + ' for ' + entries.length + ' entries');
  entries.forEach((e, i) => {
    const mode = i === 0 ? 'match' : 'include';
    if (!e.search || e.search.mode !== mode) fail('entry ' + i + ' mode is not ' + mode);
  });
  const urls = new Set(entries.map((e) => e.fullUrl));
  const base = entries.length ? entries[0].fullUrl.replace(/\/Patient\/[^/]+$/, '') : '';
  let n = 0;
  const walk = (v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'reference' && typeof x === 'string') {
        n++;
        if (!urls.has(base + '/' + x)) fail('reference ' + x + ' is not in the Bundle');
      } else walk(x);
    }
  };
  entries.forEach((e) => walk(e.resource));
  if (text.includes('urn:uuid:')) fail('a urn:uuid is left in the answer');
  const types = [...new Set(entries.map((e) => e.resource.resourceType))].sort();
  console.log('everything: ' + entries.length + ' entries (' + types.join(' ') + '), ' + n + ' references resolved');
} else if (cmd === 'outcome') {
  const [code] = rest;
  if (res.resourceType !== 'OperationOutcome') fail('not an OperationOutcome');
  const issues = res.issue || [];
  if (issues.length !== 1 || issues[0].severity !== 'error' || issues[0].code !== code) {
    fail('issue ' + JSON.stringify(issues) + ', want code ' + code);
  }
} else if (cmd === 'id') {
  const r = res.entry ? (res.entry[0] || {}).resource : res;
  console.log(r ? r.id : '');
} else {
  console.error('usage: api_checks.js capability|searchset|everything|outcome|id FILE ...');
  process.exit(2);
}
process.exit(bad ? 1 : 0);
