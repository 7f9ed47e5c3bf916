// plan.js — the plan builder: generate (POST plan), read why every item was chosen or left out
// (GET plan/explain; the plan's own verdict for every intervention and medium), edit goal and
// objective text, remove an intervention, reorder sessions, add an intervention (the KB's and
// the clinic's own), record the client's own words, save (PUT plan), sign, supervisor co-sign,
// and the version history with a line diff. The client's precautions (other allergies among
// them) show at the top and on every session.
import { api, ApiError, names, nameOf } from './api.js';
import * as paths from './paths.js';
import { append, h, field, select, nextId, fmtTime } from './dom.js';

const SLOTS = [['warm_up', 'Warm-up'], ['main', 'Main'], ['closure', 'Closure']];
const VERDICTS = [['excluded', 'Left out for this client'], ['included', 'In the plan'],
  ['not-selected', 'Allowed, not chosen'], ['not-relevant', 'Allowed, serves no objective']];

export async function render(view, [ref], ctx) {
  const [chart, iv, media, problems] = await Promise.all([api.get(paths.client(ref)), names('interventions'), names('media'), names('problems')]);
  const st = { ref, ctx, iv, media, problems, chart, meta: null, plan: null, dirty: false, view };
  try {
    const got = await api.get(paths.plan(ref));
    st.meta = got;
    st.plan = got.plan;
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
  }
  ctx.title(`Plan — ${chart.client.name}`);
  draw(st);
}

function clinicalRole(st) {
  const me = st.chart.care_team.find((m) => m.login === st.ctx.user.login);
  return me && me.role !== 'team' && st.ctx.user.role !== 'team';
}

function status(st, text, error = false) {
  const el = st.view.querySelector('#plan-status');
  el.className = `notice ${error ? 'error' : 'ok'}`;
  el.textContent = text;
  el.hidden = false;
}

function markDirty(st) {
  st.dirty = true;
  const save = st.view.querySelector('#plan-save');
  if (save) save.disabled = false;
  const sign = st.view.querySelector('#plan-sign');
  if (sign) sign.disabled = true;
  const hint = st.view.querySelector('#plan-dirty');
  if (hint) hint.hidden = false;
}

async function reload(st, text) {
  const got = await api.get(paths.plan(st.ref));
  st.meta = got;
  st.plan = got.plan;
  st.dirty = false;
  draw(st);
  status(st, text);
  st.view.querySelector('#plan-status').focus();
}

function draw(st) {
  const { view } = st;
  const h1 = h('h1', { tabindex: '-1' }, `Treatment plan — ${st.chart.client.name}`);
  const statusEl = h('p', { id: 'plan-status', role: 'status', tabindex: '-1', hidden: true });
  view.replaceChildren(h1, h('p', null, h('a', { href: `#/clients/${st.ref}` }, 'Back to the chart')), statusEl);
  const clinical = clinicalRole(st);
  if (!st.plan) {
    append(view, h('section', { class: 'card', 'aria-labelledby': 'gen-h' }, h('h2', { id: 'gen-h' }, 'No plan yet'),
      clinical ? generateForm(st) : h('p', null, 'A therapist on the care team generates the first plan.')));
    return;
  }
  append(view, metaSection(st, clinical));
  // a risk raised by a measure shows even when the profile records no flags
  const flags = st.plan.flags || [];
  const active = (st.plan.risks || []).length > 0;
  if (active || flags.length) {
    append(view, h('div', { class: active ? 'risk-banner' : 'notice' }, h('h2', null, active ? 'Risk flag' : 'Client flags'),
      active ? h('ul', null, (st.plan.risks || []).map((r) => h('li', null, riskWords(r)))) : null,
      flags.length ? h('p', null, `Flags from the profile: ${(st.plan.flag_words || flags).join(', ')}.`) : null));
  }
  const precautions = precautionsOf(st.plan);
  if (precautions.length) {
    append(view, h('section', { class: 'card', id: 'plan-precautions', 'aria-labelledby': 'precautions-h' },
      h('h2', { id: 'precautions-h' }, 'Precautions'), h('ul', null, precautions.map((x) => h('li', null, x)))));
  }
  append(view, checksSection(st), wordsSection(st, clinical), goalsSection(st, clinical), sessionsSection(st, clinical, precautions));
  if (st.plan.gaps && st.plan.gaps.length) {
    append(view, h('section', { class: 'card', 'aria-labelledby': 'gaps-h' }, h('h2', { id: 'gaps-h' }, 'Objectives without a fitting intervention'),
      h('ul', null, st.plan.gaps.map((g) => h('li', null, `Objective ${g.objective}: ${g.reason}`)))));
  }
  append(view, verdictSection(st), historySection(st));
}

