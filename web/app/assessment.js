// assessment.js — recording an art-based assessment (#/clients/REF/assessments/new; issue 11):
// the procedure by name (GET .../assessments lists them with their standard materials and the
// scales each is rated on), date, minutes, materials, instruction, observations, and the artwork
// assessed, chosen among the client's artworks whose image the client consented to keep
// (thumbnails; none is allowed). A procedure with a published rating scheme (PPAT: the 14 FEATS
// scales, 0-5) is rated scale by scale, each a radio group; a running count says how many are
// still unrated, and nothing adds them up (FEATS is never summed). Beside the ratings, the chosen
// artwork's computer-assisted formal elements (formal.js, issue 13), labelled as never a FEATS
// score, a diagnosis, a risk or an indicator. POST .../assessments; a refusal shows next to the
// field it names (ratings[i]: the scale i + 1) and the typed input stays.
import { api, ApiError } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, nextId, clearErrors, showFieldError, today } from './dom.js';
import { FORMAL_TITLE, loadFormal } from './formal.js';
import { sheetImage } from './corners.js';

/** Show message in el's error slot (a field or a group) and mark its controls invalid. */
function markError(el, message) {
  const err = el.querySelector('.field-error');
  err.textContent = message;
  err.hidden = false;
  for (const c of el.querySelectorAll('input, select, textarea')) c.setAttribute('aria-invalid', 'true');
}

/** The rating groups of one procedure: one radio group per scale, min..max. */
function ratingBox(p) {
  const feats = p.id === 'ppat';
  const scales = p.scales.map((scale, i) => {
    const radios = [];
    for (let v = p.min; v <= p.max; v++) radios.push(choice('radio', `rating-${p.id}-${i}`, String(v), String(v)));
    return group(`${i + 1}. ${scale}`, radios, { class: 'attendance item', name: `ratings[${i}]` });
  });
  const count = h('p', { role: 'status' });
  const unrated = () => scales.filter((s) => !s.querySelector('input:checked'));
  const recount = () => {
    const n = unrated().length;
    count.textContent = n === 0 ? `All ${scales.length} scales rated.`
      : `${n} of ${scales.length} scale${scales.length === 1 ? '' : 's'} still unrated.`;
  };
  recount();
  const box = h('fieldset', { class: 'card', 'data-field': 'ratings' },
    h('legend', null, feats ? `FEATS ratings (${scales.length} scales, ${p.min}-${p.max})` : `Ratings (${scales.length} scales, ${p.min}-${p.max})`),
    h('p', { class: 'hint' }, feats
      ? 'Rate each scale on its own from what you see in the drawing. The ratings are read one by one: they are never added up into a score, and they diagnose nothing. Rate every scale, or leave them all unrated to record the PPAT without ratings.'
      : 'Rate each scale on its own; the ratings are never added up. Rate every scale, or none.'),
    h('p', { class: 'field-error', hidden: true }),
    count, scales);
  box.addEventListener('change', recount);
  return {
    box,
    scales,
    unrated,
    /** the ratings in scale order, or null when none is rated */
    values() {
      const v = scales.map((s) => s.querySelector('input:checked'));
      return v.every((c) => c === null) ? null : v.map((c) => (c ? Number(c.value) : null));
    },
  };
}

