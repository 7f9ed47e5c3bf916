// measure.js — administering an instrument: its items from GET /kb/instruments, scored at
// once by POST measures. Where the KB carries the published wording (the licence allows it and
// the text was checked against a cited source) each item shows its number and printed text, the
// options their printed words, and the source and licence stand under the form; otherwise the
// item number with easel's own short label, the numeric answer scale, and why the wording is not
// shown. A running total (plain sums only: the server scores reversed, yes/no and percentage
// instruments, so those show how many items are answered) and the unanswered items are kept live.
// When the answer says "risk": true, a risk banner holds the screen (ctx.block) until the
// therapist acknowledges it (POST alerts/ack), which the audit log records.
import { ackForm } from './ack.js';
import { api, kb } from './api.js';
import * as paths from './paths.js';
import { append, h, field, group, choice, select, clearErrors, showFieldError, today, fmtX100 } from './dom.js';

/** The wording is shown only with one text per item and the printed options. */
function hasWording(inst) {
  return Array.isArray(inst.item_texts) && inst.item_texts.length === inst.items
    && Array.isArray(inst.options) && inst.options.length > 0;
}

/** A plain sum: every answer counts as marked (no reversed item, no yes/no keying, no percentage). */
function plainSum(inst) {
  return inst.scoring === 'sum' && !(inst.reverse_items && inst.reverse_items.length);
}

export async function render(view, [ref], ctx) {
  const [client, instruments] = await Promise.all([api.get(paths.client(ref)), kb('instruments')]);
  const name = client.client.name;
  ctx.title(`Administer an instrument — ${name}`);
  const instI = select(instruments.map((i) => [i.id, i.name]), instruments.some((i) => i.id === 'phq-9') ? 'phq-9' : instruments[0].id, { name: 'instrument' });
  const dateI = h('input', { type: 'date', name: 'date', value: today(), required: true });
  const stem = h('p', { class: 'stem', hidden: true });
  const withheld = h('p', { class: 'notice wording-withheld', hidden: true });
  const items = h('div', { class: 'items', 'data-field': 'answers' }, h('p', { class: 'field-error', hidden: true }));
  const total = h('p', { class: 'running-total' });
  const open = h('div', { class: 'unanswered' });
  const tally = h('div', { class: 'tally', 'aria-live': 'polite' }, total, open);
  const source = h('div', { class: 'wording-source' });
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const msg = h('p', { class: 'notice error', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Score and record');
  const current = () => instruments.find((i) => i.id === instI.value);

  const answersOf = (inst) => Array.from({ length: inst.items }, (_, k) => {
    const c = items.querySelector(`input[name="item-${k}"]:checked`);
    return c ? Number(c.value) : null;
  });

  const drawTally = () => {
    const inst = current();
    const answers = answersOf(inst);
    const answered = answers.filter((a) => a !== null).length;
    total.textContent = plainSum(inst)
      ? `Running total: ${answers.reduce((s, a) => s + (a || 0), 0)} (${answered} of ${inst.items} answered)`
      : `Answered ${answered} of ${inst.items}. The total follows the instrument's own scoring rules (reversed items, yes/no answers or a percentage) and is worked out when you score and record it.`;
    const missing = answers.map((a, k) => (a === null ? k + 1 : null)).filter((k) => k !== null);
    open.replaceChildren(...(missing.length
      ? [h('p', { class: 'unanswered-title' }, `Unanswered (${missing.length}):`),
        h('ul', { class: 'unanswered-list' }, missing.map((k) => h('li', null, `Item ${k}`)))]
      : [h('p', { class: 'unanswered-title' }, 'All items answered.')]));
  };

  const drawSource = (inst) => {
    const parts = [];
    if (hasWording(inst) && inst.wording_source) {
      const s = inst.wording_source;
      parts.push(h('p', null, 'Source of the wording: ',
        h('a', { href: s.url, target: '_blank', rel: 'noopener noreferrer' }, s.title), '.'));
    }
    if (inst.wording_licence) parts.push(h('p', null, `Licence: ${inst.wording_licence}`));
    if (!parts.length) parts.push(h('p', null, 'The knowledge base has no published wording for this instrument.'));
    source.replaceChildren(...parts);
  };

  const drawItems = () => {
    const inst = current();
    const worded = hasWording(inst);
    stem.textContent = worded && inst.stem ? inst.stem : '';
    stem.hidden = !(worded && inst.stem);
    withheld.textContent = worded ? ''
      : `Wording not shown. ${inst.wording_withheld_reason || 'The knowledge base has no verified published wording for this instrument.'} The items show their numbers${inst.labels && inst.labels.length ? ' and easel\'s own short labels, not the instrument\'s words' : ''}; the answers are the numeric scale ${inst.min} to ${inst.max}.`;
    withheld.hidden = worded;
    const err = items.querySelector('.field-error');
    items.replaceChildren(...Array.from({ length: inst.items }, (_, k) => {
      const label = worded ? inst.item_texts[k] : inst.labels && inst.labels[k];
      const opts = worded
        ? inst.options.map((o) => choice('radio', `item-${k}`, String(o.value), o.text))
        : Array.from({ length: inst.max - inst.min + 1 }, (_, v) => choice('radio', `item-${k}`, String(inst.min + v), String(inst.min + v)));
      // the printed text after its number; without wording "Item N", with easel's label if any
      const head = worded ? `${k + 1}. ${label}` : `Item ${k + 1}${label ? `: ${label}` : ''}`;
      const legend = `${head}${inst.risk_item === k + 1 ? ' (risk item)' : ''}`;
      return group(legend, opts, { class: `item${worded ? ' worded' : ''}` });
    }), err);
    drawSource(inst);
    drawTally();
  };
  instI.addEventListener('change', drawItems);
  items.addEventListener('change', drawTally);
  drawItems();

  const form = h('form', { class: 'stack', novalidate: true },
    h('div', { class: 'card' }, field('Instrument', instI, { name: 'instrument' }), field('Date', dateI, { name: 'date' }),
      h('p', { class: 'hint' }, 'Each item offers the answers printed on the instrument. An item left blank is recorded as blank; the instrument\'s own rules decide whether the total is still valid.')),
    h('div', { class: 'card' }, h('h2', null, 'Items'), withheld, stem, items, tally, source),
    msg, h('p', null, submit, ' ', h('a', { href: `#/clients/${ref}` }, 'Back to the chart')));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    const inst = current();
    const answers = answersOf(inst);
    let r;
    try {
      r = await api.post(paths.measures(ref), { instrument: inst.id, date: dateI.value, answers });
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
        ? `${inst.name}: total ${fmtX100(r.total_x100)}${r.percent_x100 !== null && r.percent_x100 !== undefined ? ` (${fmtX100(r.percent_x100)} %)` : ''}${r.band ? ` (${r.band})` : ''}${r.prorated ? ', prorated for blank items' : ''}.`
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
