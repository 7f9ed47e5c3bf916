// group_session.js — one group session (docs/groups.md "Documenting a session"): documented for
// everyone on the roster that day on one screen (attendance with large touch targets, minutes
// attended when late or leaving early, a short note and per-objective ratings for those who
// came, and the group narrative), saved as a draft (POST groups/{ref}/sessions; saving again
// replaces the draft); then read, signed once (POST .../sessions/{n}/sign: a copy goes into
// every member's chart and the note is locked), and each member's artwork uploaded to their own
// copy (POST clients/{ref}/sessions/{copy}/artworks).
import { api, ApiError } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, nextId } from './dom.js';
import { loadGroup, onRoster } from './groups.js';

const ATTENDANCE = [['attended', 'Attended'], ['late', 'Late'], ['left-early', 'Left early'], ['absent', 'Absent'], ['cancelled', 'Cancelled']];
const ATT_WORDS = Object.fromEntries(ATTENDANCE);
const PARTIAL = new Set(['late', 'left-early']); // minutes attended are asked
const AWAY = new Set(['absent', 'cancelled']); // no note, no ratings
const RATINGS = [['', 'Not rated'], ['-2', '−2 much worse than expected'], ['-1', '−1 somewhat worse'], ['0', '0 as expected'],
  ['1', '+1 somewhat better'], ['2', '+2 much better than expected']];
const NARRATIVE = [['directive', 'Directive', 'input'], ['media', 'Media', 'input'], ['themes', 'Themes', 'input'],
  ['process', 'Process', 'textarea'], ['next_steps', 'Next steps', 'textarea']];