// The profile's precautions and the allergies no material check knows (other_allergies): the
// engine carries each among the plan's setting notes as "Precaution: ..." (core/plan.c), and
// they hold for every session.
function precautionsOf(plan) {
  const tag = 'Precaution: ';
  return (plan.setting_notes || []).filter((n) => n.startsWith(tag)).map((n) => n.slice(tag.length));
}

function riskWords(r) {
  if (typeof r === 'string') return r;
  const what = r.words || r.flag || 'risk'; // the server's words for the flag (core/vocab.c)
  const ack = r.acknowledged && r.acknowledged.reason ? ` Acknowledged: ${r.acknowledged.reason}` : '';
  return `${what.charAt(0).toUpperCase()}${what.slice(1)}: ${r.reason || ''}.${ack}`;
}

// The plan checker's findings over this version (computed by the server for every generated and
// every edited plan): errors block signing; each also shows beside its session.
function checksSection(st) {
  const checks = st.plan.checks || [];
  const errors = checks.filter((c) => c.severity === 'error');
  const kids = [h('p', null, errors.length
    ? `${errors.length} error${errors.length === 1 ? '' : 's'} and ${checks.length - errors.length} warning${checks.length - errors.length === 1 ? '' : 's'}. Errors block signing: mend them and save.`
    : `No errors${checks.length ? `; ${checks.length} warning${checks.length === 1 ? '' : 's'} to read` : ''}.`)];
  if (checks.length) kids.push(h('ul', { class: 'checks' }, checks.map(checkItem)));
  return h('section', { class: `card${errors.length ? ' has-errors' : ''}`, 'aria-labelledby': 'checks-h', id: 'plan-checks' },
    h('h2', { id: 'checks-h' }, 'Plan checks'), kids);
}

function checkItem(c) {
  const where = c.session ? `Session ${c.session}: ` : '';
  return h('li', { class: `check check-${c.severity}`, 'data-rule': c.rule },
    h('strong', null, c.severity === 'error' ? 'Error' : 'Warning'), ` ${where}${c.message}.`);
}

function generateForm(st) {
  const n = h('input', { type: 'number', name: 'sessions', min: '1', max: '104', inputmode: 'numeric' });
  const err = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const form = h('form', { class: 'inline-form' },
    field('Number of sessions', n, { hint: 'Leave empty for the profile\'s number.' }),
    h('button', { type: 'submit', class: 'primary' }, st.plan ? 'Generate a new proposal' : 'Generate a plan'), err);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    try {
      const body = n.value ? { sessions: Number(n.value) } : {};
      await api.post(paths.plan(st.ref), body);
      await reload(st, 'A new plan was generated as a draft. Read it, change what you need, then save and sign.');
    } catch (e) {
      err.replaceChildren(e.field === 'profile'
        ? ['There is no profile yet. ', h('a', { href: `#/clients/${st.ref}/profile` }, 'Fill in the profile'), ' first.']
        : e.message);
      err.hidden = false;
    }
  });
  return form;
}

