// session.js — the session note: SOAP, DAP, BIRP or GIRP, prefilled from GET session-template
// for a plan session; per-objective progress ratings (-2..+2); media used; the artwork photo
// (<input type=file accept="image/*" capture="environment">) uploaded as multipart/form-data
// after the session is stored (POST sessions, then POST sessions/{id}/artworks).
import { api, ApiError, clientPath, kb } from './api.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today } from './dom.js';

const FORMATS = {
  SOAP: [['subjective', 'Subjective'], ['objective', 'Objective'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  DAP: [['data', 'Data'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  BIRP: [['behavior', 'Behaviour'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
  GIRP: [['goal', 'Goal'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
};
const RATINGS = [['', 'Not rated'], ['-2', '−2 much worse than expected'], ['-1', '−1 somewhat worse'], ['0', '0 as expected'],
  ['1', '+1 somewhat better'], ['2', '+2 much better than expected']];

export async function render(view, [ref], ctx) {
  // before a plan exists the same form records an intake or assessment note (plan_version 0)
  const noPlan = (e) => { if (e instanceof ApiError && e.status === 404) return null; throw e; };
  const [chart, planRes, media] = await Promise.all([api.get(clientPath(ref)), api.get(clientPath(ref, '/plan')).catch(noPlan), kb('media')]);
  const plan = planRes ? planRes.plan : null;
  ctx.title(`${plan ? 'Session note' : 'Intake or assessment note'} — ${chart.client.name}`);
  const mediaName = new Map(media.map((m) => [m.id, m.name]));
  const objectives = plan ? plan.goals.flatMap((g) => g.objectives) : [];
  const values = {}; // note text by field, kept when the format changes

  const numberI = select(plan ? plan.sessions.map((x) => [x.number, `Session ${x.number} · ${x.date} · ${x.phase}`]) : [['0', 'No plan yet']],
    plan ? Math.min(plan.sessions.length, chart.sessions.length + 1) : '0', { name: 'number' });
  const dateI = h('input', { type: 'date', name: 'date', value: today(), required: true });
  const minutesI = h('input', { type: 'number', name: 'minutes', min: '1', max: '600', value: (plan && plan.session_minutes) || 50, inputmode: 'numeric' });
  const attendI = select([['attended', 'Attended'], ['cancelled', 'Cancelled'], ['no-show', 'Did not attend']], 'attended', { name: 'attendance' });
  const modeI = select([['individual', 'Individual'], ['group', 'Group']], (plan && plan.mode) || 'individual', { name: 'mode' });
  const formatI = select(Object.keys(FORMATS).map((f) => [f, f]), 'SOAP', { name: 'note_format' });
  const noteBox = h('div', { class: 'note-fields' });
  const ratings = objectives.map((o) => ({
    o,
    rating: select(RATINGS, '', { name: `rating-${o.number}` }),
    comment: h('input', { type: 'text', name: `comment-${o.number}`, maxlength: '500' }),
  }));
  const mediaBox = h('div');
  const reactionsI = h('textarea', { name: 'reactions', rows: '3' });
  const fileI = h('input', { type: 'file', name: 'image', accept: 'image/*', capture: 'environment' });
  const titleI = h('input', { type: 'text', name: 'title', maxlength: '200' });
  const artMediumI = select([['', 'Not recorded'], ...media.map((m) => [m.id, m.name])], '', { name: 'medium' });
  const wordsI = h('textarea', { name: 'client_words', rows: '2' });
  const consent = {
    record: choice('checkbox', 'consent_record', '1', 'The client consents to keeping a photograph as part of the record'),
    education: choice('checkbox', 'consent_education', '1', 'The client consents to teaching use'),
    exhibition: choice('checkbox', 'consent_exhibition', '1', 'The client consents to exhibition'),
  };
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });

  const drawNote = () => {
    for (const ta of noteBox.querySelectorAll('textarea')) values[ta.name] = ta.value;
    noteBox.replaceChildren(...FORMATS[formatI.value].map(([k, label]) =>
      field(label, h('textarea', { name: k, rows: '3' }, values[k] || ''), { name: `note.${k}` })));
  };
  const drawMedia = (used) => {
    // the planned media are offered, not recorded: the therapist ticks what was really used
    mediaBox.replaceChildren(group('Media used (the planned ones; tick what was used)', used.length
      ? used.map((id) => choice('checkbox', 'media_used', id, mediaName.get(id) || id, false))
      : [h('p', null, 'No media planned for this session.')], { name: 'note.media_used' }),
    field('Other media used', h('select', { multiple: true, size: '4', name: 'media_other' },
      media.filter((m) => !used.includes(m.id)).map((m) => h('option', { value: m.id }, m.name))), { hint: 'Choose any number.' }));
  };
  const prefill = async () => {
    let t = null;
    try {
      if (planRes) t = await api.get(clientPath(ref, `/session-template?plan_version=${planRes.version}&number=${numberI.value}`));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
    if (t) {
      if (t.note_format && FORMATS[t.note_format]) formatI.value = t.note_format;
      for (const [k, v] of Object.entries(t.note || {})) if (typeof v === 'string') values[k] = v;
      noteBox.replaceChildren();
      drawNote();
      for (const [k, v] of Object.entries(t.note || {})) {
        const ta = noteBox.querySelector(`textarea[name="${k}"]`);
        if (ta && typeof v === 'string') ta.value = v;
      }
      drawMedia(t.media_used || (t.note && t.note.media_used) || []);
    } else {
      drawNote();
      drawMedia([]);
    }
  };
  formatI.addEventListener('change', drawNote);
  numberI.addEventListener('change', () => prefill().catch((e) => { msg.textContent = e.message; msg.hidden = false; }));
  await prefill();

  const form = h('form', { class: 'stack', novalidate: true },
    h('fieldset', { class: 'card' }, h('legend', null, 'The session'),
      plan ? field('Plan session', numberI, { name: 'plan_version', hint: `Plan version ${planRes.version}; choosing a session fills in the note from the plan.` })
        : h('p', { class: 'hint' }, 'There is no plan yet: this note records the intake or an assessment, and is kept with the client\'s sessions.'),
      h('div', { class: 'grid2' }, field('Date', dateI, { name: 'date' }), field('Minutes', minutesI, { name: 'minutes' }),
        field('Attendance', attendI, { name: 'attendance' }), field('Format', modeI, { name: 'mode' }))),
    h('fieldset', { class: 'card' }, h('legend', null, 'Progress note'), field('Note format', formatI, { name: 'note_format' }), noteBox,
      field('The client\'s reactions', reactionsI, { name: 'note.reactions' })),
    h('fieldset', { class: 'card', 'data-field': 'note.progress' }, h('legend', null, 'Progress on the objectives'),
      h('p', { class: 'field-error', hidden: true }),
      ratings.map(({ o, rating, comment }) => h('div', { class: 'rating' },
        h('p', { class: 'objective-text' }, `${o.number}: ${o.smart}`),
        h('div', { class: 'grid2' }, field(`Rating for objective ${o.number}`, rating), field(`Comment on objective ${o.number}`, comment))))),
    h('fieldset', { class: 'card' }, h('legend', null, 'Media'), mediaBox),
    h('fieldset', { class: 'card', 'data-field': 'artwork' }, h('legend', null, 'Artwork'),
      field('Photo of the artwork', fileI, { name: 'image', hint: 'Take a photo or choose a JPEG or PNG file. Optional.' }),
      field('Title', titleI, { name: 'title' }), field('Medium', artMediumI, { name: 'medium' }),
      field('The client\'s words about the artwork', wordsI, { name: 'client_words' }),
      group('Consent', [consent.record, consent.education, consent.exhibition], { name: 'consent_record', hint: 'Each consent is separate and can be withdrawn.' })),
    msg,
    h('p', { class: 'actions-row' }, h('button', { type: 'submit', class: 'primary' }, 'Save the session note'), ' ',
      h('a', { href: `#/clients/${ref}` }, 'Cancel')));

  let sessionId = null; // stored already: a retry only uploads the artwork
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const fail = (e) => {
      if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
        msg.hidden = false;
        msg.focus();
      }
    };
    if (sessionId === null) {
      const note = {};
      for (const ta of noteBox.querySelectorAll('textarea')) note[ta.name] = ta.value;
      const progress = ratings.filter((r) => r.rating.value !== '').map((r) => (r.comment.value.trim()
        ? { objective: r.o.number, rating: Number(r.rating.value), comment: r.comment.value.trim() }
        : { objective: r.o.number, rating: Number(r.rating.value) }));
      if (progress.length) note.progress = progress;
      const used = [...form.querySelectorAll('input[name=media_used]:checked')].map((c) => c.value)
        .concat([...form.querySelector('[name=media_other]').selectedOptions].map((o) => o.value));
      if (used.length) note.media_used = used;
      if (reactionsI.value.trim()) note.reactions = reactionsI.value;
      try {
        const r = await api.post(clientPath(ref, '/sessions'), {
          date: dateI.value, minutes: Number(minutesI.value), attendance: attendI.value, mode: modeI.value,
          plan_version: planRes ? planRes.version : 0, note_format: formatI.value, note,
        });
        sessionId = r.id;
      } catch (e) {
        fail(e);
        return;
      }
    }
    if (fileI.files.length) {
      const fd = new FormData();
      fd.append('image', fileI.files[0]);
      fd.append('title', titleI.value);
      fd.append('medium', artMediumI.value);
      fd.append('client_words', wordsI.value);
      fd.append('consent_record', form.querySelector('[name=consent_record]').checked ? '1' : '0');
      fd.append('consent_education', form.querySelector('[name=consent_education]').checked ? '1' : '0');
      fd.append('consent_exhibition', form.querySelector('[name=consent_exhibition]').checked ? '1' : '0');
      try {
        await api.upload(clientPath(ref, `/sessions/${sessionId}/artworks`), fd);
      } catch (e) {
        e.message = `The note is saved, but the artwork was not: ${e.message}`;
        fail(e);
        return;
      }
    }
    ctx.flash = fileI.files.length ? 'Session note and artwork saved.' : 'Session note saved.';
    ctx.go(`#/clients/${ref}`);
  });
  append(view, h('h1', null, `Session note — ${chart.client.name}`), form);
}
