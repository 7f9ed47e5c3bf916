// record.js — one client's record, the screen called "the chart" (#/clients/REF): the client
// (edit name, setting, status), profile summary, care team, measures with their trajectory
// charts, goals and attendance charts, the art-based assessments (FEATS ratings scale by scale, never summed, beside the computer-assisted formal
// elements of the artwork assessed; recorded in assessment.js), the plan, sessions (each opens
// its note; unsigned drafts are marked) and the artwork gallery (the sheet flattened, the photo as
// taken folded under it, the corner step of corners.js). Charts are SVG images drawn by
// the server's render layer (GET .../charts/{kind}: the same drawing as the PDF documents); each
// has its numbers beside it as text. 403 (not on the care team) becomes the access-denied screen
// in main.js.
import { ackForm } from './ack.js';
import { api, ApiError, kb, names, nameOf, ALERT_WORDS } from './api.js';
import * as paths from './paths.js';
import { append, h, field, select, fmtX100, fmtTime, clearErrors, showFieldError } from './dom.js';
import { FORMAL_TITLE, formalPanel } from './formal.js';
import { sheetImage, sheetView } from './corners.js';

/** A server-drawn chart (same-origin SVG) with its numbers as the text alternative. */
function chartFigure(ref, kind, instrument, alt, caption) {
  return h('figure', { class: 'chart' },
    h('img', { src: paths.chartImage(ref, kind, instrument), alt, width: 480, height: 270, class: 'chart-img', 'data-chart': kind }),
    h('figcaption', null, caption));
}

function section(id, title, ...kids) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), kids);
}

function dl(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => [h('dt', null, k), h('dd', null, Array.isArray(v) ? v.join(', ') : String(v))]));
}

function constraints(p) {
  const out = [];
  if (p.allergies && p.allergies.length) out.push(`allergies: ${p.allergies.join(', ')}`);
  for (const [k, v] of Object.entries(p.risks || {})) if (v !== 'none') out.push(`${k.replace('_', ' ')}: ${v}`);
  for (const grp of ['sensory', 'medical', 'psychiatric']) {
    for (const [k, v] of Object.entries(p[grp] || {})) if (v === true) out.push(k.replace('_', ' '));
  }
  for (const k of ['motor', 'cognition', 'verbal', 'regulation', 'trauma']) if (p[k]) out.push(`${k}: ${p[k]}`);
  return out;
}

async function optional(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
    throw e;
  }
}