function metaSection(st, clinical) {
  const m = st.meta;
  const me = st.ctx.user;
  // people by name (the login only when the account is gone)
  const who = (name, login) => name || login;
  const kids = [h('p', null, `Version ${m.version} · ${m.status}${m.created_by ? ` · created by ${who(m.created_by_name, m.created_by)} ${fmtTime(m.created_at)}` : ''}`
    + `${m.signed_by ? ` · signed by ${who(m.signed_by_name, m.signed_by)}` : ''}${m.cosigned_by ? ` · co-signed by ${who(m.cosigned_by_name, m.cosigned_by)}` : ''}`)];
  const buttons = [];
  if (clinical) {
    const save = h('button', { type: 'button', id: 'plan-save', class: 'primary', disabled: !st.dirty }, 'Save changes');
    save.addEventListener('click', () => savePlan(st));
    buttons.push(save);
    if (m.status === 'draft' && ['therapist', 'supervisor'].includes(me.role)) {
      const sign = h('button', { type: 'button', id: 'plan-sign', disabled: st.dirty }, 'Sign this version');
      sign.addEventListener('click', async () => {
        try {
          await api.post(paths.planSign(st.ref), { version: m.version });
          await reload(st, `Version ${m.version} signed.`);
        } catch (e) {
          status(st, e.message, true);
        }
      });
      buttons.push(sign);
    }
    if (m.status === 'signed' && me.role === 'supervisor' && m.signed_by !== me.login && !m.cosigned_by) {
      const co = h('button', { type: 'button', id: 'plan-cosign' }, 'Co-sign as supervisor');
      co.addEventListener('click', async () => {
        try {
          await api.post(paths.planCosign(st.ref), { version: m.version });
          await reload(st, `Version ${m.version} co-signed.`);
        } catch (e) {
          status(st, e.message, true);
        }
      });
      buttons.push(co);
    }
  }
  kids.push(h('div', { class: 'toolbar' }, buttons),
    h('p', { id: 'plan-dirty', class: 'hint', hidden: !st.dirty }, 'You have unsaved changes. Save them before signing.'));
  if (m.status !== 'draft') kids.push(h('p', { class: 'hint' }, 'Saving changes to a signed plan starts an amendment: a new draft version to sign again.'));
  if (clinical) kids.push(h('details', null, h('summary', null, 'Generate a new proposal from the profile'), generateForm(st)));
  return h('section', { class: 'card', 'aria-labelledby': 'meta-h' }, h('h2', { id: 'meta-h' }, 'Status'), kids);
}

async function savePlan(st) {
  try {
    const r = await api.put(paths.plan(st.ref), { expected_version: st.meta.version, plan: st.plan });
    await reload(st, r.check_errors
      ? `Saved as version ${r.version}. The plan checker found ${r.check_errors} error${r.check_errors === 1 ? '' : 's'}: see Plan checks; errors block signing.`
      : `Saved as version ${r.version}.`);
  } catch (e) {
    status(st, e.field ? `${e.message} (${e.field})` : e.message, true);
    const m = e.field && e.field.match(/^plan\.sessions\[(\d+)\]\.(\w+)/);
    if (m) {
      const slot = st.view.querySelector(`[data-slot="${m[1]}-${m[2]}"]`);
      if (slot) slot.classList.add('invalid');
    }
    st.view.querySelector('#plan-status').focus();
  }
}

function wordsSection(st, clinical) {
  const goals = st.plan.client_goals || (st.plan.client_goals = []);
  const ul = h('ul', { class: 'words' });
  goals.forEach((g, i) => {
    if (!clinical) {
      ul.append(h('li', null, h('q', null, g)));
      return;
    }
    const inp = h('input', { type: 'text', value: g, maxlength: '500' });
    inp.addEventListener('input', () => { goals[i] = inp.value; markDirty(st); });
    const rm = h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove the client's words ${i + 1}` }, 'Remove');
    rm.addEventListener('click', () => { goals.splice(i, 1); markDirty(st); draw(st); });
    ul.append(h('li', null, field(`The client's words ${i + 1}`, inp), rm));
  });
  const kids = [goals.length ? ul : h('p', null, 'None recorded yet.')];
  if (clinical) {
    const add = h('input', { type: 'text', name: 'client_words', maxlength: '500' });
    const form = h('form', { class: 'inline-form' }, field('Add the client\'s own words', add, { hint: 'Carried into the plan verbatim.' }),
      h('button', { type: 'submit' }, 'Add'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!add.value.trim()) return;
      goals.push(add.value.trim());
      markDirty(st);
      draw(st);
    });
    kids.push(form);
  }
  return h('section', { class: 'card', 'aria-labelledby': 'words-h' }, h('h2', { id: 'words-h' }, 'In the client\'s own words'), kids);
}

