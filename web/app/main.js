// main.js — the shell: who is signed in (GET /me), the navigation, hash routes to one
// module per screen, focus and title on every screen change, and the answers every screen
// shares (401 -> sign-in, 403 -> access denied). A screen may block navigation (an
// unacknowledged risk flag) with ctx.block.
import { api, ApiError, setCsrf } from './api.js';
import * as paths from './paths.js';
import { h, clear } from './dom.js';
import * as signin from './signin.js';
import * as dashboard from './dashboard.js';
import * as record from './record.js';
import * as intake from './intake.js';
import * as measure from './measure.js';
import * as plan from './plan.js';
import * as session from './session.js';
import * as sessionView from './session_view.js';
import * as assessment from './assessment.js';
import * as accounts from './accounts.js';
import * as groups from './groups.js';
import * as groupSession from './group_session.js';
import * as today from './today.js';
import * as corners from './corners.js';

const REF = '([a-z0-9-]{1,64})';
const routes = [
  [/^#?\/?$/, dashboard, 'caseload'],
  [/^#\/sign-in$/, signin, 'sign-in'],
  [/^#\/clients\/new$/, intake, 'new-client'],
  [new RegExp(`^#/clients/${REF}$`), record, 'chart'],
  [new RegExp(`^#/clients/${REF}/profile$`), intake, 'profile'],
  [new RegExp(`^#/clients/${REF}/measure$`), measure, 'measure'],
  [new RegExp(`^#/clients/${REF}/plan$`), plan, 'plan'],
  [new RegExp(`^#/clients/${REF}/sessions/new$`), session, 'session'],
  [new RegExp(`^#/clients/${REF}/sessions/([1-9][0-9]{0,11})$`), sessionView, 'session-view'],
  [new RegExp(`^#/clients/${REF}/sessions/([1-9][0-9]{0,11})/edit$`), { render: session.renderEdit }, 'session-edit'],
  [new RegExp(`^#/clients/${REF}/assessments/new$`), assessment, 'assessment'],
  [new RegExp(`^#/clients/${REF}/artworks/([1-9][0-9]{0,11})/corners(?:\\?from=(chart))?$`), corners, 'corners'],
  [/^#\/accounts$/, accounts, 'accounts'],
  [/^#\/groups$/, groups, 'groups'],
  [new RegExp(`^#/groups/${REF}$`), { render: groups.renderProgram }, 'group'],
  [new RegExp(`^#/groups/${REF}/plan(?:/(group))?$`), { render: groups.renderPlan }, 'group-plan'],
  [new RegExp(`^#/groups/${REF}/sessions/new(?:/([1-9][0-9]{0,3}))?$`), { render: groupSession.renderNew }, 'group-session'],
  [new RegExp(`^#/groups/${REF}/sessions/([1-9][0-9]{0,3})$`), groupSession, 'group-session-view'],
  [/^#\/today(?:\?date=\d{4}-\d{2}-\d{2})?$/, today, 'today'],
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');

const ctx = {
  user: null,
  block: null, // {hash, focus: element}: navigation is held until it is cleared
  flash: '',
  go(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  title(text) {
    document.title = `${text} — easel`;
  },
  setUser(u) {
    ctx.user = u;
    setCsrf(u ? u.csrf : '');
    renderNav();
  },
  canRecord() {
    return ctx.user && ctx.user.role !== 'team';
  },
  takeFlash() {
    const f = ctx.flash;
    ctx.flash = '';
    return f ? h('p', { class: 'notice ok', role: 'status' }, f) : null;
  },
};

function renderNav() {
  clear(nav);
  if (!ctx.user) return;
  const here = location.hash || '#/';
  const link = (href, text) =>
    h('li', null, h('a', { href, 'aria-current': here === href ? 'page' : null }, text));
  const items = [link('#/', 'Caseload')];
  if (['admin', 'therapist', 'supervisor'].includes(ctx.user.role)) items.push(link('#/clients/new', 'Add client'));
  if (['therapist', 'supervisor'].includes(ctx.user.role)) items.push(link('#/today', 'Today'), link('#/groups', 'Groups'));
  if (ctx.user.role === 'admin') items.push(link('#/accounts', 'Team and accounts'));
  nav.append(
    h('ul', { class: 'nav-links' }, items),
    h('p', { class: 'who' }, `${ctx.user.name} (${ctx.user.role})`),
    h('button', { type: 'button', class: 'link-button', onclick: signOut }, 'Sign out'),
  );
}

async function signOut() {
  try {
    await api.del(paths.login());
  } catch {
    /* signed out either way: the page forgets the user */
  }
  ctx.setUser(null);
  ctx.go('#/sign-in');
}

export function denied(el, message) {
  clear(el);
  el.append(
    h('h1', { tabindex: '-1' }, 'Access denied'),
    h('p', { class: 'notice error', role: 'alert' },
      message || 'You are not on this client\'s care team, so the chart is not shown. Ask an administrator or the client\'s therapist to add you to the team.'),
    h('p', null, h('a', { href: '#/' }, 'Back to your caseload')),
  );
}

function problem(el, err) {
  clear(el);
  el.append(
    h('h1', { tabindex: '-1' }, 'Something went wrong'),
    h('p', { class: 'notice error', role: 'alert' }, err.message || String(err)),
    h('p', null, h('a', { href: '#/' }, 'Back to your caseload')),
  );
}

let seq = 0;
async function route() {
  if (ctx.block && location.hash !== ctx.block.hash) {
    history.replaceState(null, '', ctx.block.hash);
    ctx.block.focus.focus();
    return;
  }
  const my = ++seq;
  const hash = location.hash || '#/';
  if (!ctx.user && hash !== '#/sign-in') {
    try {
      ctx.setUser(await api.get(paths.me()));
    } catch (e) {
      if (my !== seq) return;
      ctx.after = hash;
      if (hash !== '#/sign-in') {
        location.hash = '#/sign-in';
        return;
      }
    }
  }
  renderNav();
  let found = null;
  for (const [re, mod, name] of routes) {
    const m = hash.match(re);
    if (m) {
      found = { mod, name, params: m.slice(1) }; // the first match: #/clients/new is not a chart
      break;
    }
  }
  const view = h('div', { class: 'view' });
  try {
    if (!found) {
      ctx.title('Not found');
      view.append(h('h1', { tabindex: '-1' }, 'Page not found'), h('p', null, h('a', { href: '#/' }, 'Back to your caseload')));
    } else {
      view.dataset.screen = found.name;
      await found.mod.render(view, found.params, ctx);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      ctx.setUser(null);
      ctx.after = hash;
      location.hash = '#/sign-in';
      return;
    }
    view.replaceChildren();
    if (e instanceof ApiError && e.status === 403) {
      view.dataset.screen = 'denied';
      ctx.title('Access denied');
      denied(view, e.field === 'CSRF' ? 'The page is out of date; reload it.' : null);
    } else {
      view.dataset.screen = 'error';
      ctx.title('Error');
      problem(view, e);
    }
  }
  if (my !== seq) return;
  clear(main).append(view);
  main.dataset.screen = view.dataset.screen || 'error';
  const h1 = main.querySelector('h1');
  if (h1) {
    h1.setAttribute('tabindex', '-1');
    h1.focus();
  }
}

document.getElementById('skip-link').addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});
// a link to the screen already shown ("Administer another") renders it afresh
document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[href^="#/"]');
  if (a && a.getAttribute('href') === location.hash && !ev.ctrlKey && !ev.metaKey && !ev.shiftKey) {
    ev.preventDefault();
    route();
  }
});
window.addEventListener('hashchange', route);
route();
