// groups.js — group programs (issue 12, docs/groups.md): the programs the signed-in user
// facilitates and a form to start one (GET/POST /groups); one program with its
// facilitators, its roster (members picked by name from the caseload, memberships ended with a
// date and a reason: POST groups/{ref}/members), its sessions and the attendance report
// (GET groups/{ref}/attendance); and the group plan (GET groups/{ref}/plan) in the clinician's
// view (roster, risks, individual safety sessions, what each member's constraints removed) or
// the group's view (sessions and supplies only: nothing about any one member).
import { api, ApiError, kb, names, nameOf } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today } from './dom.js';

export const KINDS = [['closed', 'Closed (the same members throughout)'], ['open', 'Open (members join and leave)'], ['drop-in', 'Drop-in']];
const KIND_WORDS = { closed: 'closed group', open: 'open group', 'drop-in': 'drop-in group' };

/** GET the program and the parts of it given as paths (paths.groupSessions(ref), ...):
 *  [program, ...parts]; or, when the caller facilitates no such program (403, also for an
 *  unknown reference), null after saying so in view. */
export async function loadGroup(view, ctx, ref, ...parts) {
  try {
    return await Promise.all([api.get(paths.group(ref)), ...parts.map((p) => api.get(p))]);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 403 && e.field !== 'CSRF')) throw e;
    ctx.title('Access denied');
    view.dataset.screen = 'denied';
    append(view, h('h1', null, 'Access denied'),
      h('p', { class: 'notice error', role: 'alert' }, 'You do not facilitate this group program (or there is none by this reference), so it is not shown. '
        + 'Ask its lead facilitator to add you as a co-facilitator.'),
      h('p', null, h('a', { href: '#/groups' }, 'Back to your group programs')));
    return null;
  }
}

function section(id, title, ...kids) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), kids);
}

function formFail(form, msg) {
  return (e) => {
    if (!showFieldError(form, e.field, e.message)) {
      msg.textContent = e.field ? `${e.field}: ${e.message}` : e.message;
      msg.hidden = false;
      msg.focus();
    }
  };
}

/** A member is on the roster on date: from start_date to end_date, both included. */
export function onRoster(m, date) {
  return m.start_date <= date && (!m.end_date || m.end_date >= date);
}

/** "Tuesday studio · outpatient clinic · closed group · from 2027-01-05 at 14:00 · 8 sessions of 90 minutes". */
function programLine(g, settingNames) {
  return `Reference ${g.ref} · ${nameOf(settingNames, g.setting)} · ${KIND_WORDS[g.kind] || g.kind} · from ${g.start_date} at ${g.start_time}`
    + ` · ${g.sessions} weekly sessions of ${g.minutes} minutes · up to ${g.capacity} members${g.status ? ` · ${g.status}` : ''}`;
}

