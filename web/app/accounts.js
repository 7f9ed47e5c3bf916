// accounts.js — team and accounts (administrators): the users list (GET /users), a new
// account (POST /users), and adding a user to a client's care team (POST /clients/{ref}/team).
import { api } from './api.js';
import * as paths from './paths.js';
import { append, h, field, select, clearErrors, showFieldError } from './dom.js';

const ROLES = [['therapist', 'Therapist'], ['supervisor', 'Supervisor'], ['team', 'Team (read only)'], ['admin', 'Administrator']];

function formWith(fields, button, onSubmit) {
  const msg = h('p', { role: 'status', class: 'notice', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true }, fields, msg, h('button', { type: 'submit', class: 'primary' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    msg.hidden = true;
    try {
      msg.textContent = await onSubmit();
      msg.className = 'notice ok';
      msg.hidden = false;
    } catch (e) {
      if (!showFieldError(form, e.field, e.message)) {
        msg.textContent = e.message;
        msg.className = 'notice error';
        msg.hidden = false;
      }
    }
  });
  return form;
}

export async function render(view, _params, ctx) {
  ctx.title('Team and accounts');
  append(view, h('h1', null, 'Team and accounts'));
  if (ctx.user.role !== 'admin') {
    append(view, h('p', { class: 'notice error', role: 'alert' }, 'Only administrators manage accounts.'));
    return;
  }
  const [{ users }, { clients }] = await Promise.all([api.get(paths.users()), api.get(paths.clients())]);
  const rows = h('tbody', null, users.map((u) => h('tr', null, h('th', { scope: 'row' }, u.login), h('td', null, u.name), h('td', null, u.role))));
  append(view, h('section', { class: 'card', 'aria-labelledby': 'users-h' }, h('h2', { id: 'users-h' }, 'Users'),
    h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, ['Login', 'Name', 'Role'].map((t) => h('th', { scope: 'col' }, t)))), rows))));

  const login = h('input', { type: 'text', name: 'login', maxlength: '64', autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'name', maxlength: '200', autocomplete: 'off' });
  const role = select(ROLES, 'therapist', { name: 'role' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'new-password', minlength: '8' });
  append(view, h('section', { class: 'card', 'aria-labelledby': 'new-user-h' }, h('h2', { id: 'new-user-h' }, 'New account'),
    formWith([field('Login', login, { name: 'login' }), field('Full name', name, { name: 'name' }), field('Role', role, { name: 'role' }),
      field('Initial password', password, { name: 'password', hint: 'At least 8 characters; give it to the person over a safe channel.' })],
    'Create the account', async () => {
      await api.post(paths.users(), { login: login.value.trim(), name: name.value.trim(), role: role.value, password: password.value });
      rows.append(h('tr', null, h('th', { scope: 'row' }, login.value.trim()), h('td', null, name.value.trim()), h('td', null, role.value)));
      const done = `Account ${login.value.trim()} created.`;
      login.value = ''; name.value = ''; password.value = '';
      return done;
    })));

  const client = select(clients.map((c) => [c.ref, `${c.name} (${c.ref})`]), clients[0] && clients[0].ref, { name: 'client' });
  const member = select(users.map((u) => [u.login, `${u.name} (${u.login})`]), users[0] && users[0].login, { name: 'login' });
  const teamRole = select(ROLES.slice(0, 3), 'therapist', { name: 'role' });
  append(view, h('section', { class: 'card', 'aria-labelledby': 'team-h' }, h('h2', { id: 'team-h' }, 'Add to a care team'),
    clients.length ? formWith([field('Client', client, { name: 'client' }), field('User', member, { name: 'login' }), field('Team role', teamRole, { name: 'role' })],
      'Add to the care team', async () => {
        await api.post(paths.clientTeam(client.value), { login: member.value, role: teamRole.value });
        return `${member.value} added to the care team of ${client.value}.`;
      }) : h('p', null, 'No clients yet.')));
}