export async function render(view, [ref], ctx) {
  const chart = await api.get(paths.client(ref));
  // people read names, not ids (settings, instruments, alert kinds)
  const [progress, artworks, assessments, settingNames, instrumentNames] = await Promise.all([
    optional(api.get(paths.progress(ref))),
    optional(api.get(paths.artworks(ref))),
    optional(api.get(paths.assessments(ref))),
    names('settings'),
    names('instruments'),
  ]);
  const c = chart.client;
  ctx.title(c.name);
  const onTeam = chart.care_team.find((m) => m.login === ctx.user.login);
  const clinical = ctx.canRecord() && onTeam && onTeam.role !== 'team';
  append(view, 
    h('h1', null, c.name),
    h('p', { class: 'muted' }, `Reference ${c.ref} · ${nameOf(settingNames, c.setting)} · ${c.status}${c.birth_year ? ` · born ${c.birth_year}` : ''}`),
    ctx.takeFlash(),
  );
  if (progress && progress.risk_flag) {
    const open = progress.instruments.flatMap((i) => i.alerts).filter((a) => a.kind === 'risk-item' && !a.acknowledged);
    // acknowledged here too, after a reload or by a colleague, with what was done
    const forms = clinical ? open.map((a) => ackForm(ref, a.measure_id, () => {
      ctx.flash = 'Risk flag acknowledged.';
      ctx.go(location.hash);
    }).form) : [];
    append(view, h('div', { class: 'risk-banner', role: 'alert' },
      h('h2', null, 'Risk flag'),
      h('p', null, open.length
        ? 'A risk item was answered above 0 and has not been acknowledged: same-day risk follow-up and safety planning come first.'
        : 'A risk item was answered above 0 (acknowledged). Keep the safety plan current.'), forms));
  }
  append(view, h('nav', { class: 'actions', 'aria-label': 'Client actions' }, h('ul', null,
    clinical ? h('li', null, h('a', { class: 'button', href: `#/clients/${ref}/profile` }, chart.profile ? 'Edit profile' : 'Fill in the profile')) : null,
    clinical ? h('li', null, h('a', { class: 'button', href: `#/clients/${ref}/measure` }, 'Administer an instrument')) : null,
    h('li', null, h('a', { class: 'button', href: `#/clients/${ref}/plan` }, chart.plan ? 'Treatment plan' : 'Plan builder')),
    clinical ? h('li', null, h('a', { class: 'button', href: `#/clients/${ref}/sessions/new` }, chart.plan ? 'Record a session note' : 'Record an intake or assessment note')) : null,
    clinical ? h('li', null, h('a', { class: 'button', href: `#/clients/${ref}/assessments/new` }, 'Record an art-based assessment')) : null)));

  const p = chart.profile ? chart.profile.body : null;
  append(view, section('profile-h', 'Profile', p
    ? [dl([['Age', p.age], ['Setting', p.setting], ['Start date', p.start_date], ['Problems', p.problems],
      ['Strengths', p.strengths], ['Interests', p.interests], ['Preferred media', p.preferred_media],
      ['Disliked media', p.disliked_media], ['Constraints', constraints(p)], ['Sessions', p.session && p.session.count]]),
    p.client_goals && p.client_goals.length
      ? [h('h3', null, 'In the client\'s own words'), h('ul', null, p.client_goals.map((g) => h('li', null, h('q', null, typeof g === 'string' ? g : g.text))))] : null,
    h('p', { class: 'muted' }, `Profile version ${chart.profile.version}`)]
    : h('p', null, 'No profile yet.')));

  if (clinical) append(view, await recordSection(ref, chart, ctx));
  append(view, teamSection(ref, chart, ctx, clinical));
  append(view, measuresSection(ref, chart, progress, instrumentNames));
  append(view, goalsSection(ref, chart, progress));

  append(view, assessmentsSection(ref, assessments, artworks, (p && p.art_assessments) || []));

  const pl = chart.plan;
  append(view, section('plan-h', 'Treatment plan', pl
    ? [dl([['Version', pl.version], ['Status', pl.status], ['Created by', pl.created_by], ['Created', fmtTime(pl.created_at)],
      ['Signed by', pl.signed_by], ['Co-signed by', pl.cosigned_by]]),
    h('p', null, h('a', { href: `#/clients/${ref}/plan` }, 'Open the plan builder'))]
    : [h('p', null, 'No plan yet.'), h('p', null, h('a', { href: `#/clients/${ref}/plan` }, 'Open the plan builder'))]));

  // a draft note is not part of the record until its author signs it: each one is marked
  const drafts = chart.sessions.filter((x) => x.status === 'draft');
  append(view, section('sessions-h', 'Sessions', chart.sessions.length
    ? [h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Date', 'Minutes', 'Attendance', 'Mode', 'Note', 'Plan version', 'By'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, chart.sessions.map((x) => h('tr', { 'data-status': x.status || null },
        h('th', { scope: 'row' }, h('a', { href: `#/clients/${ref}/sessions/${x.id}`, 'aria-label': `Session of ${x.date}${x.status === 'draft' ? ' (draft)' : ''}` }, x.date),
          x.status === 'draft' ? [' ', h('strong', { class: 'tag tag-open' }, 'draft')] : null),
        h('td', null, x.minutes), h('td', null, x.attendance),
        h('td', null, x.mode), h('td', null, x.note_format || '—'), h('td', null, x.plan_version || '—'), h('td', null, x.created_by)))))),
      drafts.length ? h('p', { class: 'notice drafts' }, drafts.length === 1
        ? '1 note is a draft, not signed yet: open it to read it through and sign it.'
        : `${drafts.length} notes are drafts, not signed yet: open each to read it through and sign it.`) : null]
    : h('p', null, 'No sessions recorded.')));

  append(view, gallery(ref, artworks, clinical));
  append(view, documentsSection(ref, chart));
}

// The documents of `easel report`, downloaded from GET .../report (attachments: the browser
// saves them; nothing renders client data inline from another origin).
const DOCUMENTS = [
  ['plan', 'Treatment plan', ['pdf', 'html'], true],
  ['client-plan', 'Plan for the client (plain language, large type)', ['pdf', 'html'], true],
  ['progress', 'Progress report', ['pdf', 'html'], false],
  ['summary', 'Case summary', ['pdf', 'html'], false],
  ['discharge', 'Discharge summary', ['pdf', 'html'], false],
  ['supplies', 'Supplies and purchase list', ['pdf', 'html', 'csv'], true],
];