function goalsSection(st, clinical) {
  const kids = st.plan.goals.map((g, gi) => {
    const lt = h('input', { type: 'text', value: g.long_term_goal, readonly: !clinical });
    lt.addEventListener('input', () => { g.long_term_goal = lt.value; markDirty(st); });
    return h('article', { class: 'goal' }, h('h3', null, `Goal ${gi + 1}: ${nameOf(st.problems, g.problem)}`),
      field('Long-term goal', lt),
      g.objectives.map((o) => {
        const ta = h('textarea', { rows: '2', readonly: !clinical }, o.smart);
        ta.addEventListener('input', () => { o.smart = ta.value; markDirty(st); });
        return h('div', { class: 'objective' }, field(`Objective ${o.number}`, ta),
          h('p', { class: 'hint' }, `Measure: ${o.measure}. Baseline ${o.baseline}; target ${o.target} by ${o.target_date}.`));
      }));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'goals-h' }, h('h2', { id: 'goals-h' }, 'Goals and objectives'), kids);
}

function itemName(st, id) {
  const it = st.iv.get(id);
  return it ? it.name : id;
}

function explainButton(st, id, label) {
  const out = h('div', { class: 'explanation', hidden: true, 'aria-live': 'polite' });
  const btn = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false', 'aria-label': label }, 'Why?');
  btn.addEventListener('click', async () => {
    if (!out.hidden) {
      out.hidden = true;
      btn.setAttribute('aria-expanded', 'false');
      return;
    }
    try {
      // the version on screen explains itself: its own recorded verdict, not today's profile
      const r = await api.get(paths.planExplain(st.ref, id, st.meta && st.meta.version ? st.meta.version : null));
      out.replaceChildren(h('p', { class: 'verdict' }, `${r.kind}: ${r.verdict}`), h('pre', null, r.text));
    } catch (e) {
      out.replaceChildren(h('p', { class: 'notice error' }, e.message));
    }
    out.hidden = false;
    btn.setAttribute('aria-expanded', 'true');
  });
  return [btn, out];
}

