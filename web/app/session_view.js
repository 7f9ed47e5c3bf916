// session_view.js — one recorded session (GET sessions/{id}): when, how long, attendance, the
// plan version it followed, the progress note in its format's fields, the per-objective ratings,
// media used, the client's reactions, and the artworks made in it (images only with the
// client's consent to keep them in the record: the sheet flattened, which the documents and the
// formal elements read, with the photo as taken folded under it and the corner step of
// corners.js). The note's state comes first: a draft (its
// version, and for its author Sign and lock, after a confirmation, and Edit the draft, in
// session.js) or signed and locked (by whom, when). A draft's earlier versions fold away under
// the note. A signed note and a group session's copy (signed and locked when the group session
// was signed) take addenda (POST .../addenda); a draft is edited instead.
import { api, ApiError, names } from './api.js';
import * as paths from './paths.js';
import { append, h, field, fmtTime, nextId, clearErrors, showFieldError } from './dom.js';
import { formalPanel } from './formal.js';
import { sheetView } from './corners.js';

const FIELDS = {
  SOAP: [['subjective', 'Subjective'], ['objective', 'Objective'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  DAP: [['data', 'Data'], ['assessment', 'Assessment'], ['plan', 'Plan']],
  BIRP: [['behavior', 'Behaviour'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
  GIRP: [['goal', 'Goal'], ['intervention', 'Intervention'], ['response', 'Response'], ['plan', 'Plan']],
};
const ATTENDANCE = { attended: 'Attended', cancelled: 'Cancelled', 'no-show': 'Did not attend' };

function signed(n) {
  return n > 0 ? `+${n}` : String(n);
}

export async function render(view, [ref, id], ctx) {
  const [chart, d, media] = await Promise.all([
    api.get(paths.client(ref)),
    api.get(paths.session(ref, id)),
    names('media'),
  ]);
  const x = d.session;
  const note = x.note || {};
  ctx.title(`Session of ${x.date} — ${chart.client.name}`);
  const facts = [['Date', x.date], ['Minutes', x.minutes], ['Attendance', ATTENDANCE[x.attendance] || x.attendance], ['Mode', x.mode],
    ['Plan version', x.plan_version || '—'], ['Note format', x.note_format],
    ['Recorded by', x.created_by_name ? `${x.created_by_name} (${x.created_by})` : x.created_by], ['Recorded', `${fmtTime(x.created_at)} UTC`]];
  if (x.edited_by) facts.push(['Last edited by', x.edited_by]);
  const locked = x.status !== 'draft'; // a note from before drafts existed has no status: it was never editable
  const progress = Array.isArray(note.progress) ? note.progress : [];
  const used = Array.isArray(note.media_used) ? note.media_used : [];
  append(view,
    h('h1', null, `Session of ${x.date} — ${chart.client.name}`),
    ctx.takeFlash(),
    d.group ? h('p', { class: 'notice locked' }, `Group session ${d.group.number} of ${d.group.program} — signed and locked.`) : null,
    h('p', null, h('a', { href: `#/clients/${ref}` }, 'Back to the chart')),
    stateSection(ref, id, x, ctx),
    h('section', { class: 'card', 'aria-labelledby': 'sv-facts-h' }, h('h2', { id: 'sv-facts-h' }, 'The session'),
      h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]))),
    h('section', { class: 'card', 'aria-labelledby': 'sv-note-h' }, h('h2', { id: 'sv-note-h' }, `Progress note (${x.note_format})`),
      h('dl', { class: 'note-view' }, (FIELDS[x.note_format] || Object.keys(note).filter((k) => typeof note[k] === 'string').map((k) => [k, k]))
        .map(([k, label]) => [h('dt', null, label), h('dd', null, note[k] || '—')])),
      note.reactions ? [h('h3', null, 'The client\'s reactions'), h('p', { class: 'note-text' }, note.reactions)] : null,
      h('h3', null, 'Progress on the objectives'),
      progress.length
        ? h('ul', null, progress.map((p) => h('li', null, `Objective ${p.objective}: ${signed(p.rating)}`, p.comment ? ` — ${p.comment}` : '')))
        : h('p', null, 'No objective was rated in this session.'),
      h('h3', null, 'Media used'),
      used.length ? h('p', null, used.map((m) => (media.get(m) ? media.get(m).name : m)).join(', ')) : h('p', null, 'None recorded.')),
    h('section', { class: 'card', 'aria-labelledby': 'sv-art-h' }, h('h2', { id: 'sv-art-h' }, 'Artwork from this session'),
      d.artworks.length
        ? h('ul', { class: 'gallery' }, d.artworks.map((a) => h('li', null, h('figure', null,
          a.consent_record
            ? sheetView(ref, a, { canSet: ctx.canRecord() })
            : h('p', { class: 'no-image' }, 'No consent to keep an image: not shown.'),
          h('figcaption', null, a.title || 'Untitled', a.medium ? ` · ${media.get(a.medium) ? media.get(a.medium).name : a.medium}` : '',
            a.client_words ? [h('br'), h('q', null, a.client_words)] : null),
          a.consent_record ? formalPanel(ref, a.id) : null))))
        : h('p', null, 'No artwork recorded for this session.')));
  append(view, addendaSection(ref, id, d.addenda || [], ctx, locked || Boolean(d.group), isAuthor(x, ctx)));
}

function isAuthor(x, ctx) {
  return Boolean(ctx.user && x.created_by === ctx.user.login);
}

/** The note's state: signed and locked, or a draft with, for its author, Sign and Edit. */
function stateSection(ref, id, x, ctx) {
  const sec = (...kids) => h('section', { class: 'card', 'aria-labelledby': 'sv-state-h' }, h('h2', { id: 'sv-state-h' }, 'Status of the note'), kids);
  if (x.status !== 'draft') {
    return sec(h('p', { class: 'notice ok locked' }, x.signed_by
      ? `Signed by ${x.signed_by} on ${fmtTime(x.signed_at)} UTC — locked`
      : 'Signed — locked'),
    h('p', { class: 'hint' }, 'A signed note cannot change. Corrections and later information go in an addendum below.'),
    earlierVersions(x));
  }
  const kids = [h('p', { class: 'notice locked' }, `Draft — not signed (version ${x.version})`)];
  if (!isAuthor(x, ctx) || !ctx.canRecord()) {
    kids.push(h('p', null, `Only the author, ${x.created_by_name || x.created_by}, can edit and sign this draft.`), earlierVersions(x));
    return sec(kids);
  }
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const askId = nextId('sign-ask');
  const ask = h('p', { id: askId, tabindex: '-1' },
    `Sign and lock the note of ${x.date}? A signed note cannot change: afterwards only addenda can be added to it.`);
  const yes = h('button', { type: 'button', class: 'primary' }, 'Yes, sign and lock the note');
  const no = h('button', { type: 'button' }, 'Not yet');
  const confirm = h('div', { class: 'notice', role: 'group', 'aria-labelledby': askId, hidden: true }, ask,
    h('p', { class: 'actions-row' }, yes, no));
  const start = h('button', { type: 'button', class: 'primary' }, 'Sign and lock this note');
  const edit = h('a', { class: 'button', href: `#/clients/${ref}/sessions/${id}/edit` }, 'Edit the draft');
  // a wrapper to hide: .actions-row's display would override the hidden attribute
  const actions = h('div', null, h('p', { class: 'actions-row' }, start, edit));
  start.addEventListener('click', () => {
    msg.hidden = true;
    actions.hidden = true;
    confirm.hidden = false;
    ask.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    actions.hidden = false;
    start.focus();
  });
  yes.addEventListener('click', async () => {
    msg.hidden = true;
    yes.disabled = true;
    no.disabled = true;
    try {
      await api.post(paths.sessionSign(ref, id));
      ctx.flash = 'Note signed and locked. Later corrections go in an addendum.';
      ctx.go(location.hash);
    } catch (e) {
      yes.disabled = false;
      no.disabled = false;
      confirm.hidden = true;
      actions.hidden = false;
      msg.textContent = e instanceof ApiError && e.status === 409
        ? `The note was not signed: ${e.message}. Reload the note to see its current state.`
        : `The note was not signed: ${e.message}`;
      msg.hidden = false;
      msg.focus();
    }
  });
  kids.push(h('p', null, 'Read the note through. Until you sign it you can edit it; each save keeps the version it replaces.'),
    actions, confirm, msg, earlierVersions(x));
  return sec(kids);
}

/** The versions a draft's edits replaced, folded away: who saved each, when, and what it said. */
function earlierVersions(x) {
  const vs = Array.isArray(x.earlier_versions) ? x.earlier_versions : [];
  if (!vs.length) return null;
  return h('details', { class: 'edit-record earlier-versions' }, h('summary', null, `Earlier versions (${vs.length})`),
    h('ol', { class: 'versions' }, [...vs].reverse().map((v) => {
      const note = v.note || {};
      const fields = FIELDS[v.note_format] || Object.keys(note).filter((k) => typeof note[k] === 'string').map((k) => [k, k]);
      return h('li', { value: v.version },
        h('h3', null, `Version ${v.version}`),
        h('p', { class: 'muted' }, `Saved by ${v.saved_by} on ${fmtTime(v.saved_at)} UTC`),
        h('p', null, `${v.date} · ${v.minutes} minutes · ${ATTENDANCE[v.attendance] || v.attendance} · ${v.note_format}`),
        h('dl', { class: 'note-view' }, fields.map(([k, label]) => [h('dt', null, label), h('dd', null, note[k] || '—')])),
        typeof note.reactions === 'string' && note.reactions ? h('p', { class: 'note-text' }, `The client's reactions: ${note.reactions}`) : null);
    })));
}

function addendaSection(ref, id, addenda, ctx, open, author) {
  const kids = [addenda.length
    ? h('ul', { class: 'addenda' }, addenda.map((a) => h('li', null, h('p', { class: 'note-text' }, a.text),
      h('p', { class: 'muted' }, `Added by ${a.created_by} on ${fmtTime(a.created_at)} UTC`))))
    : h('p', null, 'No addendum.')];
  if (!open) {
    kids.push(h('p', { class: 'hint' }, author ? 'Edit the draft instead; addenda follow signing.'
      : 'Addenda follow signing; until then the author edits the draft.'));
  } else if (ctx.canRecord()) {
    const text = h('textarea', { name: 'text', rows: '3', maxlength: '16000' });
    const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
    const form = h('form', { class: 'stack', novalidate: true },
      field('Addendum', text, { name: 'text', hint: 'The note itself is not changed: the addendum is kept beside it, with who added it and when.' }),
      msg, h('p', null, h('button', { type: 'submit' }, 'Add the addendum')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      msg.hidden = true;
      if (!text.value.trim()) {
        showFieldError(form, 'text', 'Write the addendum first.');
        return;
      }
      try {
        await api.post(paths.sessionAddenda(ref, id), { text: text.value.trim() });
        ctx.flash = 'Addendum added.';
        ctx.go(location.hash);
      } catch (e) {
        if (!showFieldError(form, e.field, e.message)) {
          msg.textContent = e.message;
          msg.hidden = false;
          msg.focus();
        }
      }
    });
    kids.push(h('h3', null, 'Add an addendum'), form);
  }
  return h('section', { class: 'card', 'aria-labelledby': 'sv-add-h' }, h('h2', { id: 'sv-add-h' }, 'Addenda'), kids);
}
