// session.js — the session note: SOAP, DAP, BIRP or GIRP, prefilled from GET session-template
// for a plan session; per-objective progress ratings (-2..+2); media used; the artwork photo
// (<input type=file accept="image/*" capture="environment">) uploaded as multipart/form-data
// after the session is stored (POST sessions, then POST sessions/{id}/artworks). A new note is a
// draft until its author signs it (session_view.js); the same form edits a draft
// (#/clients/REF/sessions/ID/edit: GET the session, PUT it with the version it was opened at, so
// a colleague's save in between is refused with 409 and the typed text stays on the screen).
import { api, ApiError, kb } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today } from './dom.js';

const FORMATS = {
  SOAP: [['subjective', 'Subjective'], ['objective', 'Objective'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  DAP: [['data', 'Data'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  BIRP: [['behavior', 'Behaviour'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
  GIRP: [['goal', 'Goal'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
};
const RATINGS = [['', 'Not rated'], ['-2', '−2 much worse than expected'], ['-1', '−1 somewhat worse'], ['0', '0 as expected'],
  ['1', '+1 somewhat better'], ['2', '+2 much better than expected']];

const FORMAT_KEYS = new Set(Object.values(FORMATS).flat().map(([k]) => k));
// the note's keys the form itself writes; any other key of a stored note is kept as it was
const FORM_KEYS = new Set([...FORMAT_KEYS, 'progress', 'media_used', 'reactions']);

// a 404 plan is no plan: before a plan exists the same form records an intake or assessment
// note (plan_version 0)
function noPlan(e) {
  if (e instanceof ApiError && e.status === 404) return null;
  throw e;
}

// #/clients/REF/sessions/new: a new note (a draft until it is signed)
export async function render(view, [ref], ctx) {
  const [chart, planRes, media] = await Promise.all([api.get(paths.client(ref)), api.get(paths.plan(ref)).catch(noPlan), kb('media')]);
  await noteForm(view, { ref, ctx, chart, planRes, media, x: null });
}

// #/clients/REF/sessions/ID/edit: a new version of a draft, for its author
export async function renderEdit(view, [ref, id], ctx) {
  const [chart, d, media] = await Promise.all([api.get(paths.client(ref)), api.get(paths.session(ref, id)), kb('media')]);
  const x = d.session;
  const back = h('p', null, h('a', { href: `#/clients/${ref}/sessions/${id}` }, 'Back to the note'));
  if (x.status !== 'draft' || d.group) {
    ctx.title(`Session of ${x.date} — ${chart.client.name}`);
    append(view, h('h1', null, `Session of ${x.date} — ${chart.client.name}`),
      h('p', { class: 'notice locked' }, 'This note is signed and locked: it cannot be changed. Add an addendum to it instead.'), back);
    return;
  }
  if (!ctx.user || x.created_by !== ctx.user.login) {
    ctx.title(`Session of ${x.date} — ${chart.client.name}`);
    append(view, h('h1', null, `Session of ${x.date} — ${chart.client.name}`),
      h('p', { class: 'notice' }, `Only the note's author, ${x.created_by_name || x.created_by}, edits this draft. Once it is signed, you can add an addendum.`), back);
    return;
  }
  // the plan version the note followed, for its objectives (not necessarily the latest)
  const planRes = x.plan_version ? await api.get(paths.plan(ref, x.plan_version)).catch(noPlan) : null;
  await noteForm(view, { ref, ctx, chart, planRes, media, x });
}

async function noteForm(view, { ref, ctx, chart, planRes, media, x }) {
  const editing = x !== null;
  const plan = planRes ? planRes.plan : null;
  const stored = editing ? (x.note || {}) : {};
  const heading = editing ? `Edit the draft note of ${x.date} — ${chart.client.name}`
    : `${plan ? 'Session note' : 'Intake or assessment note'} — ${chart.client.name}`;
  ctx.title(heading);
  const mediaName = new Map(media.map((m) => [m.id, m.name]));
  const objectives = plan ? plan.goals.flatMap((g) => g.objectives) : [];
  const values = {}; // note text by field, kept when the format changes
  if (editing) for (const [k, v] of Object.entries(stored)) if (FORMAT_KEYS.has(k) && typeof v === 'string') values[k] = v;
  const storedProgress = Array.isArray(stored.progress) ? stored.progress : [];
  const ratedBefore = (o) => storedProgress.find((p) => String(p.objective) === String(o.number));

  const numberI = select(plan ? plan.sessions.map((s) => [s.number, `Session ${s.number} · ${s.date} · ${s.phase}`]) : [['0', 'No plan yet']],
    plan ? Math.min(plan.sessions.length, chart.sessions.length + 1) : '0', { name: 'number' });
  const dateI = h('input', { type: 'date', name: 'date', value: editing ? x.date : today(), required: true });
  const minutesI = h('input', { type: 'number', name: 'minutes', min: '1', max: '600', value: editing ? x.minutes : (plan && plan.session_minutes) || 50, inputmode: 'numeric' });
  const attendI = select([['attended', 'Attended'], ['cancelled', 'Cancelled'], ['no-show', 'Did not attend']], editing ? x.attendance : 'attended', { name: 'attendance' });
  const modeI = select([['individual', 'Individual'], ['group', 'Group']], editing ? x.mode : (plan && plan.mode) || 'individual', { name: 'mode' });
  const formatI = select(Object.keys(FORMATS).map((f) => [f, f]), editing && FORMATS[x.note_format] ? x.note_format : 'SOAP', { name: 'note_format' });
  const noteBox = h('div', { class: 'note-fields' });
  const ratings = objectives.map((o) => {
    const was = editing ? ratedBefore(o) : null;
    return {
      o,
      rating: select(RATINGS, was ? String(was.rating) : '', { name: `rating-${o.number}` }),
      comment: h('input', { type: 'text', name: `comment-${o.number}`, maxlength: '500', value: was && was.comment ? was.comment : '' }),
    };
  });
  const mediaBox = h('div');
  const reactionsI = h('textarea', { name: 'reactions', rows: '3' }, editing && typeof stored.reactions === 'string' ? stored.reactions : '');
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
  const drawMedia = (used, ticked = false) => {
    // the planned media are offered, not recorded: the therapist ticks what was really used
    // (a draft being edited offers the media it recorded, ticked)
    mediaBox.replaceChildren(group(ticked ? 'Media used (untick what was not used)' : 'Media used (the planned ones; tick what was used)', used.length
      ? used.map((id) => choice('checkbox', 'media_used', id, mediaName.get(id) || id, ticked))
      : [h('p', null, ticked ? 'No media recorded for this session.' : 'No media planned for this session.')], { name: 'note.media_used' }),
    field('Other media used', h('select', { multiple: true, size: '4', name: 'media_other' },
      media.filter((m) => !used.includes(m.id)).map((m) => h('option', { value: m.id }, m.name))), { hint: 'Choose any number.' }));
  };
  const prefill = async () => {
    let t = null;
    try {
      if (planRes) t = await api.get(paths.sessionTemplate(ref, planRes.version, numberI.value));
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
  if (editing) {
    drawNote();
    drawMedia(Array.isArray(stored.media_used) ? stored.media_used : [], true);
  } else {
    numberI.addEventListener('change', () => prefill().catch((e) => { msg.textContent = e.message; msg.hidden = false; }));
    await prefill();
  }

  let planLine;
  if (editing) {
    planLine = h('p', { class: 'hint' }, x.plan_version ? `Follows plan version ${x.plan_version}.` : 'An intake or assessment note: no plan version.');
  } else if (plan) {
    planLine = field('Plan session', numberI, { name: 'plan_version', hint: `Plan version ${planRes.version}; choosing a session fills in the note from the plan.` });
  } else {
    planLine = h('p', { class: 'hint' }, 'There is no plan yet: this note records the intake or an assessment, and is kept with the client\'s sessions.');
  }
  const back = editing ? `#/clients/${ref}/sessions/${x.id}` : `#/clients/${ref}`;
  const form = h('form', { class: 'stack', novalidate: true },
    h('fieldset', { class: 'card' }, h('legend', null, 'The session'), planLine,
      h('div', { class: 'grid2' }, field('Date', dateI, { name: 'date' }), field('Minutes', minutesI, { name: 'minutes' }),
        field('Attendance', attendI, { name: 'attendance' }), field('Format', modeI, { name: 'mode' }))),
    h('fieldset', { class: 'card' }, h('legend', null, 'Progress note'), field('Note format', formatI, { name: 'note_format' }), noteBox,
      field('The client\'s reactions', reactionsI, { name: 'note.reactions' })),
    h('fieldset', { class: 'card', 'data-field': 'note.progress' }, h('legend', null, 'Progress on the objectives'),
      h('p', { class: 'field-error', hidden: true }),
      ratings.length ? null : h('p', null, 'No plan objectives to rate.'),
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
    h('p', { class: 'actions-row' }, h('button', { type: 'submit', class: 'primary' }, editing ? 'Save the draft' : 'Save the session note'), ' ',
      h('a', { href: back }, 'Cancel')));

  let sessionId = null; // stored already: a retry only uploads the artwork
  let version = editing ? x.version : 0; // the version this edit started from
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
      // a stored note's keys this form does not write are kept as they were
      const note = {};
      for (const [k, v] of Object.entries(stored)) if (!FORM_KEYS.has(k)) note[k] = v;
      for (const ta of noteBox.querySelectorAll('textarea')) note[ta.name] = ta.value;
      const progress = ratings.filter((r) => r.rating.value !== '').map((r) => (r.comment.value.trim()
        ? { objective: r.o.number, rating: Number(r.rating.value), comment: r.comment.value.trim() }
        : { objective: r.o.number, rating: Number(r.rating.value) }));
      // ratings of objectives the form does not show (their plan version is not readable) stay
      if (editing) for (const p of storedProgress) if (!objectives.some((o) => String(o.number) === String(p.objective))) progress.push(p);
      if (progress.length) note.progress = progress;
      const used = [...form.querySelectorAll('input[name=media_used]:checked')].map((c) => c.value)
        .concat([...form.querySelector('[name=media_other]').selectedOptions].map((o) => o.value));
      if (used.length) note.media_used = used;
      if (reactionsI.value.trim()) note.reactions = reactionsI.value;
      const body = {
        date: dateI.value, minutes: Number(minutesI.value), attendance: attendI.value, mode: modeI.value,
        plan_version: editing ? x.plan_version : planRes ? planRes.version : 0, note_format: formatI.value, note,
      };
      try {
        if (editing) {
          const r = await api.put(paths.session(ref, x.id), { ...body, version });
          version = r.version;
          sessionId = x.id;
        } else {
          const r = await api.post(paths.sessions(ref), body);
          sessionId = r.id;
        }
      } catch (e) {
        if (editing && e instanceof ApiError && e.status === 409 && e.field === 'version') {
          // the typed text stays: the therapist can copy it before reloading
          e.message = 'Someone saved this note since you opened it — reload to see their version. What you typed is still here and was not saved.';
          e.field = null;
        } else if (editing && e instanceof ApiError && e.status === 409 && e.field === 'status') {
          e.message = 'This note was signed meanwhile and is locked: your changes were not saved. Add an addendum to the signed note instead.';
          e.field = null;
        }
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
        await api.upload(paths.sessionArtworks(ref, sessionId), fd);
      } catch (e) {
        e.message = `The note is saved, but the artwork was not: ${e.message}`;
        fail(e);
        return;
      }
    }
    const noteLink = h('a', { href: `#/clients/${ref}/sessions/${sessionId}` }, `read and sign the note of ${dateI.value}`);
    if (editing) {
      ctx.flash = `Draft saved (version ${version})${fileI.files.length ? ' with the artwork' : ''}. It stays a draft until you sign it.`;
      ctx.go(`#/clients/${ref}/sessions/${sessionId}`);
      return;
    }
    ctx.flash = [fileI.files.length ? 'Session note and artwork saved.' : 'Session note saved.',
      ' It is a draft until you sign it: ', noteLink, '.'];
    ctx.go(`#/clients/${ref}`);
  });
  append(view, h('h1', null, editing ? heading : `Session note — ${chart.client.name}`),
    editing
      ? h('p', { class: 'notice' }, `You are editing version ${x.version} of a draft. Saving makes version ${x.version + 1}; version ${x.version} is kept among the earlier versions.`)
      : h('p', { class: 'hint' }, 'The note is saved as a draft: you can edit it until you sign it, and a signed note is locked.'),
    form);
}
