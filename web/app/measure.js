// measure.js — administering an instrument: its items from GET /api/v1/kb/instruments (easel's
// own item labels), scored at once by POST measures. When the answer says "risk": true, a risk
// banner holds the screen (ctx.block) until the therapist acknowledges it
// (POST alerts/ack), which the audit log records.
import { ackForm } from './ack.js';
import { api, clientPath, kb } from './api.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today, fmtX100 } from './dom.js';

export async function render(view, [ref], ctx) {
  const [client, instruments] = await Promise.all([api.get(clientPath(ref)), kb('instruments')]);
  const name = client.client.name;
  ctx.title(`Administer an instrument — ${name}`);
  const instI = select(instruments.map((i) => [i.id, i.name]), instruments.some((i) => i.id === 'phq-9') ? 'phq-9' : instruments[0].id, { name: 'instrument' });
  const dateI = h('input', { type: 'date', name: 'date', value: today(), required: true });
  const items = h('div', { class: 'items', 'data-field': 'answers' }, h('p', { class: 'field-error', hidden: true }));
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Score and record');

  const drawItems = () => {
    const inst = instruments.find((i) => i.id === instI.value);
    const err = items.querySelector('.field-error');
    items.replaceChildren(...Array.from({ length: inst.items }, (_, k) => {
      const label = (inst.labels && inst.labels[k]) || `Item ${k + 1}`;
      const opts = [];
      for (let v = inst.min; v <= inst.max; v++) opts.push(choice('radio', `item-${k}`, String(v), String(v)));
      return group(`${k + 1}. ${label}${inst.risk_item === k + 1 ? ' (risk item)' : ''}`, opts, { class: 'item' });
    }), err);
  };
  instI.addEventListener('change', drawItems);
  drawItems();

  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'card' }, field('Instrument', instI, { name: 'instrument' }), field('Date', dateI, { name: 'date' }),
      h('p', { class: 'hint' }, 'Scores run from the lowest to the highest option for each item. An item left blank is recorded as blank; the instrument\'s own rules decide whether the total is still valid.')),
    h('div', { class: 'card' }, h('h2', null, 'Items'), items),
    msg, h('p', null, submit, ' ', h('a', { href: `#/clients/${ref}` }, 'Back to the chart')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const inst = instruments.find((i) => i.id === instI.value);
    const answers = Array.from({ length: inst.items }, (_, k) => {
      const c = form.querySelector(`input[name="item-${k}"]:checked`);
      return c ? Number(c.value) : null;
    });
    let r;
    try {
      r = await api.post(clientPath(ref, '/measures'), { instrument: inst.id, date: dateI.value, answers });
    } catch (e) {
      if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.message;
        msg.hidden = false;
        msg.focus();
      }
      return;
    }
    form.hidden = true;
    result.replaceChildren(h('div', { class: 'card' }, h('h2', null, 'Result'),
      h('p', { class: 'score' }, r.valid
        ? `${inst.name}: total ${fmtX100(r.total_x100)}${r.percent_x100 != null ? ` (${fmtX100(r.percent_x100)} %)` : ''}${r.band ? ` (${r.band})` : ''}${r.prorated ? ', prorated for blank items' : ''}.`
        : `${inst.name}: not valid — ${r.reason || 'too many blank items'}.`)));
    if (r.risk) riskBanner(ref, r, ctx, result);
    else result.append(done(ref));
    (result.querySelector('.risk-banner h2') || result.querySelector('h2')).setAttribute('tabindex', '-1');
    (result.querySelector('.risk-banner h2') || result.querySelector('h2')).focus();
  });
  append(view, h('h1', null, `Administer an instrument — ${name}`), form, result);
}

function done(ref) {
  return h('p', { class: 'actions-row' }, h('a', { class: 'button', href: `#/clients/${ref}` }, 'Back to the chart'), ' ',
    h('a', { class: 'button', href: `#/clients/${ref}/measure` }, 'Administer another'));
}

function riskBanner(ref, r, ctx, result) {
  const ackMsg = h('p', { role: 'status' });
  let ack = null;
  ack = ackForm(ref, r.id, () => {
    ctx.block = null;
    ack.form.remove();
    banner.classList.add('acknowledged');
    ackMsg.textContent = 'Acknowledged. The flag stays on the chart and the plan until the risk is reviewed.';
    result.append(done(ref));
    result.querySelector('.actions-row a').focus();
  }, 'I have seen the risk flag');
  const banner = h('section', { class: 'risk-banner', role: 'alert', 'aria-labelledby': 'risk-h' },
    h('h2', { id: 'risk-h' }, 'Risk flag'),
    h('p', null, `The risk item (item ${r.risk_item}) was answered above 0. Same-day risk follow-up and safety planning come first: ask directly about thoughts of suicide or self-harm today, review or write a safety plan, and follow your service's risk procedure.`),
    h('p', null, 'Acknowledge the flag to go on, saying what was done. The acknowledgement is recorded in the audit log under your name.'),
    ack.form, ackMsg);
  ctx.block = { hash: location.hash, focus: ack.focus };
  result.append(banner);
}
