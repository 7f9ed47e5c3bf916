// intake.js — intake (POST /clients, then PUT profile) and profile editing (GET/PUT
// profile) on one form: the main fields of docs/profile.md (age, setting, start date, session
// count, problems, strengths and preferences, constraints, the client's own words). Problems,
// allergens, avoided textures, the sensory, medical and psychiatric items and the therapist's
// orientation are picked by the names people read (GET /kb/problems, /kb/vocab); allergies no
// material check knows (a medicine) and other precautions are free text, printed on the plan and
// every session. Fields the form does not show are kept from the stored profile. Server
// validation errors are shown next to the field the person sees, a position in words
// ("Presenting problems, the 2nd choice: ...", never "problems[1]").
import { api, ApiError, kb } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, fieldOf, today, list, nextId } from './dom.js';

const LEVELS = {
  motor: [['intact', 'Intact'], ['mild', 'Mild limitation'], ['moderate', 'Moderate limitation'], ['severe', 'Severe limitation']],
  cognition: [['intact', 'Intact'], ['mild', 'Mild impairment'], ['moderate', 'Moderate impairment'], ['severe', 'Severe impairment']],
  verbal: [['fluent', 'Fluent'], ['limited', 'Limited'], ['minimal', 'Minimal'], ['nonverbal', 'Non-verbal']],
  regulation: [['adequate', 'Adequate'], ['limited', 'Limited'], ['poor', 'Poor']],
  trauma: [['none', 'None'], ['single', 'Single event'], ['complex', 'Complex']],
};
const RISKS = {
  self_harm: ['Self-harm', ['none', 'history', 'current']],
  suicide: ['Suicide', ['none', 'history', 'ideation', 'plan']],
  aggression: ['Aggression', ['none', 'history', 'current']],
  substance_use: ['Substance use', ['none', 'history', 'current']],
};
// the boolean blocks of the profile, their items named by GET /kb/vocab
const BLOCKS = [['sensory', 'Sensory'], ['medical', 'Medical'], ['psychiatric', 'Psychiatric']];
// what one position of a list field is, in words ("the 2nd choice")
const UNITS = {
  'profile.problems': 'choice', 'profile.allergies': 'choice', 'profile.avoid_textures': 'choice',
  'profile.orientation': 'choice', 'profile.preferred_media': 'choice', 'profile.disliked_media': 'choice',
  'profile.other_allergies': 'line', 'profile.precautions': 'line', 'profile.client_goals': 'line',
};

function mediaPicker(legend, name, media, chosen) {
  const sel = h('select', { multiple: true, size: '6', name },
    media.map((m) => h('option', { value: m.id, selected: chosen.includes(m.id) }, m.name)));
  return field(legend, sel, { name: `profile.${name}`, hint: 'Choose any number (Ctrl or Shift to choose several).' });
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 22 -> "22nd". */
function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' })[n % 10] || 'th';
  return `${n}${suffix}`;
}

/** The part of a field an API error names, in words, positions counted from 1:
 *  "[1]" -> "the 2nd choice", "[0].problems" -> "the 1st line, problems", ".count" -> "count". */
function partWords(rest, unit = 'entry') {
  const out = [];
  for (const m of rest.matchAll(/\[(\d+)\]|\.?([A-Za-z_]+)/g)) {
    if (m[1] !== undefined) {
      out.push(`the ${ordinal(Number(m[1]) + 1)} ${unit}`);
      unit = 'entry';
    } else {
      out.push(m[2].replace(/_/g, ' '));
    }
  }
  return out.join(', ');
}

/** An API field the form does not show, in words: "profile.measures[0].total" -> "Measures, the
 *  1st entry, total". */