function documentsSection(ref, chart) {
  const rows = DOCUMENTS.filter(([, , , needsPlan]) => !needsPlan || chart.plan).map(([kind, title, formats]) =>
    h('li', null, title, ': ', formats.map((f, i) => [i ? ' · ' : '',
      h('a', { href: paths.report(ref, kind, f), download: `${kind}-${ref}.${f}`,
        'aria-label': `${title}, ${f.toUpperCase()}` }, f.toUpperCase())])));
  return section('documents-h', 'Documents', [
    h('ul', { class: 'documents' }, rows),
    chart.plan ? null : h('p', { class: 'muted' }, 'The treatment plan, the client\'s plan and the supplies list need a plan.'),
    h('p', { class: 'muted' }, 'Artwork appears in a document only with the client\'s consent to keep it in the record.')]);
}

function measuresSection(ref, chart, progress, instrumentNames) {
  const kids = [];
  if (progress) {
    for (const inst of progress.instruments) {
      const sum = inst.summary;
      const name = inst.name || inst.id;
      kids.push(h('h3', null, name));
      if (inst.trajectory.length) {
        const values = inst.trajectory.map((p) => `${p.date}: ${fmtX100(p.total_x100)}`).join('; ');
        kids.push(chartFigure(ref, 'measure', inst.id,
          `${name}: total score over time with its severity bands; the values follow as text.`,
          `${name}, ${inst.trajectory.length} administration${inst.trajectory.length === 1 ? '' : 's'}: ${values}`));
      }
      if (sum) {
        const rc = sum.reliable_change || {};
        kids.push(h('p', null, `First ${fmtX100(sum.first_x100)}, latest ${fmtX100(sum.latest_x100)} (change ${fmtX100(sum.change_x100)}), ${sum.category}.`,
          rc.available ? ` Reliable change needs ${fmtX100(rc.min_change_x100)}.` : rc.note ? ` ${rc.note}` : ''));
      }
      if (inst.alerts.length) {
        kids.push(h('ul', { class: 'alerts' }, inst.alerts.map((a) => h('li', { class: `alert alert-${a.kind}` },
          h('strong', null, `${ALERT_WORDS[a.kind] || a.kind}: `), a.text,
          a.acknowledged ? ` (acknowledged${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}${a.acknowledged_at ? ` on ${fmtTime(a.acknowledged_at)} UTC` : ''}${a.action ? `: ${a.action}` : ''})` : ''))));
      }
    }
  }
  if (chart.measures.length) {
    kids.push(h('h3', null, 'Administrations'), h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Date', 'Instrument', 'Total', 'Band', 'Risk'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, chart.measures.map((m) => h('tr', null, h('th', { scope: 'row' }, m.date), h('td', null, nameOf(instrumentNames, m.instrument)),
        h('td', null, m.valid ? `${fmtX100(m.total_x100)}${m.percent_x100 !== null && m.percent_x100 !== undefined ? ` (${fmtX100(m.percent_x100)} %)` : ''}` : 'not valid'), h('td', null, m.band || '—'),
        h('td', null, m.risk ? `yes (item ${m.risk_item})` : 'no')))))));
  } else {
    kids.push(h('p', null, 'No measures recorded.'));
  }
  return section('measures-h', 'Measures and progress', kids);
}