// #/groups: the list and the form that starts a program
export async function render(view, _params, ctx) {
  ctx.title('Group programs');
  const [list, settings, settingNames] = await Promise.all([api.get(paths.groups()), kb('settings'), names('settings')]);
  append(view, h('h1', null, 'Group programs'), ctx.takeFlash());
  append(view, section('groups-h', 'Your group programs', list.groups.length
    ? h('div', { class: 'table-wrap' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Group programs you facilitate'),
      h('thead', null, h('tr', null, ['Program', 'Setting', 'Kind', 'Starts', 'Sessions', 'Capacity', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, list.groups.map((g) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/groups/${g.ref}` }, g.name)),
        h('td', null, nameOf(settingNames, g.setting)), h('td', null, KIND_WORDS[g.kind] || g.kind),
        h('td', null, `${g.start_date} ${g.start_time}`), h('td', null, `${g.sessions} × ${g.minutes} min`),
        h('td', null, g.capacity), h('td', null, g.status || '—'))))))
    : h('p', null, 'You facilitate no group program yet.')));
  if (!ctx.canRecord()) return;

  const inp = (props) => h('input', props);
  const refI = inp({ type: 'text', name: 'ref', required: true, maxlength: '64', pattern: '[a-z0-9-]{1,64}', autocomplete: 'off' });
  const nameI = inp({ type: 'text', name: 'name', required: true, maxlength: '200', autocomplete: 'off' });
  const settingI = select(settings.map((x) => [x.id, x.name]), 'outpatient', { name: 'setting' });
  const kindI = select(KINDS, 'closed', { name: 'kind' });
  const startI = inp({ type: 'date', name: 'start_date', required: true, value: today() });
  const timeI = inp({ type: 'time', name: 'start_time', required: true, value: '14:00' });
  const minutesI = inp({ type: 'number', name: 'minutes', min: '15', max: '600', value: '90', inputmode: 'numeric' });
  const sessionsI = inp({ type: 'number', name: 'sessions', min: '1', max: '104', value: '8', inputmode: 'numeric' });
  const capacityI = inp({ type: 'number', name: 'capacity', min: '1', max: '100', value: '8', inputmode: 'numeric' });
  const coI = inp({ type: 'text', name: 'co_facilitator', maxlength: '64', autocomplete: 'off' });
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'grid2' },
      field('Program name', nameI, { name: 'name' }),
      field('Program reference', refI, { name: 'ref', hint: 'Lower-case letters, digits and hyphens (for example: tuesday-studio).' }),
      field('Setting', settingI, { name: 'setting' }), field('Kind of group', kindI, { name: 'kind' }),
      field('First session', startI, { name: 'start_date', hint: 'Sessions are weekly from this date.' }),
      field('Start time', timeI, { name: 'start_time' }),
      field('Minutes per session', minutesI, { name: 'minutes' }), field('Number of sessions', sessionsI, { name: 'sessions' }),
      field('Capacity (members)', capacityI, { name: 'capacity' }),
      field('Co-facilitator login', coI, { name: 'co_facilitator', hint: 'Optional: a colleague who may document and sign too.' })),
    msg,
    h('p', null, h('button', { type: 'submit', class: 'primary' }, 'Start the group program')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const body = {
      ref: refI.value.trim(), name: nameI.value.trim(), setting: settingI.value, kind: kindI.value,
      start_date: startI.value, start_time: timeI.value, minutes: Number(minutesI.value),
      sessions: Number(sessionsI.value), capacity: Number(capacityI.value),
    };
    if (coI.value.trim()) body.co_facilitator = coI.value.trim();
    try {
      const r = await api.post(paths.groups(), body);
      ctx.flash = `Group program ${body.name} started.`;
      ctx.go(`#/groups/${(r && r.ref) || body.ref}`);
    } catch (e) {
      formFail(form, msg)(e);
    }
  });
  append(view, h('section', { class: 'card', 'aria-labelledby': 'new-group-h' }, h('h2', { id: 'new-group-h' }, 'Start a group program'), form));
}

const ATT_COLS = [['held', 'Held'], ['attended', 'Attended'], ['late', 'Late'], ['left_early', 'Left early'], ['absent', 'Absent'],
  ['cancelled', 'Cancelled'], ['minutes', 'Minutes']];

// #/groups/REF: the program, its roster, sessions and attendance
export async function renderProgram(view, [ref], ctx) {
  const got = await loadGroup(view, ctx, ref, paths.groupSessions(ref), paths.groupAttendance(ref));
  if (!got) return;
  const [d, sessions, attendance] = got;
  const settingNames = await names('settings');
  const g = d.group;
  ctx.title(g.name);
  const date = today();
  const current = d.members.filter((m) => !m.end_date || m.end_date >= date);
  const next = sessions.next;
  append(view, h('h1', null, g.name), h('p', { class: 'muted' }, programLine(g, settingNames)), ctx.takeFlash());
  append(view, h('nav', { class: 'actions', 'aria-label': 'Group actions' }, h('ul', null,
    next && ctx.canRecord() ? h('li', null, h('a', { class: 'button primary', href: `#/groups/${ref}/sessions/new` }, `Document session ${next.number} (${next.date})`)) : null,
    h('li', null, h('a', { class: 'button', href: `#/groups/${ref}/plan` }, 'Group plan (clinician view)')),
    h('li', null, h('a', { class: 'button', href: `#/groups/${ref}/plan/group` }, 'Group plan (group view)')))));

  append(view, section('fac-h', 'Facilitators', h('ul', null, d.facilitators.map((f) =>
    h('li', null, `${f.name} (${f.login}) — ${f.role === 'lead' ? 'lead facilitator' : 'co-facilitator'}`)))));

  // the roster
  const rosterKids = [];
  if (d.members.length) {
    rosterKids.push(h('div', { class: 'table-wrap' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Members of the program'),
      h('thead', null, h('tr', null, ['Member', 'From', 'Until', 'Why it ended'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, d.members.map((m) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/clients/${m.ref}` }, m.name)),
        h('td', null, m.start_date), h('td', null, m.end_date || '—'), h('td', null, m.end_reason || '—')))))));
  } else {
    rosterKids.push(h('p', null, 'Nobody is on the roster yet.'));
  }
  rosterKids.push(h('p', { class: 'muted' }, `${current.length} of ${g.capacity} places taken today.`));
  if (ctx.canRecord()) {
    rosterKids.push(await addMembersForm(ref, g, d.members, ctx));
    if (current.some((m) => !m.end_date)) rosterKids.push(endMembershipForm(ref, current.filter((m) => !m.end_date), ctx));
  }
  append(view, section('roster-h', 'Roster', rosterKids));

  append(view, section('gsessions-h', 'Sessions', sessions.sessions.length
    ? h('ul', null, sessions.sessions.map((s) => h('li', null,
      h('a', { href: `#/groups/${ref}/sessions/${s.number}` }, `Session ${s.number} of ${s.date}`), ' — ',
      s.status === 'signed' ? `signed${s.signed_by ? ` by ${s.signed_by}` : ''} and locked` : 'draft, not signed yet')))
    : h('p', null, 'No session documented yet.'),
    next ? h('p', { class: 'muted' }, `Next: session ${next.number} on ${next.date}.`) : h('p', { class: 'muted' }, 'Every session of the program is documented.')));

  const p = attendance.program || {};
  append(view, section('att-h', 'Attendance', attendance.rows.length
    // a narrow screen scrolls the table, not the page: the region takes the keyboard focus to scroll
    ? [h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Attendance per membership' }, h('table', { class: 'numbers' },
      h('caption', { class: 'visually-hidden' }, 'Attendance per membership'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Member'), ATT_COLS.map(([, t]) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, attendance.rows.map((r) => h('tr', null,
        h('th', { scope: 'row' }, r.name, h('span', { class: 'membership' },
          `${r.start_date} – ${r.end_date || 'now'}${r.end_reason ? ` (${r.end_reason})` : ''}`)),
        ATT_COLS.map(([k]) => h('td', null, r[k] ?? '—'))))))),
    h('p', { class: 'muted' }, `${p.sessions ?? 0} session${p.sessions === 1 ? '' : 's'} documented, ${p.signed ?? 0} signed; `
        + `${p.any ?? 0} member${p.any === 1 ? '' : 's'} came at least once; ${p.present ?? 0} attendance${p.present === 1 ? '' : 's'} of ${p.expected ?? 0} expected.`)]
    : h('p', null, 'No attendance yet.')));
}

async function addMembersForm(ref, g, members, ctx) {
  const clients = (await api.get(paths.clients())).clients.filter((c) => c.status !== 'discharged');
  const date = g.start_date > today() ? g.start_date : today();
  const busy = new Set(members.filter((m) => !m.end_date || m.end_date >= date).map((m) => m.ref));
  const free = clients.filter((c) => !busy.has(c.ref));
  if (!free.length) return h('p', { class: 'muted' }, 'Everyone on your caseload is on the roster.');
  const fromI = h('input', { type: 'date', name: 'start_date', value: date, required: true });
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'stack add-members', novalidate: true },
    group('Clients from your caseload', free.map((c) => choice('checkbox', 'client', c.ref, c.name)), { name: 'client', hint: 'Tick everyone who joins.' }),
    field('Member from', fromI, { name: 'start_date' }),
    msg, h('p', null, h('button', { type: 'submit', class: 'primary' }, 'Add to the group')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const picked = [...form.querySelectorAll('input[name=client]:checked')];
    if (!picked.length) {
      showFieldError(form, 'client', 'Tick at least one client.');
      return;
    }
    const added = [];
    for (const box of picked) {
      try {
        await api.post(paths.groupMembers(ref), { client: box.value, start_date: fromI.value });
        added.push(box.value);
        box.checked = false;
        box.disabled = true;
      } catch (e) {
        const who = free.find((c) => c.ref === box.value);
        e.message = `${who ? who.name : box.value}: ${e.message}${added.length ? ` (${added.length} added before this)` : ''}`;
        if (e.field === 'capacity') e.field = null; // the program's, not a control's: shown at form level
        formFail(form, msg)(e);
        return;
      }
    }
    ctx.flash = `${added.length} member${added.length === 1 ? '' : 's'} added to the group.`;
    ctx.go(location.hash);
  });
  return h('div', null, h('h3', null, 'Add members'), form);
}

function endMembershipForm(ref, current, ctx) {
  const whoI = select(current.map((m) => [m.ref, m.name]), '', { name: 'client' });
  const onI = h('input', { type: 'date', name: 'end_date', value: today(), required: true });
  const reasonI = h('input', { type: 'text', name: 'reason', maxlength: '500', required: true });
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'grid2' }, field('Member', whoI, { name: 'client' }), field('Last day', onI, { name: 'end_date' })),
    field('Why the membership ends', reasonI, { name: 'reason', hint: 'Required: for example, moved to individual sessions, discharged.' }),
    msg, h('p', null, h('button', { type: 'submit' }, 'End the membership')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    try {
      await api.post(paths.groupMembers(ref), { client: whoI.value, end_date: onI.value, reason: reasonI.value.trim() });
      ctx.flash = 'Membership ended.';
      ctx.go(location.hash);
    } catch (e) {
      formFail(form, msg)(e);
    }
  });
  return h('details', { class: 'edit-record' }, h('summary', null, 'End a membership'), form);
}

