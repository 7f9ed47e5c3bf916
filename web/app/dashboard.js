// dashboard.js — the caseload: alerts for the caller's clients (GET /alerts; a risk item
// says whether, by whom and when it was acknowledged; a blank risk item is an alert too) and the
// clients list (GET /clients, with a name/reference filter).
import { ackForm } from './ack.js';
import { api, ApiError, names, nameOf, ALERT_WORDS } from './api.js';
import * as paths from './paths.js';
import { append, h, field, fmtTime } from './dom.js';

function ackText(a) {
  if (a.kind !== 'risk-item') return null;
  return a.acknowledged
    ? h('span', { class: 'ack ack-done' }, ` Acknowledged${a.acknowledged_by ? ` by ${a.acknowledged_by}` : ''}${a.acknowledged_at ? ` on ${fmtTime(a.acknowledged_at)} UTC` : ''}.${a.action ? ` Done: ${a.action}` : ''}`)
    : h('strong', { class: 'ack ack-open' }, ' Not acknowledged yet.');
}

export async function render(view, _params, ctx) {
  ctx.title('Caseload');
  append(view, h('h1', null, 'Your caseload'), ctx.takeFlash());
  const [clients, alerts, settingNames] = await Promise.all([
    api.get(paths.clients()),
    api.get(paths.alerts()).catch((e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e))),
    names('settings'),
  ]);
  const alertBox = h('section', { class: 'card', 'aria-labelledby': 'alerts-h' }, h('h2', { id: 'alerts-h' }, 'Alerts'));
  if (!alerts) {
    alertBox.append(h('p', null, 'Alerts are not available from this server.'));
  } else if (!alerts.alerts.length) {
    alertBox.append(h('p', null, 'No alerts for your clients.'));
  } else {
    alertBox.append(h('ul', { class: 'alerts' }, alerts.alerts.map((a) =>
      h('li', { class: `alert alert-${a.kind}` },
        h('strong', null, `${ALERT_WORDS[a.kind] || a.kind}: `),
        h('a', { href: a.kind === 'cosign-due' ? `#/clients/${a.ref}/plan` : `#/clients/${a.ref}` }, a.name), ' — ', a.text, ackText(a),
        // an open risk is acknowledged here too, with what was done
        a.kind === 'risk-item' && !a.acknowledged && ctx.canRecord()
          ? ackForm(a.ref, a.measure_id, () => { ctx.flash = 'Risk flag acknowledged.'; ctx.go(location.hash); }).form
          : null))));
  }
  const rows = h('tbody');
  const fill = (list) => {
    rows.replaceChildren(...list.map((c) => h('tr', null,
      h('th', { scope: 'row' }, h('a', { href: `#/clients/${c.ref}` }, c.name)),
      h('td', null, c.ref), h('td', null, nameOf(settingNames, c.setting)), h('td', null, c.status))));
    count.textContent = `${list.length} client${list.length === 1 ? '' : 's'}`;
  };
  const count = h('p', { role: 'status', class: 'muted' });
  const q = h('input', { type: 'search', name: 'match', maxlength: '64' });
  const search = h('form', { class: 'inline-form', role: 'search' }, field('Find a client by name or reference', q),
    h('button', { type: 'submit' }, 'Find'));
  search.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = await api.get(paths.clients(q.value));
    fill(d.clients);
  });
  fill(clients.clients);
  const actions = ctx.canRecord() ? h('p', null, h('a', { class: 'button primary', href: '#/clients/new' }, 'Add a client')) : null;
  append(view, alertBox,
    h('section', { class: 'card', 'aria-labelledby': 'clients-h' }, h('h2', { id: 'clients-h' }, 'Clients'),
      actions, search, count,
      h('div', { class: 'table-wrap' }, h('table', null,
        h('caption', { class: 'visually-hidden' }, 'Clients on your caseload'),
        h('thead', null, h('tr', null, ['Name', 'Reference', 'Setting', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
        rows))));
}