function monthCounts(sessions) {
  const months = new Map();
  for (const x of sessions) {
    const m = x.date.slice(0, 7);
    if (!months.has(m)) months.set(m, { attended: 0, cancelled: 0, 'no-show': 0 });
    months.get(m)[x.attendance] = (months.get(m)[x.attendance] || 0) + 1;
  }
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function goalsSection(ref, chart, progress) {
  const kids = [];
  const goals = progress && progress.gas ? progress.gas.goals.filter((g) => g.rated) : [];
  if (goals.length) {
    kids.push(h('h3', null, 'Goal attainment (GAS)'),
      chartFigure(ref, 'gas', null, 'Goal attainment ratings over time, -2 to +2, one bar per rating; the latest ratings follow as text.',
        `Latest ratings: ${goals.map((g) => `objective ${g.objective} (${g.description}): ${g.latest_score > 0 ? '+' : ''}${g.latest_score} on ${g.latest_date}`).join('; ')}.`
        + (progress.gas.t_score_x100 !== null ? ` GAS T-score ${fmtX100(progress.gas.t_score_x100)}.` : '')));
  }
  const objectives = progress && progress.objectives ? Object.entries(progress.objectives) : [];
  if (objectives.length) {
    kids.push(h('h3', null, 'Progress per objective'),
      chartFigure(ref, 'objectives', null, 'Ratings of each objective in the session notes over time, -2 to +2; the ratings follow as text.',
        objectives.map(([o, list]) => `Objective ${o}: ${list.map((x) => `${x.date} ${x.rating > 0 ? '+' : ''}${x.rating}`).join(', ')}`).join('; ')));
    // a number is only a label: each objective in words (its number in the latest plan)
    const words = (progress && progress.objective_words) || {};
    kids.push(h('ul', { class: 'objective-words' },
      objectives.map(([o]) => h('li', null, `Objective ${o}: ${words[o] || 'its words are not in the plan'}`))));
  }
  if (chart.sessions.length) {
    const months = monthCounts(chart.sessions);
    kids.push(h('h3', null, 'Attendance'),
      chartFigure(ref, 'attendance', null, 'Sessions per month: attended, cancelled and did not attend; the counts follow as text.',
        months.map(([m, c]) => `${m}: ${c.attended} attended, ${c.cancelled} cancelled, ${c['no-show']} did not attend`).join('; ')));
  }
  if (!kids.length) kids.push(h('p', null, 'No goal ratings or sessions yet.'));
  return section('goals-h', 'Goals and attendance', kids);
}

/** The art-based assessments (GET .../assessments): who recorded each and when, what was observed,
 *  the artwork assessed (its thumbnail with record consent), and for a rated procedure (PPAT) the
 *  ratings scale by scale, never added up, with the artwork's computer-assisted formal elements
 *  folded beside them. Then the assessments the profile mentions. */
function assessmentsSection(ref, d, artworks, noted) {
  const kids = [];
  const list = d ? d.assessments : [];
  const procs = new Map(((d && d.procedures) || []).map((p) => [p.id, p]));
  const arts = new Map(((artworks && artworks.artworks) || []).map((a) => [a.id, a]));
  if (!d) kids.push(h('p', null, 'The art-based assessments are not available from this server.'));
  else if (!list.length) kids.push(h('p', null, 'No art-based assessment recorded.'));
  else kids.push(h('p', { class: 'hint' }, d.note));
  for (const a of list) {
    const id = `assessment-${a.id}-h`;
    const p = procs.get(a.procedure);
    const art = a.artwork_id ? arts.get(a.artwork_id) : null;
    let artwork = null;
    if (art && art.consent_record) {
      artwork = h('figure', { class: 'assessed-artwork' },
        h('a', { href: paths.artworkImage(ref, art.id, 'display'), target: '_blank', rel: 'noopener' },
          sheetImage(ref, art.id, { alt: `Artwork assessed: ${art.title || 'Untitled'}` })),
        h('figcaption', null, `Artwork assessed: ${art.title || 'Untitled'}${art.session_date ? `, session of ${art.session_date}` : ''}`));
    } else if (art) {
      artwork = h('p', null, `Artwork assessed: ${art.title || 'Untitled'}${art.session_date ? `, session of ${art.session_date}` : ''} (no consent to keep an image: not shown).`);
    } else if (a.artwork_id) {
      artwork = h('p', null, `Artwork assessed: number ${a.artwork_id}.`);
    }
    let ratings = null;
    if (a.ratings.length) {
      const scheme = a.procedure === 'ppat' ? 'FEATS ratings' : 'Ratings';
      const range = p ? `, ${p.min}-${p.max}` : '';
      ratings = h('div', { class: 'grid2' },
        h('div', { class: 'table-wrap' }, h('table', { class: 'ratings numbers' },
          h('caption', null, `${scheme}${range}, each scale read on its own (never summed)`),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Scale'), h('th', { scope: 'col' }, 'Rating'))),
          h('tbody', null, a.ratings.map((r) => h('tr', null, h('th', { scope: 'row' }, r.scale), h('td', null, String(r.rating))))))),
        art && art.consent_record ? h('div', null, formalPanel(ref, art.id, FORMAL_TITLE)) : null);
    } else if (p && p.scales.length) {
      ratings = h('p', null, 'Not rated.');
    }
    kids.push(h('article', { class: 'goal', 'aria-labelledby': id, 'data-assessment': a.id },
      h('h3', { id }, `${a.date} · ${a.procedure_name}`),
      h('p', { class: 'muted' }, `Recorded by ${a.created_by}${a.minutes ? ` · ${a.minutes} minutes` : ''}`),
      dl([['Materials', a.materials], ['Instruction', a.instruction], ['Observations', a.observations]]),
      artwork, ratings,
      !ratings && art && art.consent_record ? formalPanel(ref, art.id, FORMAL_TITLE) : null));
  }
  if (noted.length) {
    kids.push(h('h3', null, 'Noted in the profile'),
      h('ul', null, noted.map((a) => h('li', null, `${a.date} · ${a.type.toUpperCase()}${a.etc_level ? ` · ETC level ${a.etc_level}` : ''}${a.notes ? ` — ${a.notes}` : ''}`))));
  }
  return section('assessments-h', 'Art-based assessments', kids);
}

function gallery(ref, artworks, clinical) {
  if (!artworks) return section('art-gallery-h', 'Artwork', h('p', null, 'The artwork gallery is not available from this server.'));
  if (!artworks.artworks.length) return section('art-gallery-h', 'Artwork', h('p', null, 'No artwork recorded.'));
  return section('art-gallery-h', 'Artwork', h('ul', { class: 'gallery' }, artworks.artworks.map((a) => h('li', null,
    h('figure', null,
      a.consent_record
        // the sheet flattened (what documents and the formal elements use), the photo as taken
        // folded under it, and the corner step (corners.js) for clinical roles
        ? sheetView(ref, a, { canSet: clinical, from: 'chart' })
        : h('p', { class: 'no-image' }, 'No consent to keep an image: not shown.'),
      h('figcaption', null, a.title || 'Untitled', a.medium ? ` · ${a.medium}` : '', a.session_date ? ` · session of ${a.session_date}` : ''))))));
}

/** Edit the client record (PATCH): name, setting, birth year, status (e.g. discharged). */
async function recordSection(ref, chart, ctx) {
  const c = chart.client;
  const settings = await kb('settings').catch(() => []);
  const nameI = h('input', { type: 'text', name: 'name', maxlength: '200', value: c.name, autocomplete: 'off' });
  const settingI = select((settings.length ? settings : [{ id: c.setting, name: c.setting }]).map((x) => [x.id, x.name]), c.setting, { name: 'setting' });
  const yearI = h('input', { type: 'number', name: 'birth_year', min: '1900', max: '2100', value: c.birth_year || '', inputmode: 'numeric' });
  const statusI = select([['active', 'Active'], ['discharged', 'Discharged']], c.status, { name: 'status' });
  const msg = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'grid2' }, field('Name', nameI, { name: 'name' }), field('Setting', settingI, { name: 'setting' }),
      field('Birth year', yearI, { name: 'birth_year', hint: 'Optional.' }), field('Status', statusI, { name: 'status' })),
    msg, h('p', null, h('button', { type: 'submit' }, 'Save the client record')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const body = { version: c.version, name: nameI.value.trim(), setting: settingI.value, status: statusI.value };
    if (yearI.value) body.birth_year = Number(yearI.value);
    try {
      const r = await api.patch(paths.client(ref), body);
      ctx.flash = `Client record saved (version ${r.client.version}).`;
      ctx.go(`#/clients/${ref}`);
    } catch (e) {
      if (e.status === 409) {
        msg.textContent = 'Someone else changed this client in the meantime. Reload the chart and make the change again.';
        msg.hidden = false;
      } else if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.message;
        msg.hidden = false;
      }
    }
  });
  return h('section', { class: 'card', 'aria-labelledby': 'record-h' }, h('h2', { id: 'record-h' }, 'Client record'),
    h('details', { class: 'edit-record' }, h('summary', null, 'Edit name, setting, birth year or status'), form));
}

function teamSection(ref, chart, ctx, clinical) {
  const kids = [h('ul', null, chart.care_team.map((m) => h('li', null, `${m.name} (${m.login}) — ${m.role}`)))];
  if (clinical || ctx.user.role === 'admin') {
    const login = h('input', { type: 'text', name: 'login', maxlength: '64', autocomplete: 'off' });
    const role = select([['therapist', 'Therapist'], ['supervisor', 'Supervisor'], ['team', 'Team (read only)']], 'team', { name: 'role' });
    const msg = h('p', { role: 'status', class: 'muted' });
    const form = h('form', { class: 'inline-form' },
      field('Login of the new team member', login, { name: 'login' }), field('Team role', role, { name: 'role' }),
      h('button', { type: 'submit' }, 'Add to the care team'), msg);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearErrors(form);
      try {
        await api.post(paths.clientTeam(ref), { login: login.value.trim(), role: role.value });
        ctx.flash = `${login.value.trim()} added to the care team.`;
        ctx.go(`#/clients/${ref}`);
      } catch (e) {
        if (!showFieldError(form, e.field || 'login', e.message)) msg.textContent = e.message;
      }
    });
    kids.push(form);
  }
  return section('team-h', 'Care team', kids);
}