function addDays(date, n) {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function signedRating(n) {
  return n > 0 ? `+${n}` : String(n);
}

/** The objectives a member is rated on: those of their own latest plan (none without a plan). */
async function objectivesOf(ref) {
  try {
    const p = await api.get(paths.plan(ref));
    return { version: p.version, list: (p.plan.goals || []).flatMap((g) => g.objectives || [])
      .map((o) => ({ key: String(o.number), label: `Objective ${o.number}`, hint: o.smart })) };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    return { version: 0, list: [] };
  }
}

// #/groups/REF/sessions/new (the next session) and #/groups/REF/sessions/new/N (session N: a new
// one, or the draft of it)
export async function renderNew(view, [ref, numberParam], ctx) {
  const got = await loadGroup(view, ctx, ref, paths.groupSessions(ref));
  if (!got) return;
  const [d, list] = got;
  const g = d.group;
  const number = numberParam ? Number(numberParam) : list.next ? list.next.number : null;
  if (!number) {
    ctx.title(`Document a session — ${g.name}`);
    append(view, h('h1', null, `Document a session — ${g.name}`), h('p', null, 'Every session of the program is documented.'),
      h('p', null, h('a', { href: `#/groups/${ref}` }, 'Back to the program')));
    return;
  }
  const existing = list.sessions.find((s) => s.number === number) || null;
  ctx.title(`Session ${number} — ${g.name}`);
  if (existing && existing.status === 'signed') {
    append(view, h('h1', null, `Session ${number} — ${g.name}`),
      h('p', { class: 'notice' }, 'This session is signed and locked: it cannot be changed. Add an addendum to a member\'s copy instead.'),
      h('p', null, h('a', { href: `#/groups/${ref}/sessions/${number}` }, `Open session ${number}`)));
    return;
  }
  // the group plan: what the session planned starts the narrative; documenting does not wait
  // for a plan to exist
  let plan = null;
  try {
    plan = await api.get(paths.groupPlan(ref, 'clinician'));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
  }
  const planned = plan ? plan.sessions.find((s) => s.number === number) : null;
  const defaultDate = existing ? existing.date
    : list.next && list.next.number === number ? list.next.date : planned ? planned.date : addDays(g.start_date, 7 * (number - 1));

  const dateI = h('input', { type: 'date', name: 'date', value: defaultDate, required: true });
  const minutesI = h('input', { type: 'number', name: 'minutes', min: '1', max: '600', inputmode: 'numeric', value: existing ? existing.minutes : g.minutes });
  const narrative = {};
  const prefill = {
    directive: planned ? planned.items.map((it) => `${it.role === 'main' ? 'Main' : it.role === 'opening' ? 'Opening' : 'Closing'}: ${it.name}`).join('; ') : '',
    media: planned ? [...new Set(planned.items.flatMap((it) => it.materials || []))].join(', ') : '',
  };
  for (const [k, , tag] of NARRATIVE) {
    const value = existing ? existing[k] || '' : prefill[k] || '';
    narrative[k] = tag === 'textarea' ? h('textarea', { name: k, rows: '3', maxlength: '4000' }, value)
      : h('input', { type: 'text', name: k, maxlength: '1000', value });
  }

  // one entry per member ever on the roster: the date decides who is shown
  const objectiveCache = new Map();
  // the clinician's view of the plan lists each member's own objectives; a member it does not
  // cover (no plan could be computed, or not on the roster on the plan's day) is asked for
  for (const r of (plan && plan.roster) || []) {
    if (Array.isArray(r.objectives)) {
      objectiveCache.set(r.ref, { version: r.plan_version, list: r.objectives.map((o) => ({ key: String(o.number), label: `Objective ${o.number}`, hint: o.text })) });
    }
  }
  await Promise.all(d.members.map(async (m) => { if (!objectiveCache.has(m.ref)) objectiveCache.set(m.ref, await objectivesOf(m.ref)); }));
  const previous = new Map(existing ? existing.members.map((m) => [m.ref, m]) : []);
  const entries = new Map();
  const entryFor = (m) => {
    if (entries.has(m.ref)) return entries.get(m.ref);
    const was = previous.get(m.ref) || {};
    const radioName = nextId('att');
    const radios = ATTENDANCE.map(([v, l]) => choice('radio', radioName, v, l, (was.attendance || 'attended') === v));
    const minutes = h('input', { type: 'number', name: 'member_minutes', min: '1', inputmode: 'numeric', value: PARTIAL.has(was.attendance) ? was.minutes : '' });
    const note = h('textarea', { name: 'member_note', rows: '2', maxlength: '2000' }, was.note || '');
    const objectives = objectiveCache.get(m.ref);
    const ratings = objectives.list.map((o) => ({
      o,
      control: select(RATINGS, was.ratings && was.ratings[o.key] !== undefined ? String(was.ratings[o.key]) : '', { name: 'member_rating' }),
    }));
    // the member's name is in every label for a screen reader; the card's legend shows it
    const who = (text) => h('span', { class: 'visually-hidden' }, text);
    const attF = group(['Attendance', who(` of ${m.name}`)], radios, { class: 'attendance' });
    const minF = field(['Minutes', who(` ${m.name}`), ' attended'], minutes, { hint: `Fewer than the session's minutes.` });
    const noteF = field(['Note', who(` on ${m.name}`)], note);
    const ratingBox = h('div', { class: 'member-ratings' },
      h('p', { class: 'field-error', hidden: true }), // an error about the ratings as a whole
      h('p', { class: 'hint' }, objectives.list.length ? `Progress on the objectives of their own plan (version ${objectives.version}).`
        : 'No plan of their own yet: no objective to rate.'),
      h('div', { class: 'grid2' }, ratings.map((r) => field([who(`${m.name}: `), r.o.label], r.control, { hint: r.o.hint }))));
    const present = h('div', { class: 'member-present' }, noteF, ratingBox);
    const box = h('fieldset', { class: 'card member', 'data-ref': m.ref }, h('legend', null, m.name), attF, minF, present);
    const sync = () => {
      const a = box.querySelector('input[type=radio]:checked').value;
      minF.hidden = !PARTIAL.has(a);
      minutes.disabled = !PARTIAL.has(a);
      present.hidden = AWAY.has(a);
      for (const c of present.querySelectorAll('textarea, select')) c.disabled = AWAY.has(a);
    };
    box.addEventListener('change', (ev) => { if (ev.target.type === 'radio') sync(); });
    sync();
    const entry = { m, box, attF, minF, noteF, ratingBox, minutes, note, ratings };
    entries.set(m.ref, entry);
    return entry;
  };
  const membersBox = h('div', { class: 'members' });
  const count = h('p', { class: 'muted', role: 'status' });
  let shown = [];
  const drawMembers = () => {
    shown = d.members.filter((m) => onRoster(m, dateI.value)).map(entryFor);
    // the API names a member's field by their place in the list sent: members[k].note
    shown.forEach((e, k) => {
      e.box.setAttribute('data-field', `members[${k}]`);
      e.attF.setAttribute('data-field', `members[${k}].attendance`);
      e.minF.setAttribute('data-field', `members[${k}].minutes`);
      e.noteF.setAttribute('data-field', `members[${k}].note`);
      e.ratingBox.setAttribute('data-field', `members[${k}].ratings`);
    });
    membersBox.replaceChildren(...(shown.length ? shown.map((e) => e.box) : [h('p', null, `Nobody is on the roster on ${dateI.value}.`)]));
    count.textContent = `${shown.length} member${shown.length === 1 ? '' : 's'} on the roster on ${dateI.value}.`;
  };
  dateI.addEventListener('change', drawMembers);
  drawMembers();

  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'stack group-note', novalidate: true },
    h('fieldset', { class: 'card' }, h('legend', null, `Session ${number} of ${g.sessions}`),
      h('div', { class: 'grid2' }, field('Date', dateI, { name: 'date' }), field('Session minutes', minutesI, { name: 'minutes' })), count),
    h('h2', null, 'Members'),
    h('p', { class: 'hint' }, 'Everyone starts as attended: change only who came late, left early, was absent or cancelled. '
      + 'Notes are a sentence or two; other members\' names become initials in each member\'s copy.'),
    membersBox,
    h('fieldset', { class: 'card' }, h('legend', null, 'The group'),
      NARRATIVE.map(([k, label]) => field(label, narrative[k], { name: k, hint: k === 'directive' && planned ? 'From the group plan; change it to what was done.' : null }))),
    msg,
    h('p', { class: 'actions-row' }, h('button', { type: 'submit', class: 'primary' }, 'Save the session note'), ' ',
      h('a', { href: `#/groups/${ref}` }, 'Cancel')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const body = { number, date: dateI.value, minutes: Number(minutesI.value) };
    for (const [k] of NARRATIVE) body[k] = narrative[k].value.trim();
    body.members = shown.map((e) => {
      const attendance = e.box.querySelector('input[type=radio]:checked').value;
      const out = { client: e.m.ref, attendance };
      if (PARTIAL.has(attendance) && e.minutes.value !== '') out.minutes = Number(e.minutes.value);
      if (!AWAY.has(attendance)) {
        if (e.note.value.trim()) out.note = e.note.value.trim();
        const r = {};
        for (const { o, control } of e.ratings) if (control.value !== '') r[o.key] = Number(control.value);
        if (Object.keys(r).length) out.ratings = r;
      }
      return out;
    });
    try {
      await api.post(paths.groupSessions(ref), body);
      ctx.flash = `Session ${number} saved as a draft. Read it through, then sign it.`;
      ctx.go(`#/groups/${ref}/sessions/${number}`);
    } catch (e) {
      if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
        msg.hidden = false;
        msg.focus();
      }
    }
  });
  append(view, h('h1', null, `Session ${number} — ${g.name}`),
    existing ? h('p', { class: 'notice' }, 'A draft of this session is saved: saving again replaces it.') : null,
    form);
}

