// dom.js — small DOM builders used by every screen. Text always goes in as text nodes, never
// as HTML, so client data can never become markup. Styles come only from CSS classes.

/** Append children (strings, numbers, nodes, arrays; null/false skipped) to el. */
export function append(el, ...kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'multiple', 'required']);

/** h('button', {class: 'primary', onclick: f}, 'Save') */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'for') el.htmlFor = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return append(el, kids);
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element built with DOM APIs (no markup strings). */
export function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  return append(el, kids);
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let uid = 0;
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}${uid}`;
}

/** A labelled form control with a hint and an error slot. name: the API field it carries
 *  ("ref", "profile.age"), used to show server validation errors next to it. */
export function field(label, control, opts = {}) {
  if (!control.id) control.id = nextId();
  const hint = opts.hint ? h('p', { class: 'hint', id: `${control.id}-hint` }, opts.hint) : null;
  const err = h('p', { class: 'field-error', id: `${control.id}-err`, hidden: true });
  control.setAttribute('aria-describedby', [hint && hint.id, err.id].filter(Boolean).join(' '));
  return h('div', { class: `field ${opts.class || ''}`.trim(), 'data-field': opts.name || null },
    h('label', { for: control.id }, label), hint, control, err);
}

/** A group of checkboxes or radios in a fieldset with a legend and an error slot. */
export function group(legend, controls, opts = {}) {
  const err = h('p', { class: 'field-error', id: nextId('err'), hidden: true });
  return h('fieldset', { class: `group ${opts.class || ''}`.trim(), 'data-field': opts.name || null },
    h('legend', null, legend), opts.hint ? h('p', { class: 'hint' }, opts.hint) : null,
    h('div', { class: 'choices' }, controls), err);
}

/** A checkbox or radio with its label. */
export function choice(type, name, value, label, checked = false) {
  const id = nextId('c');
  return h('div', { class: 'choice' },
    h('input', { type, id, name, value, checked }),
    h('label', { for: id }, label));
}

export function option(value, label, selected = false) {
  return h('option', { value, selected }, label);
}

/** A select with options [[value, label], ...]. */
export function select(options, value, props = {}) {
  return h('select', props, options.map(([v, l]) => option(v, l, String(v) === String(value))));
}

export function clearErrors(root) {
  for (const e of root.querySelectorAll('.field-error')) { e.hidden = true; e.textContent = ''; }
  for (const e of root.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

/** The element that shows an API field: the exact data-field, or the longest data-field that is
 *  a prefix of it ("profile.problems[2]" -> "profile.problems"); null when none does. */
export function fieldOf(root, name) {
  if (!name) return null;
  let best = null;
  for (const el of root.querySelectorAll('[data-field]')) {
    const f = el.getAttribute('data-field');
    if (!f) continue;
    if (name === f || name.startsWith(`${f}.`) || name.startsWith(`${f}[`)) {
      if (!best || f.length > best.getAttribute('data-field').length) best = el;
    }
  }
  return best;
}

/** Show an API error next to the field it names (see fieldOf). Returns true when a field took
 *  it; the caller shows it at form level otherwise. */
export function showFieldError(root, name, message) {
  const best = fieldOf(root, name);
  if (!best) return false;
  const err = best.querySelector('.field-error');
  // a message about a part of the field ("note.progress[0].comment") says which part
  err.textContent = name === best.getAttribute('data-field') ? message : `${name}: ${message}`;
  err.hidden = false;
  const control = best.querySelector('input, select, textarea');
  if (control) {
    control.setAttribute('aria-invalid', 'true');
    control.focus();
  }
  return true;
}

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Comma- or newline-separated text as a list of trimmed non-empty strings. */
export function list(text, sep = /[,\n]/) {
  return String(text || '').split(sep).map((x) => x.trim()).filter(Boolean);
}

export function fmtX100(v) {
  if (v === null || v === undefined) return '—';
  return Number.isInteger(v / 100) ? String(v / 100) : (v / 100).toFixed(2);
}

export function fmtTime(ms) {
  if (!ms) return '—';
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
