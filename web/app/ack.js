// ack.js — acknowledging a risk answer, wherever it shows (measure screen, chart, dashboard):
// what was done about it is required (free text), and the server records who and when
// (POST alerts/ack). One form, so every screen asks the same and records the same.
import { api } from './api.js';
import * as paths from './paths.js';
import { h, field, nextId } from './dom.js';

// A form that acknowledges administration measureId of client ref; onDone(answer) after it is
// recorded. label: the button's words.
export function ackForm(ref, measureId, onDone, label = 'Acknowledge the risk flag') {
  const id = nextId('ack');
  const action = h('textarea', { id, name: 'action', rows: '2', maxlength: '2000', 'aria-required': 'true' });
  const msg = h('p', { role: 'status', class: 'hint' });
  const btn = h('button', { type: 'submit', class: 'danger' }, label);
  const form = h('form', { class: 'ack-form' },
    field('What was done', action, { hint: 'For example: asked about thoughts of suicide today, reviewed the safety plan, informed the on-call psychiatrist.' }),
    btn, msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!action.value.trim()) {
      msg.textContent = 'Say what was done before acknowledging.';
      action.focus();
      return;
    }
    btn.disabled = true;
    try {
      const answer = await api.post(paths.alertAck(ref), { measure_id: measureId, action: action.value.trim() });
      onDone(answer);
    } catch (e) {
      btn.disabled = false;
      msg.textContent = `Not recorded: ${e.message}. Try again.`;
    }
  });
  return { form, focus: action };
}