function fieldWords(name) {
  const m = name.replace(/^profile\./, '').match(/^([A-Za-z_]+)(.*)$/);
  if (!m) return name;
  const head = m[1].replace(/_/g, ' ');
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${m[2] ? `, ${partWords(m[2])}` : ''}`;
}

const fold = (t) => String(t).trim().toLowerCase();

/** A stored problem (an id or the name people read, any case) as the KB's id; itself if unknown. */
function problemId(all, word) {
  const w = fold(word);
  const p = all.find((x) => x.id === word) || all.find((x) => fold(x.name) === w || x.id === w);
  return p ? p.id : word;
}

/** A stored allergy (an id in any case or the plural) as the allergen id; null if none. */
function allergenId(allergens, word) {
  const w = fold(word);
  const ids = allergens.map((a) => a.id);
  if (ids.includes(w)) return w;
  if (w.length > 1 && w.endsWith('s') && ids.includes(w.slice(0, -1))) return w.slice(0, -1);
  return null;
}

/** Presenting problems by name: a search that narrows the KB's problems, a checkbox for each, and
 *  the chosen ones in order (most important first) with buttons to move one earlier or remove
 *  it. value() -> the chosen ids in order. */
function problemPicker(all, chosen) {
  const order = [...chosen];
  const byId = new Map(all.map((p) => [p.id, p]));
  const nameOf = (id) => (byId.get(id) ? byId.get(id).name : id);
  const errId = nextId('err');
  const hintId = nextId('hint');
  const listId = nextId('problems');
  const search = h('input', { type: 'search', id: nextId('find'), autocomplete: 'off', 'aria-controls': listId,
    'aria-describedby': `${hintId} ${errId}` });
  const count = h('p', { class: 'hint', 'aria-live': 'polite' });
  const options = h('div', { class: 'choices', id: listId });
  const chosenHead = h('p', { id: nextId('chosen') }, h('strong', null, 'Chosen, most important first'));
  const chosenBox = h('div');
  const boxes = new Map(); // id -> {row, input}
  for (const p of all) {
    const id = nextId('c');
    const input = h('input', { type: 'checkbox', id, name: 'problem', value: p.id, checked: order.includes(p.id) });
    input.addEventListener('change', () => {
      const at = order.indexOf(p.id);
      if (input.checked && at < 0) order.push(p.id);
      if (!input.checked && at >= 0) order.splice(at, 1);
      drawChosen();
    });
    boxes.set(p.id, { row: h('div', { class: 'choice' }, input, h('label', { for: id }, p.name)), input });
  }
  const filter = () => {
    const q = fold(search.value);
    const shown = all.filter((p) => !q || fold(p.name).includes(q) || p.id.includes(q));
    options.replaceChildren(...shown.map((p) => boxes.get(p.id).row));
    count.textContent = !q ? `${all.length} problems.`
      : shown.length ? `${shown.length} of ${all.length} problems match "${search.value.trim()}".`
        : `No problem matches "${search.value.trim()}".`;
  };
  function drawChosen(focus) {
    if (!order.length) {
      chosenBox.replaceChildren(h('p', { class: 'muted' }, 'None chosen yet.'));
      return;
    }
    const items = order.map((id, i) => {
      const name = nameOf(id);
      const up = h('button', { type: 'button', class: 'small', disabled: i === 0, 'aria-label': `Move ${name} earlier` }, 'Earlier');
      const rm = h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove ${name}` }, 'Remove');
      up.addEventListener('click', () => {
        [order[i - 1], order[i]] = [order[i], order[i - 1]];
        drawChosen({ index: i - 1, what: 'earlier' });
      });
      rm.addEventListener('click', () => {
        order.splice(i, 1);
        if (boxes.has(id)) boxes.get(id).input.checked = false;
        drawChosen({ index: Math.min(i, order.length - 1), what: 'remove' });
      });
      return h('li', { 'data-problem': id }, h('span', null, name), ' ', h('span', { class: 'toolbar' }, up, rm));
    });
    chosenBox.replaceChildren(h('ol', { class: 'chosen', 'aria-labelledby': chosenHead.id }, items));
    if (focus) {
      const li = chosenBox.querySelectorAll('li')[focus.index];
      const btn = li && li.querySelector(focus.what === 'earlier' && focus.index > 0 ? 'button.small' : 'button.link-button');
      (btn || search).focus();
    }
  }
  search.addEventListener('input', filter);
  // Enter in the search narrows; it does not submit the whole form
  search.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') ev.preventDefault(); });
  filter();
  drawChosen();
  const el = h('fieldset', { class: 'card', 'data-field': 'profile.problems' }, h('legend', null, 'Presenting problems'),
    h('p', { class: 'hint', id: hintId }, 'Tick up to 8 problems below (type to narrow the list); the most important first.'),
    h('p', { class: 'field-error', id: errId, hidden: true }), chosenHead, chosenBox,
    h('div', { class: 'field' }, h('label', { for: search.id }, 'Find a problem'), search), count, options);
  return { el, value: () => [...order] };
}

