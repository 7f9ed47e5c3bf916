// intake.js — intake (POST /api/v1/clients, then PUT profile) and profile editing (GET/PUT
// profile) on one form: the main fields of docs/profile.md (age, setting, start date, session
// count, problems, strengths and preferences, constraints, the client's own words). Fields the
// form does not show are kept from the stored profile. Server validation errors are shown next
// to the field they name ("ref", "profile.age", "profile.problems[1]"...).
import { api, ApiError, clientPath, kb } from './api.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today, list } from './dom.js';

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
const FLAGS = {
  sensory: [['tactile_defensive', 'Tactile defensive'], ['olfactory_sensitive', 'Sensitive to smells'], ['noise_sensitive', 'Sensitive to noise'],
    ['visual_impairment', 'Visual impairment'], ['hearing_impairment', 'Hearing impairment']],
  medical: [['immunocompromised', 'Immunocompromised'], ['fatigue', 'Fatigue'], ['bed_bound', 'Bed-bound'], ['respiratory', 'Respiratory condition']],
  psychiatric: [['acute_psychosis', 'Acute psychosis'], ['mania', 'Mania'], ['dissociation', 'Dissociation']],
};

function mediaPicker(legend, name, media, chosen) {
  const sel = h('select', { multiple: true, size: '6', name },
    media.map((m) => h('option', { value: m.id, selected: chosen.includes(m.id) }, m.name)));
  return field(legend, sel, { name: `profile.${name}`, hint: 'Choose any number (Ctrl or Shift to choose several).' });
}

export async function render(view, params, ctx) {
  const ref = params[0] || null;
  const [settings, media] = await Promise.all([kb('settings'), kb('media')]);
  let stored = null;
  let client = null;
  if (ref) {
    client = (await api.get(clientPath(ref))).client;
    try {
      stored = await api.get(clientPath(ref, '/profile'));
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
  const problemsI = inp({ type: 'text', name: 'problems', required: true, value: (p.problems || []).join(', ') });
  const strengthsI = inp({ type: 'text', name: 'strengths', value: (p.strengths || []).join(', ') });
  const interestsI = inp({ type: 'text', name: 'interests', value: (p.interests || []).join(', ') });
  const allergiesI = inp({ type: 'text', name: 'allergies', value: (p.allergies || []).join(', ') });
  const goalsI = h('textarea', { name: 'client_goals', rows: '3' }, (p.client_goals || []).map((g) => (typeof g === 'string' ? g : g.text)).join('\n'));
  const levelI = {};
  for (const [k, opts] of Object.entries(LEVELS)) levelI[k] = select(opts, p[k] || opts[0][0], { name: k });
  const riskI = {};
  for (const [k, [, opts]] of Object.entries(RISKS)) riskI[k] = select(opts.map((o) => [o, o]), (p.risks && p.risks[k]) || 'none', { name: `risk-${k}` });

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
    h('fieldset', { class: 'card' }, h('legend', null, 'Problems'),
      field('Presenting problems', problemsI, { name: 'profile.problems', hint: 'Problem ids from the knowledge base, most important first, separated by commas (for example: depression, anxiety).' })),
    h('fieldset', { class: 'card' }, h('legend', null, 'Strengths and preferences'),
      field('Strengths', strengthsI, { name: 'profile.strengths', hint: 'Separated by commas.' }),
      field('Interests', interestsI, { name: 'profile.interests', hint: 'Separated by commas; matched against intervention themes.' }),
      mediaPicker('Preferred media', 'preferred_media', media, p.preferred_media || []),
      mediaPicker('Disliked media', 'disliked_media', media, p.disliked_media || []),
      field('The client\'s goals in their own words', goalsI, { name: 'profile.client_goals', hint: 'One per line.' })),
    h('fieldset', { class: 'card' }, h('legend', null, 'Constraints'),
      field('Allergies', allergiesI, { name: 'profile.allergies', hint: 'Allergen ids separated by commas (for example: latex).' }),
      h('div', { class: 'grid2' },
        field('Fine-motor ability', levelI.motor, { name: 'profile.motor' }),
        field('Cognition', levelI.cognition, { name: 'profile.cognition' }),
        field('Expressive language', levelI.verbal, { name: 'profile.verbal' }),
        field('Emotional regulation', levelI.regulation, { name: 'profile.regulation' }),
        field('Trauma history', levelI.trauma, { name: 'profile.trauma' }),
        Object.entries(RISKS).map(([k, [label]]) => field(`Risk: ${label.toLowerCase()}`, riskI[k], { name: `profile.risks.${k}` }))),
      Object.entries(FLAGS).map(([grp, flags]) => group(grp === 'sensory' ? 'Sensory' : grp === 'medical' ? 'Medical' : 'Psychiatric',
        flags.map(([k, label]) => choice('checkbox', `${grp}.${k}`, k, label, Boolean(p[grp] && p[grp][k]))), { name: `profile.${grp}` }))),
    msg,
    h('p', { class: 'actions-row' }, h('button', { type: 'submit', class: 'primary' }, ref ? 'Save the profile' : 'Add the client and save the profile'),
      ' ', h('a', { href: ref ? `#/clients/${ref}` : '#/' }, 'Cancel')));

  const profileBody = (clientRef) => {
    // a format-2 profile stays format 2 (its fields would be refused as format 1)
    const format = p.format === 'easel-profile/2' ? p.format : 'easel-profile/1';
    const body = { ...p, format, client: clientRef, setting: settingI.value, start_date: startI.value };
    body.age = ageI.value === '' ? null : Number(ageI.value);
    const session = { ...(p.session || {}), mode: modeI.value };
    if (countI.value !== '') session.count = Number(countI.value); else delete session.count;
    body.session = session;
    body.problems = list(problemsI.value);
    body.strengths = list(strengthsI.value);
    body.interests = list(interestsI.value);
    body.allergies = list(allergiesI.value);
    // a goal in the client's words keeps its tie to the problems it informs while its text is kept
    const tied = new Map((p.client_goals || []).filter((g) => g && typeof g === 'object').map((g) => [g.text, g]));
    body.client_goals = list(goalsI.value, /\n/).map((t) => tied.get(t) || t);
    body.preferred_media = [...form.querySelector('[name=preferred_media]').selectedOptions].map((o) => o.value);
    body.disliked_media = [...form.querySelector('[name=disliked_media]').selectedOptions].map((o) => o.value);
    for (const k of Object.keys(LEVELS)) body[k] = levelI[k].value;
    body.risks = { ...(p.risks || {}) };
    for (const k of Object.keys(RISKS)) body.risks[k] = riskI[k].value;
    for (const [grp, flags] of Object.entries(FLAGS)) {
      body[grp] = { ...(p[grp] || {}) };
      for (const [k] of flags) body[grp][k] = form.querySelector(`[name="${grp}.${k}"]`).checked;
    }
    for (const k of ['strengths', 'interests', 'allergies', 'client_goals', 'preferred_media', 'disliked_media']) if (!body[k].length) delete body[k];
    if (body.age === null) delete body.age;
    return body;
  };

  const fail = (e) => {
    if (!showFieldError(form, e.field, e.message)) {
      msg.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
      msg.hidden = false;
      msg.focus();
    }
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
        await api.post('/api/v1/clients', body);
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
      await api.put(clientPath(created, '/profile'), { profile: profileBody(created) });
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