function sessionsSection(st, clinical, precautions) {
  const sessions = st.plan.sessions;
  const options = [...st.iv.values()].sort((a, b) => a.name.localeCompare(b.name))
    .map((i) => [i.id, `${i.name}${i.clinic ? ' (clinic)' : ''}`]);
  const ol = h('ol', { class: 'sessions' });
  sessions.forEach((sess, si) => {
    const rows = SLOTS.map(([slot, label]) => {
      const item = sess[slot];
      const cell = h('div', { class: 'slot', 'data-slot': `${si}-${slot}` }, h('p', { class: 'slot-label' }, label));
      if (item && item.id) {
        const it = st.iv.get(item.id);
        cell.append(h('p', { class: 'slot-item' }, itemName(st, item.id), it && it.clinic ? h('span', { class: 'tag' }, 'clinic') : null,
          item.minutes ? ` · ${item.minutes} min` : '', item.part ? ` · ${item.part === 1 ? 'first' : 'second'} of two sessions` : ''));
        const [why, out] = explainButton(st, item.id, `Why ${itemName(st, item.id)} in session ${sess.number}?`);
        const tools = h('div', { class: 'slot-tools' }, why);
        if (clinical) {
          const rm = h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove ${itemName(st, item.id)} from session ${sess.number}` }, 'Remove');
          rm.addEventListener('click', () => { sess[slot] = null; markDirty(st); draw(st); focusSlot(st, si, slot); });
          tools.append(rm);
        }
        cell.append(tools, out);
      } else {
        cell.append(h('p', { class: 'slot-item muted' }, 'Empty'));
        if (clinical) {
          const sel = select([['', 'Choose an intervention'], ...options], '', { id: nextId('add') });
          const add = h('button', { type: 'button' }, 'Add');
          add.addEventListener('click', () => {
            if (!sel.value) { sel.focus(); return; }
            // the minutes the session's other segments leave free, so an addition fits its session
            const others = SLOTS.reduce((a, [k]) => a + (k !== slot && sess[k] ? sess[k].minutes || 0 : 0), 0);
            const used = others + (sess.safety_review_minutes || 0) + (sess.ground_rules_minutes || 0) +
              (sess.processing_minutes || 0) + (sess.studio_minutes || 0);
            const free = Math.max(0, (st.plan.session_minutes || 50) - used);
            const minutes = slot === 'main' ? Math.max(5, free) : Math.min(5, free);
            sess[slot] = { id: sel.value, minutes, media: [], substitutions: [] };
            markDirty(st);
            draw(st);
            focusSlot(st, si, slot);
          });
          cell.append(h('div', { class: 'inline-form' }, field(`Add to session ${sess.number}, ${label.toLowerCase()}`, sel), add));
        }
      }
      return cell;
    });
    const move = [];
    if (clinical) {
      const up = h('button', { type: 'button', class: 'small', disabled: si === 0, 'aria-label': `Move session ${sess.number} earlier` }, 'Earlier');
      const down = h('button', { type: 'button', class: 'small', disabled: si === sessions.length - 1, 'aria-label': `Move session ${sess.number} later` }, 'Later');
      up.addEventListener('click', () => moveSession(st, si, si - 1));
      down.addEventListener('click', () => moveSession(st, si, si + 1));
      move.push(h('div', { class: 'toolbar' }, up, down));
    }
    ol.append(h('li', { class: 'session', id: `session-${si}` },
      h('h3', null, `Session ${sess.number} · ${sess.date} · ${sess.phase}`),
      sess.objective ? h('p', null, `Objective ${sess.objective}${objectiveText(st, sess.objective)}`) : null,
      precautions.length ? h('p', { class: 'session-precautions' }, h('strong', null, 'Precautions: '), precautions.join(' · ')) : null,
      sessionChecks(st, sess),
      h('div', { class: 'slots' }, rows),
      sess.why ? h('p', { class: 'hint' }, `Why: ${sess.why}`) : null, move));
  });
  return h('section', { class: 'card', 'aria-labelledby': 'sessions-h' }, h('h2', { id: 'sessions-h' }, 'Sessions'), ol);
}

function objectiveText(st, number) {
  for (const g of st.plan.goals || []) for (const o of g.objectives || []) if (o.number === number) return `: ${o.smart}`;
  return '';
}

// The checker's findings for one session, beside it (as saved: an unsaved change is checked on save).
function sessionChecks(st, sess) {
  const mine = (st.plan.checks || []).filter((c) => c.session === sess.number);
  return mine.length ? h('ul', { class: 'checks' }, mine.map((c) => h('li', { class: `check check-${c.severity}`, 'data-rule': c.rule },
    h('strong', null, c.severity === 'error' ? 'Error' : 'Warning'), ` ${c.message}.`))) : null;
}

function focusSlot(st, si, slot) {
  const el = st.view.querySelector(`[data-slot="${si}-${slot}"] button, [data-slot="${si}-${slot}"] select`);
  if (el) el.focus();
}

function moveSession(st, from, to) {
  const sessions = st.plan.sessions;
  const slots = sessions.map((x) => ({ number: x.number, date: x.date }));
  const [x] = sessions.splice(from, 1);
  sessions.splice(to, 0, x);
  sessions.forEach((sx, i) => Object.assign(sx, slots[i])); // numbers and dates stay in order
  markDirty(st);
  draw(st);
  const btn = st.view.querySelector(`#session-${to} .toolbar button:${to < from ? 'first-child' : 'last-child'}`);
  (btn && !btn.disabled ? btn : st.view.querySelector(`#session-${to} h3`)).focus?.();
}

function verdictSection(st) {
  const kids = [h('p', null, 'Every intervention and medium in the knowledge base, with the engine\'s verdict for this client. "Why?" shows the full explanation.')];
  for (const [kind, list, nameMap] of [['Interventions', st.plan.interventions || [], st.iv], ['Media', st.plan.media || [], st.media]]) {
    kids.push(h('h3', null, kind));
    for (const [verdict, label] of VERDICTS) {
      const items = list.filter((x) => x.verdict === verdict);
      if (!items.length) continue;
      kids.push(h('details', { open: verdict === 'excluded' ? true : null, class: `verdicts verdict-${verdict}` },
        h('summary', null, `${label} (${items.length})`),
        h('ul', null, items.map((x) => {
          const nm = nameMap.get(x.id) ? nameMap.get(x.id).name : x.id;
          const [why, out] = explainButton(st, x.id, `Why is ${nm} ${label.toLowerCase()}?`);
          return h('li', { 'data-item': x.id }, h('strong', null, nm), `: ${x.reason} `, why, out);
        }))));
    }
  }
  return h('section', { class: 'card', 'aria-labelledby': 'verdicts-h' }, h('h2', { id: 'verdicts-h' }, 'Why items were included or left out'), kids);
}

function historySection(st) {
  const box = h('div');
  const sec = h('section', { class: 'card', 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, 'Version history'), box);
  api.get(paths.planVersions(st.ref)).then(({ versions }) => {
    const opts = versions.map((v) => [v.version, `Version ${v.version} (${v.status})`]);
    const table = h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, ['Version', 'Status', 'Created by', 'Created', 'Signed by', 'Co-signed by'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, versions.map((v) => h('tr', null, h('th', { scope: 'row' }, v.version), h('td', null, v.status), h('td', null, v.created_by_name || v.created_by || '—'),
        h('td', null, fmtTime(v.created_at)), h('td', null, v.signed_by_name || v.signed_by || '—'), h('td', null, v.cosigned_by_name || v.cosigned_by || '—'))))));
    box.append(table);
    if (versions.length < 2) return;
    const from = select(opts, versions[1].version, { name: 'from' });
    const to = select(opts, versions[0].version, { name: 'to' });
    const out = h('div', { class: 'diff', 'aria-live': 'polite' });
    const form = h('form', { class: 'inline-form' }, field('From version', from), field('To version', to), h('button', { type: 'submit' }, 'Show the differences'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const d = await api.get(paths.planDiff(st.ref, from.value, to.value));
        const changed = d.lines.filter((l) => l.op !== ' ');
        // what changed in words first (what a supervisor reads before co-signing), the raw lines after
        const words = d.changes || [];
        out.replaceChildren(h('h3', null, `What changed from version ${d.from} to version ${d.to}`),
          words.length ? h('ul', { class: 'changes' }, words.map((w) => h('li', null, w))) : h('p', null, 'Nothing a clinician would see changed.'),
          h('details', null, h('summary', null, `The stored text: ${changed.length} changed line${changed.length === 1 ? '' : 's'}`),
            h('pre', { class: 'diff-lines' }, d.lines.map((l) => h(l.op === '+' ? 'ins' : l.op === '-' ? 'del' : 'span', null,
              `${l.op === '+' ? '+ ' : l.op === '-' ? '- ' : '  '}${l.text}\n`)))));
      } catch (e) {
        out.replaceChildren(h('p', { class: 'notice error' }, e.message));
      }
    });
    box.append(form, out);
  }).catch((e) => box.append(h('p', { class: 'notice error' }, `The version history is not available: ${e.message}`)));
  return sec;
}