function sessionCard(s, kicker) {
  const role = { opening: 'Opening', main: 'Main directive', closing: 'Closing' };
  return h('li', { class: 'session' },
    h('h3', null, `Session ${s.number} · ${s.date}${s.ending ? ' · ending' : ''}`),
    h('p', { class: 'muted' }, `Ground rules ${s.ground_rules_minutes} min · processing ${s.processing_minutes} min`, kicker || ''),
    s.items.map((it) => h('div', { class: 'plan-item' },
      h('h4', null, `${role[it.role] || it.role}: ${it.name} (${it.minutes} min)`),
      it.steps && it.steps.length ? h('ol', null, it.steps.map((x) => h('li', null, x))) : null,
      it.questions && it.questions.length ? [h('p', { class: 'plan-label' }, 'Questions'), h('ul', null, it.questions.map((x) => h('li', null, x)))] : null,
      it.materials && it.materials.length ? h('p', null, h('span', { class: 'plan-label' }, 'Materials: '), it.materials.join(', ')) : null)));
}

// #/groups/REF/plan (clinician view) and #/groups/REF/plan/group (the group's view)
export async function renderPlan(view, [ref, which], ctx) {
  const groupView = which === 'group';
  const got = await loadGroup(view, ctx, ref);
  if (!got) return;
  const [d] = got;
  const g = d.group;
  const label = groupView ? 'group view' : 'clinician view';
  ctx.title(`Group plan (${label}) — ${g.name}`);
  append(view, h('h1', null, `Group plan — ${g.name}`),
    h('p', { class: 'muted' }, groupView
      ? 'The group\'s view: the sessions and the supplies, nothing about any one member. Fit to share with the group.'
      : 'The clinician\'s view: the roster, each member\'s risks, and what their constraints removed from the plan. Not for the group.'),
    h('nav', { class: 'actions', 'aria-label': 'Plan views' }, h('ul', null,
      h('li', null, h('a', { class: 'button', href: `#/groups/${ref}` }, 'Back to the program')),
      h('li', null, groupView
        ? h('a', { class: 'button', href: `#/groups/${ref}/plan` }, 'Clinician view')
        : h('a', { class: 'button', href: `#/groups/${ref}/plan/group` }, 'Group view')))));
  let plan;
  try {
    plan = await api.get(paths.groupPlan(ref, groupView ? 'group' : 'clinician'));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401 || e.status === 403 || e.status >= 500) throw e;
    append(view, h('p', { class: 'notice error', role: 'alert' }, `No plan can be computed yet: ${e.message}`),
      h('p', null, 'Every member on the roster needs a profile; add members and fill in their profiles first.'));
    return;
  }
  append(view, h('p', null, `${plan.members} member${plan.members === 1 ? '' : 's'} on the roster; planned for ${plan.attending} attending.`));
  if (!groupView) {
    const roster = plan.roster || [];
    const nameOfRef = new Map(roster.map((m) => [m.ref, m.name]));
    const safety = roster.filter((m) => m.safety_session);
    if (safety.length) {
      append(view, h('div', { class: 'risk-banner', role: 'alert' }, h('h2', null, 'Individual safety sessions'),
        h('ul', null, safety.map((m) => h('li', null,
          h('strong', null, `Meet ${m.name} alone before session 1 for a collaborative safety plan; not in the group.`),
          m.risks.length ? ` Risks: ${m.risks.join(', ')}.` : '')))));
    }
    append(view, section('gp-goals-h', 'Goals and flags',
      h('h3', null, 'The group\'s goals'), (plan.goals || []).length ? h('ol', null, plan.goals.map((x) => h('li', null, x))) : h('p', null, 'None.'),
      h('h3', null, 'Flags the plan respects'), (plan.flag_words || []).length ? h('p', null, plan.flag_words.join(', ')) : h('p', null, 'None.'),
      (plan.notes || []).length ? [h('h3', null, 'Setting notes and precautions'), h('ul', null, plan.notes.map((x) => h('li', null, x)))] : null));
    append(view, section('gp-roster-h', 'Roster', h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Member', 'Initials', 'Plan version', 'Risks', 'Safety session'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, roster.map((m) => h('tr', null, h('th', { scope: 'row' }, h('a', { href: `#/clients/${m.ref}` }, m.name)),
        h('td', null, m.initials), h('td', null, m.plan_version || '—'), h('td', null, m.risks.length ? m.risks.join(', ') : 'none'),
        h('td', null, m.safety_session ? 'needed, alone' : '—'))))))));
    // the items removed for some members only come first: those are the members' own constraints
    const ex = [...(plan.excluded_by_members || [])].sort((a, b) => a.members.length - b.members.length);
    append(view, section('gp-ex-h', 'What members\' constraints removed', ex.length
      ? h('details', { class: 'verdicts excluded' }, h('summary', null, `${ex.length} item${ex.length === 1 ? '' : 's'} the setting allows were removed for members`),
        h('ul', null, ex.map((it) => h('li', null, h('strong', null, it.name),
          h('ul', null, it.members.map((m) => h('li', null, `Removed for ${nameOfRef.get(m.ref) || m.ref}: ${m.reason}`)))))))
      : h('p', null, 'No member\'s constraints removed anything the setting allows.')));
  }
  append(view, section('gp-sessions-h', 'Sessions', h('ol', { class: 'sessions' }, plan.sessions.map((s) => sessionCard(s)))));
  append(view, section('gp-supplies-h', 'Supplies', (plan.supplies || []).length
    ? h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Medium', 'Needed', 'Unit', 'On hand'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, plan.supplies.map((x) => h('tr', null, h('th', { scope: 'row' }, x.medium), h('td', null, x.units),
        h('td', null, x.unit), h('td', null, x.on_hand === true ? 'yes' : x.on_hand === false ? 'no' : String(x.on_hand ?? '—')))))))
    : h('p', null, 'No supplies needed.')));
}