function artworkForm(m) {
  const fileI = h('input', { type: 'file', name: 'image', accept: 'image/*', capture: 'environment' });
  const titleI = h('input', { type: 'text', name: 'title', maxlength: '200' });
  const wordsI = h('textarea', { name: 'client_words', rows: '2' });
  const consent = choice('checkbox', 'consent_record', '1', `${m.name} consents to keeping a photograph as part of the record`);
  const status = h('p', { role: 'status', class: 'hint' });
  const form = h('form', { class: 'stack', novalidate: true },
    field(`Photo of ${m.name}'s artwork`, fileI, { name: 'image', hint: 'Take a photo or choose a JPEG or PNG file.' }),
    field('Title', titleI, { name: 'title' }),
    field(`${m.name}'s words about it`, wordsI, { name: 'client_words' }),
    group('Consent', [consent], { name: 'consent_record', hint: 'Teaching use and exhibition are asked separately, in the member\'s chart.' }),
    h('p', null, h('button', { type: 'submit' }, 'Upload the artwork')), status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    if (!fileI.files.length) {
      showFieldError(form, 'image', 'Choose or take a photo first.');
      return;
    }
    const fd = new FormData();
    fd.append('image', fileI.files[0]);
    fd.append('title', titleI.value);
    fd.append('client_words', wordsI.value);
    fd.append('consent_record', form.querySelector('[name=consent_record]').checked ? '1' : '0');
    fd.append('consent_education', '0');
    fd.append('consent_exhibition', '0');
    try {
      await api.upload(paths.sessionArtworks(m.ref, m.copy), fd);
      form.reset();
      status.textContent = `Artwork saved to ${m.name}'s copy of this session.`;
    } catch (e) {
      if (!showFieldError(form, e.field, e.message)) status.textContent = `Not saved: ${e.message}`;
    }
  });
  return h('details', { class: 'edit-record add-artwork' }, h('summary', null, `Add artwork for ${m.name}`), form);
}

