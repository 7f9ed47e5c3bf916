// signin.js — the sign-in screen: POST /session, then GET /me for the name.
import { api, ApiError, setCsrf } from './api.js';
import * as paths from './paths.js';
import { append, h, field } from './dom.js';

export async function render(view, _params, ctx) {
  ctx.title('Sign in');
  const login = h('input', { type: 'text', name: 'login', autocomplete: 'username', required: true, maxlength: '64' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const form = h('form', { class: 'card narrow', novalidate: true },
    field('Login', login, { name: 'login' }),
    field('Password', password, { name: 'password' }),
    msg,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.hidden = true;
    if (!login.value || !password.value) {
      msg.textContent = 'Enter your login and password.';
      msg.hidden = false;
      (login.value ? password : login).focus();
      return;
    }
    try {
      const s = await api.post(paths.login(), { login: login.value, password: password.value });
      setCsrf(s.csrf);
      ctx.setUser(await api.get(paths.me()));
      const next = ctx.after && ctx.after !== '#/sign-in' ? ctx.after : '#/';
      ctx.after = '';
      ctx.go(next);
    } catch (e) {
      password.value = '';
      msg.textContent = e instanceof ApiError && e.status === 429
        ? 'Too many failed attempts for this login. Wait a few minutes and try again.'
        : e instanceof ApiError && e.status === 401 ? 'Wrong login or password.' : e.message;
      msg.hidden = false;
      password.focus();
    }
  });
  append(view, h('h1', null, 'Sign in to easel'), form);
}