/** Checkboxes for a word list of GET /kb/vocab ([{id, name}]). */
function checks(legend, name, words, chosen, opts) {
  return group(legend, words.map((w) => choice('checkbox', name, w.id, w.name, chosen.includes(w.id))), opts);
}

const ticked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);

export async function render(view, params, ctx) {
  const ref = params[0] || null;
  const [settings, media, problemList, vocab] = await Promise.all([kb('settings'), kb('media'), kb('problems'), kb('vocab')]);
  let stored = null;
  let client = null;
  if (ref) {
    client = (await api.get(paths.client(ref))).client;
    try {
      stored = await api.get(paths.clientProfile(ref));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }
  const p = stored ? stored.body : {};
  ctx.title(ref ? `Profile — ${client.name}` : 'Add a client');
  let created = ref; // once the client exists, a second submit only saves the profile

  const inp = (props) => h('input', props);
  const refI = inp({ type: 'text', name: 'ref', required: true, maxlength: '64', pattern: '[a-z0-9-]{1,64}', autocomplete: 'off', value: ref || '' });
  const nameI = inp({ type: 'text', name: 'name', required: true, maxlength: '200', autocomplete: 'off', value: client ? client.name : '' });
  const birthI = inp({ type: 'number', name: 'birth_year', min: '1900', max: '2100', inputmode: 'numeric', value: client && client.birth_year ? client.birth_year : '' });
  const settingI = select(settings.map((x) => [x.id, x.name]), p.setting || (client && client.setting) || 'outpatient', { name: 'setting' });
  const ageI = inp({ type: 'number', name: 'age', min: '2', max: '120', required: true, inputmode: 'numeric', value: p.age ?? '' });
  const startI = inp({ type: 'date', name: 'start_date', required: true, value: p.start_date || today() });
  const countI = inp({ type: 'number', name: 'count', min: '1', max: '104', inputmode: 'numeric', value: (p.session && p.session.count) || '' });
  const modeI = select([['individual', 'Individual'], ['group', 'Group']], (p.session && p.session.mode) || 'individual', { name: 'mode' });
  const problems = problemPicker([...problemList].sort((a, b) => a.name.localeCompare(b.name)),
    (p.problems || []).map((x) => problemId(problemList, x)));
  // a stored allergy no material check knows (none should be) is kept as another allergy
  const allergyIds = [];
  const otherAllergies = [...(p.other_allergies || [])];
  for (const a of p.allergies || []) {
    const id = allergenId(vocab.allergens, a);
    if (id) allergyIds.push(id); else otherAllergies.push(a);
  }
  const otherI = h('textarea', { name: 'other_allergies', rows: '2' }, otherAllergies.join('\n'));
  const precautionsI = h('textarea', { name: 'precautions', rows: '2' }, (p.precautions || []).join('\n'));
  const strengthsI = inp({ type: 'text', name: 'strengths', value: (p.strengths || []).join(', ') });
  const interestsI = inp({ type: 'text', name: 'interests', value: (p.interests || []).join(', ') });
  const goalsI = h('textarea', { name: 'client_goals', rows: '3' }, (p.client_goals || []).map((g) => (typeof g === 'string' ? g : g.text)).join('\n'));
  const levelI = {};
  for (const [k, opts] of Object.entries(LEVELS)) levelI[k] = select(opts, p[k] || opts[0][0], { name: k });
  const riskI = {};
  for (const [k, [, opts]] of Object.entries(RISKS)) riskI[k] = select(opts.map((o) => [o, `${o.charAt(0).toUpperCase()}${o.slice(1)}`]), (p.risks && p.risks[k]) || 'none', { name: `risk-${k}` });

  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true });
  if (!ref) {
    form.append(h('fieldset', { class: 'card' }, h('legend', null, 'The client'),
      field('Reference', refI, { name: 'ref', hint: 'Lower-case letters, digits and dashes; never a name.' }),
      field('Name', nameI, { name: 'name' }),
      field('Birth year', birthI, { name: 'birth_year' })));
  }
  form.append(
    h('fieldset', { class: 'card' }, h('legend', null, 'Setting and sessions'),
      field('Setting', settingI, { name: 'profile.setting' }),
      field('Age in years', ageI, { name: 'profile.age' }),
      field('First session', startI, { name: 'profile.start_date' }),
      field('Number of sessions', countI, { name: 'profile.session', hint: 'Leave empty for the setting\'s usual number.' }),
      field('Format', modeI, { name: 'profile.session.mode' })),
    problems.el,
    h('fieldset', { class: 'card' }, h('legend', null, 'Strengths and preferences'),
      field('Strengths', strengthsI, { name: 'profile.strengths', hint: 'Separated by commas.' }),
      field('Interests', interestsI, { name: 'profile.interests', hint: 'Separated by commas; matched against intervention themes.' }),
      mediaPicker('Preferred media', 'preferred_media', media, p.preferred_media || []),
      mediaPicker('Disliked media', 'disliked_media', media, p.disliked_media || []),
      field('The client\'s goals in their own words', goalsI, { name: 'profile.client_goals', hint: 'One per line.' }),
      checks('The therapist\'s orientation', 'orientation', vocab.approaches, p.orientation || [],
        { name: 'profile.orientation', hint: 'Techniques of these approaches rank higher.' })),
    h('fieldset', { class: 'card' }, h('legend', null, 'Allergies and precautions'),
      checks('Allergies', 'allergen', vocab.allergens, allergyIds,
        { name: 'profile.allergies', hint: 'Every medium carrying one of these is left out.' }),
      field('Other allergies', otherI, { name: 'profile.other_allergies',
        hint: 'One per line, such as a medicine (penicillin) or a food the materials are not checked for. Each is printed as a precaution on the plan and every session.' }),
      field('Other precautions', precautionsI, { name: 'profile.precautions',
        hint: 'One per line (for example: Left arm: IV line, keep materials to the right). Shown on the plan and every session.' }),
      checks('Textures to avoid', 'texture', vocab.textures, p.avoid_textures || [],
        { name: 'profile.avoid_textures', hint: 'Media with these textures are left out.' })),
    h('fieldset', { class: 'card' }, h('legend', null, 'Abilities and risks'),
      h('div', { class: 'grid2' },
        field('Fine-motor ability', levelI.motor, { name: 'profile.motor' }),
        field('Cognition', levelI.cognition, { name: 'profile.cognition' }),
        field('Expressive language', levelI.verbal, { name: 'profile.verbal' }),
        field('Emotional regulation', levelI.regulation, { name: 'profile.regulation' }),
        field('Trauma history', levelI.trauma, { name: 'profile.trauma' }),
        Object.entries(RISKS).map(([k, [label]]) => field(`Risk: ${label.toLowerCase()}`, riskI[k], { name: `profile.risks.${k}` }))),
      BLOCKS.map(([grp, legend]) => group(legend,
        vocab[grp].map((w) => choice('checkbox', `${grp}.${w.id}`, w.id, w.name, Boolean(p[grp] && p[grp][w.id]))), { name: `profile.${grp}` }))),
    msg,
    h('p', { class: 'actions-row' }, h('button', { type: 'submit', class: 'primary' }, ref ? 'Save the profile' : 'Add the client and save the profile'),
      ' ', h('a', { href: ref ? `#/clients/${ref}` : '#/' }, 'Cancel')));

  const profileBody = (clientRef) => {
    const other = list(otherI.value, /\n/);
    const precautions = list(precautionsI.value, /\n/);
    const textures = ticked(form, 'texture');
    // a format-2 profile stays format 2 (its fields would be refused as format 1); other
    // allergies, precautions and avoided textures are format 2's, so they make one
    const v2 = p.format === 'easel-profile/2' || other.length || precautions.length || textures.length;
    const format = v2 ? 'easel-profile/2' : 'easel-profile/1';
    const body = { ...p, format, client: clientRef, setting: settingI.value, start_date: startI.value };
    body.age = ageI.value === '' ? null : Number(ageI.value);
    const session = { ...(p.session || {}), mode: modeI.value };
    if (countI.value !== '') session.count = Number(countI.value); else delete session.count;
    body.session = session;
    body.problems = problems.value();
    body.strengths = list(strengthsI.value);
    body.interests = list(interestsI.value);
    body.allergies = ticked(form, 'allergen');
    body.other_allergies = other;
    body.precautions = precautions;
    body.avoid_textures = textures;
    body.orientation = ticked(form, 'orientation');
    // a goal in the client's words keeps its tie to the problems it informs while its text is kept
    const tied = new Map((p.client_goals || []).filter((g) => g && typeof g === 'object').map((g) => [g.text, g]));
    body.client_goals = list(goalsI.value, /\n/).map((t) => tied.get(t) || t);
    body.preferred_media = [...form.querySelector('[name=preferred_media]').selectedOptions].map((o) => o.value);
    body.disliked_media = [...form.querySelector('[name=disliked_media]').selectedOptions].map((o) => o.value);
    for (const k of Object.keys(LEVELS)) body[k] = levelI[k].value;
    body.risks = { ...(p.risks || {}) };
    for (const k of Object.keys(RISKS)) body.risks[k] = riskI[k].value;
    for (const [grp] of BLOCKS) {
      body[grp] = { ...(p[grp] || {}) };
      for (const w of vocab[grp]) body[grp][w.id] = form.querySelector(`[name="${grp}.${w.id}"]`).checked;
    }
    for (const k of ['strengths', 'interests', 'allergies', 'other_allergies', 'precautions', 'avoid_textures', 'orientation',
      'client_goals', 'preferred_media', 'disliked_media']) if (!body[k].length) delete body[k];
    if (body.age === null) delete body.age;
    return body;
  };

  // an error at the field the person sees; a part of it ("profile.problems[1]") in words, with
  // the field's own label ("Presenting problems, the 2nd choice: ...")
  const fail = (e) => {
    const el = fieldOf(form, e.field);
    if (el) {
      const f = el.getAttribute('data-field');
      const rest = e.field.slice(f.length);
      const label = el.querySelector('legend, label');
      const text = rest ? `${label ? label.textContent : fieldWords(f)}, ${partWords(rest, UNITS[f])}: ${e.message}` : e.message;
      showFieldError(form, f, text);
      return;
    }
    msg.textContent = e.field ? `${fieldWords(e.field)}: ${e.message}` : e.message;
    msg.hidden = false;
    msg.focus();
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    if (!created) {
      const newRef = refI.value.trim();
      const body = { ref: newRef, name: nameI.value.trim(), setting: settingI.value };
      if (birthI.value) body.birth_year = Number(birthI.value);
      try {
        await api.post(paths.clients(), body);
        created = newRef;
        refI.disabled = true;
        nameI.disabled = true;
        birthI.disabled = true;
      } catch (e) {
        fail(e);
        return;
      }
    }
    try {
      await api.put(paths.clientProfile(created), { profile: profileBody(created) });
      ctx.flash = 'Profile saved.';
      ctx.go(`#/clients/${created}`);
    } catch (e) {
      fail(e);
    }
  });
  append(view, h('h1', null, ref ? `Profile of ${client.name}` : 'Add a client'),
    ref ? h('p', { class: 'muted' }, stored ? `Stored profile version ${stored.version}.` : 'No profile yet.') : null,
    form);
}