export async function render(view, [ref], ctx) {
  const [chart, d, arts] = await Promise.all([
    api.get(paths.client(ref)),
    api.get(paths.assessments(ref)),
    api.get(paths.artworks(ref)),
  ]);
  const name = chart.client.name;
  const heading = `Record an art-based assessment — ${name}`;
  ctx.title(heading);
  const onTeam = chart.care_team.find((m) => m.login === ctx.user.login);
  if (!ctx.canRecord() || !onTeam || onTeam.role === 'team') {
    append(view, h('h1', null, heading),
      h('p', { class: 'notice' }, 'Team members read the client\'s art-based assessments on the chart; the therapist or a supervisor records them.'),
      h('p', null, h('a', { href: `#/clients/${ref}` }, 'Back to the chart')));
    return;
  }
  const procs = d.procedures;
  const procById = new Map(procs.map((p) => [p.id, p]));
  const procI = select(procs.map((p) => [p.id, p.name]), procById.has('ppat') ? 'ppat' : procs[0].id, { name: 'procedure' });
  const basis = h('p', { class: 'hint', 'aria-live': 'polite' });
  const dateI = h('input', { type: 'date', name: 'date', value: today(), required: true });
  const minutesI = h('input', { type: 'number', name: 'minutes', min: '1', max: '600', inputmode: 'numeric' });
  const materialsI = h('textarea', { name: 'materials', rows: '2', maxlength: '8000' });
  const instructionI = h('textarea', { name: 'instruction', rows: '2', maxlength: '8000' });
  const instructionHint = h('span');
  const observationsI = h('textarea', { name: 'observations', rows: '5', maxlength: '8000' });

  // the artworks whose image the client consented to keep, newest first
  const consented = arts.artworks.filter((a) => a.consent_record)
    .sort((a, b) => String(b.session_date).localeCompare(String(a.session_date)) || b.id - a.id);
  const withheld = arts.artworks.length - consented.length;
  const artChoices = [choice('radio', 'artwork', '', 'None: no artwork is linked', true),
    ...consented.map((a) => {
      const c = choice('radio', 'artwork', String(a.id), '');
      // the label: the thumbnail (its name is the title beside it), the title and the session
      c.querySelector('label').append(
        sheetImage(ref, a.id, { alt: '', width: '96' }),
        h('br'), a.title || 'Untitled',
        h('span', { class: 'membership' }, a.session_date ? `Session of ${a.session_date}` : 'Session date not recorded'));
      return c;
    })];
  const artGroup = group('The artwork assessed', artChoices, {
    class: 'attendance', name: 'artwork_id',
    hint: consented.length
      ? `The client's artworks with consent to keep the image in the record.${withheld ? ` ${withheld} without that consent ${withheld === 1 ? 'is' : 'are'} not offered.` : ''}`
      : 'No artwork of this client has consent to keep its image in the record: the assessment is recorded without a linked artwork.',
  });

  // the chosen artwork's computer-assisted formal elements, beside the ratings
  const formalId = nextId('formal-h');
  const formalWhich = h('p', null);
  const formalBody = h('div');
  const formal = h('section', { class: 'card', 'aria-labelledby': formalId, hidden: true, 'data-formal': '' },
    h('h2', { id: formalId }, FORMAL_TITLE), formalWhich, formalBody);
  let shown = '';
  const showFormal = () => {
    const c = artGroup.querySelector('input[name=artwork]:checked');
    const id = c ? c.value : '';
    if (id === shown) return;
    shown = id;
    formal.hidden = !id;
    if (!id) return;
    const a = consented.find((x) => String(x.id) === id);
    formalWhich.textContent = `Measured on the photo of "${a.title || 'Untitled'}"${a.session_date ? ` (session of ${a.session_date})` : ''}. Your ratings are yours: these figures do not change them.`;
    loadFormal(formalBody, ref, id, () => shown === id);
  };
  artGroup.addEventListener('change', showFormal);

  // the ratings of each procedure with scales, kept while another procedure is chosen
  const boxes = new Map();
  const ratingSlot = h('div', { class: 'grid2' }, formal);
  let prevMaterials = '';
  const drawProcedure = () => {
    const p = procById.get(procI.value);
    basis.textContent = p.scales.length
      ? `Rated on ${p.scales.length} scales, ${p.min}-${p.max}, each read on its own. Basis: ${p.basis}.`
      : `Recorded as observed: easel holds no verified rating scheme for it. Basis: ${p.basis}.`;
    // the standard materials, unless the therapist wrote others
    if (materialsI.value === prevMaterials) materialsI.value = p.materials || '';
    prevMaterials = p.materials || '';
    instructionHint.textContent = p.instruction_note ? `Standard: ${p.instruction_note}.` : '';
    for (const b of boxes.values()) b.box.remove();
    if (p.scales.length) {
      if (!boxes.has(p.id)) boxes.set(p.id, ratingBox(p));
      ratingSlot.prepend(boxes.get(p.id).box);
    }
  };
  procI.addEventListener('change', drawProcedure);
  drawProcedure();

  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Record the assessment');
  const form = h('form', { class: 'stack', novalidate: true },
    h('fieldset', { class: 'card' }, h('legend', null, 'The assessment'),
      field('Procedure', procI, { name: 'procedure' }), basis,
      h('div', { class: 'grid2' }, field('Date', dateI, { name: 'date' }),
        field('Minutes (optional)', minutesI, { name: 'minutes' })),
      field('Materials', materialsI, { name: 'materials', hint: 'The procedure\'s standard materials; change them if others were used.' }),
      field('Instruction given', instructionI, { name: 'instruction', hint: instructionHint }),
      field('Observations', observationsI, { name: 'observations', hint: 'What you observed during the drawing and what the client said about it.' })),
    h('div', { class: 'card' }, artGroup),
    ratingSlot,
    msg,
    h('p', { class: 'actions-row' }, submit, h('a', { href: `#/clients/${ref}` }, 'Cancel')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const p = procById.get(procI.value);
    const rb = p.scales.length ? boxes.get(p.id) : null;
    const ratings = rb ? rb.values() : null;
    if (ratings && ratings.includes(null)) {
      // partly rated: every scale or none (the ratings are positional, one per scale)
      const left = rb.unrated();
      for (const s of left) markError(s, 'Not rated yet.');
      markError(rb.box, `Rate every scale or none: ${left.length} still unrated (${left.map((s) => s.querySelector('legend').textContent).join('; ')}).`);
      left[0].querySelector('input').focus();
      return;
    }
    const body = { procedure: p.id, date: dateI.value };
    if (minutesI.value !== '') body.minutes = Number(minutesI.value);
    for (const [k, el] of [['materials', materialsI], ['instruction', instructionI], ['observations', observationsI]]) {
      if (el.value.trim()) body[k] = el.value.trim();
    }
    if (ratings) body.ratings = ratings;
    const art = artGroup.querySelector('input[name=artwork]:checked');
    if (art && art.value) body.artwork_id = Number(art.value);
    submit.disabled = true;
    try {
      await api.post(paths.assessments(ref), body);
    } catch (e) {
      submit.disabled = false;
      if (e instanceof ApiError && e.status === 403 && e.field !== 'CSRF') {
        e.message = `Not recorded: ${e.message}`;
        e.field = null;
      }
      if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
        msg.hidden = false;
        msg.focus();
      }
      return;
    }
    ctx.flash = `${p.name}, ${body.date}: assessment recorded.`;
    ctx.go(`#/clients/${ref}`);
  });

  append(view, h('h1', null, heading),
    h('p', { class: 'hint' }, d.note),
    h('p', null, h('a', { href: `#/clients/${ref}` }, 'Back to the chart')),
    form);
}