// #/groups/REF/sessions/N: the session as documented; signing; each member's copy and artwork
export async function render(view, [ref, numberParam], ctx) {
  const number = Number(numberParam);
  const got = await loadGroup(view, ctx, ref, paths.groupSessions(ref));
  if (!got) return;
  const [d, list] = got;
  const g = d.group;
  const s = list.sessions.find((x) => x.number === number);
  ctx.title(`Session ${number} — ${g.name}`);
  append(view, h('h1', null, `Session ${number} — ${g.name}`), ctx.takeFlash());
  if (!s) {
    append(view, h('p', null, `Session ${number} is not documented yet.`),
      ctx.canRecord() ? h('p', null, h('a', { class: 'button primary', href: `#/groups/${ref}/sessions/new/${number}` }, `Document session ${number}`)) : null,
      h('p', null, h('a', { href: `#/groups/${ref}` }, 'Back to the program')));
    return;
  }
  const signed = s.status === 'signed';
  append(view,
    signed
      ? h('p', { class: 'notice ok locked' }, `Signed${s.signed_by ? ` by ${s.signed_by}` : ''}${s.cosigned_by ? `, co-signed by ${s.cosigned_by},` : ''} and locked: copied into each member's chart. Corrections go in an addendum to a member's copy.`)
      : h('p', { class: 'notice' }, 'Draft: not signed yet. Nothing is in the members\' charts until it is signed.'),
    h('p', null, h('a', { href: `#/groups/${ref}` }, 'Back to the program')));
  append(view, h('section', { class: 'card', 'aria-labelledby': 'gs-h' }, h('h2', { id: 'gs-h' }, 'The group'),
    h('dl', { class: 'facts' },
      [['Date', s.date], ['Minutes', s.minutes], ...NARRATIVE.map(([k, label]) => [label, s[k] || '—'])]
        .map(([k, v]) => [h('dt', null, k), h('dd', { class: 'note-text' }, String(v))]))));

  const present = (m) => !AWAY.has(m.attendance);
  append(view, h('section', { class: 'card', 'aria-labelledby': 'gm-h' }, h('h2', { id: 'gm-h' }, `Members (${s.members.length})`),
    h('ul', { class: 'member-list' }, s.members.map((m) => {
      const ratings = Object.entries(m.ratings || {});
      return h('li', { class: 'member-view', 'data-ref': m.ref },
        h('h3', null, signed && m.copy ? h('a', { href: `#/clients/${m.ref}/sessions/${m.copy}` }, m.name) : m.name),
        h('p', null, h('strong', null, ATT_WORDS[m.attendance] || m.attendance),
          present(m) ? ` · ${m.minutes} minutes` : ''),
        m.note ? h('p', { class: 'note-text' }, m.note) : null,
        ratings.length ? h('p', null, `Ratings: ${ratings.map(([o, v]) => `objective ${o}: ${signedRating(v)}`).join('; ')}`) : null,
        signed && m.copy && present(m) && ctx.canRecord() ? artworkForm(m) : null);
    }))));

  // a second facilitator co-signs a signed note (never the one who signed it)
  if (signed && !s.cosigned_by && ctx.canRecord() && ctx.user && s.signed_by !== ctx.user.name) {
    const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
    const btn = h('button', { type: 'button', class: 'primary' }, `Co-sign session ${number}`);
    btn.addEventListener('click', async () => {
      msg.hidden = true;
      btn.disabled = true;
      try {
        await api.post(paths.groupSessionCosign(ref, number));
        ctx.flash = `Session ${number} co-signed.`;
        ctx.go(location.hash);
      } catch (e) {
        btn.disabled = false;
        msg.textContent = e.message;
        msg.hidden = false;
        msg.focus();
      }
    });
    append(view, h('section', { class: 'card', 'aria-labelledby': 'gcosign-h' }, h('h2', { id: 'gcosign-h' }, 'Co-sign'),
      h('p', null, 'Co-signing records that you, as a second facilitator, have read and agree with this note.'),
      msg, h('p', { class: 'actions-row' }, btn)));
  }

  if (!signed && ctx.canRecord()) {
    const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
    const btn = h('button', { type: 'button', class: 'primary' }, `Sign session ${number}`);
    btn.addEventListener('click', async () => {
      msg.hidden = true;
      btn.disabled = true;
      try {
        const r = await api.post(paths.groupSessionSign(ref, number));
        ctx.flash = `Session ${number} signed: copied into ${r && r.copies !== undefined ? r.copies : 'the'} member${r && r.copies === 1 ? '\'s chart' : 's\' charts'}.`;
        ctx.go(location.hash);
      } catch (e) {
        btn.disabled = false;
        msg.textContent = e.message;
        msg.hidden = false;
        msg.focus();
      }
    });
    append(view, h('section', { class: 'card', 'aria-labelledby': 'gsign-h' }, h('h2', { id: 'gsign-h' }, 'Sign'),
      h('p', null, 'Signing copies the note into every member\'s chart (other members\' names become initials) and locks it: it cannot be changed afterwards.'),
      msg,
      h('p', { class: 'actions-row' }, btn, h('a', { class: 'button', href: `#/groups/${ref}/sessions/new/${number}` }, 'Change the draft'))));
  }
}
