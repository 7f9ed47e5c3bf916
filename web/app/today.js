// today.js — what is due (GET /today): the individual sessions the caseload's plans put
// on a day and the rest of its week, and the sessions of the group programs the user
// facilitates; today's first, then the rest of the week. Each says whether it is documented;
// an undocumented one links to its note.
import { api } from './api.js';
import * as paths from './paths.js';
import { append, h, field, today } from './dom.js';

function when(date) {
  const d = new Date(`${date}T12:00:00Z`);
  return `${d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })} ${date}`;
}

function item(x) {
  const group = x.kind === 'group';
  const what = group ? `Group session ${x.number}` : `Session ${x.number}`;
  const open = group ? `#/groups/${x.ref}` : `#/clients/${x.ref}`;
  const act = x.documented
    ? (group ? h('a', { href: `#/groups/${x.ref}/sessions/${x.number}` }, 'Open the note') : null)
    : h('a', { class: 'button small-button', href: group ? `#/groups/${x.ref}/sessions/new/${x.number}` : `#/clients/${x.ref}/sessions/new` },
      `Document ${what.toLowerCase()}`, h('span', { class: 'visually-hidden' }, ` of ${x.name}`));
  return h('li', { class: `due ${x.documented ? 'due-done' : 'due-open'}` },
    h('p', { class: 'due-what' }, h('a', { href: open }, x.name), ` · ${what}${group ? ' (group)' : ''}`),
    h('p', { class: 'due-state' }, x.documented ? h('span', { class: 'tag' }, 'Documented') : h('strong', { class: 'tag tag-open' }, 'Not documented'), ' ', act));
}

// #/today
export async function render(view, _params, ctx) {
  const asked = (location.hash.split('?date=')[1] || '').slice(0, 10);
  const d = await api.get(paths.today(/^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : null));
  ctx.title('Today');
  const now = d.items.filter((x) => x.date === d.date);
  const later = d.items.filter((x) => x.date !== d.date);
  const byDay = new Map();
  for (const x of later) {
    if (!byDay.has(x.date)) byDay.set(x.date, []);
    byDay.get(x.date).push(x);
  }
  const dateI = h('input', { type: 'date', name: 'date', value: d.date });
  const pick = h('form', { class: 'inline-form' }, field('Show another day', dateI), h('button', { type: 'submit' }, 'Show'));
  pick.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go(dateI.value && dateI.value !== today() ? `#/today?date=${dateI.value}` : '#/today');
  });
  const open = d.items.filter((x) => !x.documented).length;
  append(view, h('h1', null, d.date === today() ? 'Today' : `Due on ${d.date}`), ctx.takeFlash(),
    h('p', { class: 'muted' }, `${when(d.date)} to ${d.week_end}: ${d.items.length} session${d.items.length === 1 ? '' : 's'} due, ${open} not documented.`),
    h('section', { class: 'card', 'aria-labelledby': 'today-h' }, h('h2', { id: 'today-h' }, d.date === today() ? 'Due today' : `Due on ${d.date}`),
      now.length ? h('ul', { class: 'due-list' }, now.map(item)) : h('p', null, 'Nothing is due.')),
    h('section', { class: 'card', 'aria-labelledby': 'week-h' }, h('h2', { id: 'week-h' }, 'Later this week'),
      byDay.size ? [...byDay.entries()].map(([date, xs]) => [h('h3', null, when(date)), h('ul', { class: 'due-list' }, xs.map(item))])
        : h('p', null, 'Nothing else is due this week.')),
    h('section', { class: 'card' }, pick));
}
