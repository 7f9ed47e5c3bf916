// corners.js — the corner step of an artwork photo (issue 13; #/clients/REF/artworks/ID/corners,
// from a session's artworks and the chart's gallery): the sheet the client drew on was found in
// the photo when it was uploaded and flattened (the table, the angle and the lamp taken out);
// the flattened sheet is what the formal elements and the documents read. Here the therapist
// confirms its four corners or moves them: drawn as large handles over the photo as taken (at
// least 44 px to touch; pointer events, so mouse, pen and finger drag alike; the arrow keys
// nudge the focused handle, Shift for bigger steps, each move announced), joined by lines, with
// the flattened result beside them. "Use these corners" sets them by hand (PUT .../sheet), "Find
// the sheet again" lets the server find them (PUT null); who set them and when is said. After
// either, the flattened image is fetched again past the browser's cache (its ETag changes with
// the corners; the URL cannot) and shown in a new element, and the formal elements are measured
// again. No inline style: the overlay is SVG whose sizes are attributes, styled by classes.
//
// sheetView() is the artwork as a session and the gallery show it: the flattened sheet, the
// photo as taken folded under it, and for clinical roles the way to this step.
import { api, ApiError } from './api.js';
import * as paths from './paths.js';
import { append, h, s, fmtTime, nextId } from './dom.js';
import { loadFormal } from './formal.js';

const NAMES = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];
const STEP = 0.005; // an arrow key: half a percent of the photo (5 px of the display size)
const BIG_STEP = 0.05; // with Shift
const HIT_PX = 26; // a handle's touch target: a circle of this radius (52 px across) on screen
const RING_PX = 15;
const DOT_PX = 3;

/** An image of the flattened sheet (tile: its thumbnail), falling back to the photo as it is
 *  when no sheet can be made (an image too small to hold one). */
export function sheetImage(ref, id, { tile = true, ...attrs } = {}) {
  const main = tile ? 'flat-thumb' : 'flat', plain = tile ? 'thumb' : 'display';
  const img = h('img', { src: paths.artworkImage(ref, id, main), loading: 'lazy', 'data-size': main, ...attrs });
  img.addEventListener('error', () => {
    if (img.dataset.size !== main) return;
    img.dataset.size = plain;
    img.src = paths.artworkImage(ref, id, plain);
  }, { once: true });
  return img;
}

/** The artwork as documents and analysis use it (the flattened sheet; the display size when
 *  none can be made), the photo as taken folded under it, and, for canSet, a link to the corner
 *  step. from: where the step returns ('chart' or the session). */
export function sheetView(ref, a, { canSet = false, from = 'session' } = {}) {
  const title = a.title || 'Untitled';
  // the gallery shows tiles (the flattened sheet's thumbnail: 50 artworks stay well under 1 MB);
  // a session shows the flattened sheet at display size
  const tile = from === 'chart';
  const plain = tile ? 'thumb' : 'display';
  const flat = sheetImage(ref, a.id, { tile, alt: `Artwork: ${title}`, class: 'flat-sheet' });
  return [
    flat,
    h('p', { class: 'hint sheet-hint' }, 'The sheet flattened: what the documents and the formal elements use.'),
    h('details', { class: 'as-taken' },
      h('summary', null, 'Show the photo as taken', h('span', { class: 'visually-hidden' }, `: ${title}`)),
      h('img', { src: paths.artworkImage(ref, a.id, plain), alt: `Artwork: ${title}, the photo as taken`, loading: 'lazy', 'data-size': plain })),
    canSet ? h('p', { class: 'sheet-link' }, h('a', { href: `#/clients/${ref}/artworks/${a.id}/corners${from === 'chart' ? '?from=chart' : ''}` },
      'Check the corners of the sheet', h('span', { class: 'visually-hidden' }, ` of ${title}`))) : null,
  ];
}

/** Where the corners came from, in words. */
function provenance(sheet) {
  if (sheet.set_by) return `Set by ${sheet.set_by} on ${fmtTime(sheet.set_at)} UTC.`;
  if (sheet.found) return 'Found automatically. Check that each corner sits on a corner of the sheet.';
  return 'No distinct sheet was seen, so the whole photo is used. If the drawing is on a sheet, drag the corners onto its corners.';
}

const pct = (v) => `${(v * 100).toFixed(1)} %`;
const clamp = (v) => Math.min(1, Math.max(0, v));
const round5 = (v) => Math.round(v * 100000) / 100000;

/** Do the corners go round clockwise without crossing (the order the server asks for)? */
function convex(c) {
  for (let i = 0; i < 4; i++) {
    const [a, b, d] = [c[i], c[(i + 1) % 4], c[(i + 2) % 4]];
    if ((b[0] - a[0]) * (d[1] - b[1]) - (b[1] - a[1]) * (d[0] - b[0]) <= 0) return false;
  }
  return true;
}

/** Load src into img; resolves with its natural size, rejects when it cannot be shown. */
function loaded(img) {
  return new Promise((resolve, reject) => {
    if (img.complete && img.naturalWidth) resolve([img.naturalWidth, img.naturalHeight]);
    else if (img.complete && img.getAttribute('src')) reject(new Error('the photo could not be loaded')); // failed already
    img.addEventListener('load', () => resolve([img.naturalWidth, img.naturalHeight]), { once: true });
    img.addEventListener('error', () => reject(new Error('the photo could not be loaded')), { once: true });
  });
}

export async function render(view, [ref, idText, from], ctx) {
  const id = Number(idText);
  const [chart, arts] = await Promise.all([api.get(paths.client(ref)), api.get(paths.artworks(ref))]);
  const a = arts.artworks.find((x) => x.id === id);
  const back = from === 'chart' || !a || !a.session ? `#/clients/${ref}` : `#/clients/${ref}/sessions/${a.session}`;
  const backText = back === `#/clients/${ref}` ? 'Back to the chart' : `Back to the session${a.session_date ? ` of ${a.session_date}` : ''}`;
  const title = a ? a.title || 'Untitled' : `artwork ${id}`;
  ctx.title(`Corners of the sheet — ${title} — ${chart.client.name}`);
  append(view, h('h1', null, `Corners of the sheet — ${title}`), h('p', null, h('a', { href: back }, backText)));
  if (!a) {
    append(view, h('p', { class: 'notice error', role: 'alert' }, 'This client has no such artwork.'));
    return;
  }
  if (!a.consent_record) {
    append(view, h('p', { class: 'notice' }, 'The client has not consented to keeping this image in the record: it is not shown.'));
    return;
  }
  let sheet = await api.get(paths.artworkSheet(ref, id));
  const canSet = ctx.canRecord();

  // the photo as taken, with the handles over it once its size is known
  const photo = h('img', { src: paths.artworkImage(ref, id, 'display'), alt: `The photo of "${title}" as taken, with the four corners of the sheet marked`, class: 'corner-photo' });
  const [W, H] = await loaded(photo);
  let corners = sheet.corners.map(([x, y]) => [x, y]);
  const under = s('polygon', { class: 'corner-lines-under' });
  const lines = s('polygon', { class: 'corner-lines' });
  const hintId = nextId('corner-hint');
  const handles = NAMES.map((name, i) => {
    const hit = s('circle', { class: 'corner-hit' });
    const ring = s('circle', { class: 'corner-ring' });
    const dot = s('circle', { class: 'corner-dot' });
    const g = s('g', { class: 'corner-handle', 'data-corner': name }, hit, ring, dot);
    if (canSet) {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `${name} corner`);
      g.setAttribute('aria-describedby', hintId);
    }
    return { g, hit, ring, dot, i, name };
  });
  const svg = s('svg', { class: 'corner-overlay', viewBox: `0 0 ${W} ${H}`, 'aria-hidden': canSet ? null : 'true', role: canSet ? 'group' : null, 'aria-label': canSet ? 'The four corners of the sheet' : null },
    under, lines, handles.map((x) => x.g));
  const stage = h('div', { class: 'corner-stage' }, photo, svg);
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-live': 'corners' });
  const order = h('p', { class: 'notice error corner-order', hidden: true },
    'The corners cross or are out of order: they go top-left, top-right, bottom-right, bottom-left around the sheet.');

  // sizes on screen: the SVG's units are the photo's pixels, so a handle's radius follows its scale
  let scale = 1;
  function draw() {
    const pts = corners.map(([x, y]) => `${(x * W).toFixed(1)},${(y * H).toFixed(1)}`).join(' ');
    under.setAttribute('points', pts);
    lines.setAttribute('points', pts);
    for (const x of handles) {
      const [cx, cy] = [corners[x.i][0] * W, corners[x.i][1] * H];
      for (const [c, r] of [[x.hit, HIT_PX], [x.ring, RING_PX], [x.dot, DOT_PX]]) {
        c.setAttribute('cx', cx.toFixed(1));
        c.setAttribute('cy', cy.toFixed(1));
        c.setAttribute('r', (r / scale).toFixed(2));
      }
      x.g.dataset.x = corners[x.i][0].toFixed(5);
      x.g.dataset.y = corners[x.i][1].toFixed(5);
    }
    const ok = convex(corners);
    lines.classList.toggle('invalid', !ok);
    order.hidden = ok;
  }
  const resized = () => {
    const w = svg.getBoundingClientRect().width;
    if (w > 0) scale = w / W;
    draw();
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(resized).observe(svg);
  draw();

  let timer = 0;
  const where = (x) => `${x.name} corner: ${pct(corners[x.i][0])} across, ${pct(corners[x.i][1])} down`;
  const announce = (text, later = false) => {
    clearTimeout(timer);
    if (later) timer = setTimeout(() => { live.textContent = text; }, 250); // one announcement for a run of key presses
    else live.textContent = text;
  };

  if (canSet) {
    for (const x of handles) {
      let drag = null;
      x.g.addEventListener('pointerdown', (ev) => {
        if (ev.pointerType === 'mouse' && ev.button !== 0) return;
        ev.preventDefault();
        x.g.focus();
        x.g.setPointerCapture(ev.pointerId);
        const r = svg.getBoundingClientRect();
        // the handle keeps its place under the finger: no jump to where it was touched
        drag = { id: ev.pointerId, dx: (ev.clientX - r.left) / r.width - corners[x.i][0], dy: (ev.clientY - r.top) / r.height - corners[x.i][1] };
        x.g.classList.add('dragging');
      });
      x.g.addEventListener('pointermove', (ev) => {
        if (!drag || ev.pointerId !== drag.id) return;
        const r = svg.getBoundingClientRect();
        corners[x.i] = [clamp((ev.clientX - r.left) / r.width - drag.dx), clamp((ev.clientY - r.top) / r.height - drag.dy)];
        draw();
      });
      const end = (ev) => {
        if (!drag || ev.pointerId !== drag.id) return;
        drag = null;
        x.g.classList.remove('dragging');
        announce(where(x));
      };
      // a finger on a handle moves the handle, not the page (besides touch-action in app.css)
      x.g.addEventListener('touchstart', (ev) => ev.preventDefault(), { passive: false });
      x.g.addEventListener('pointerup', end);
      x.g.addEventListener('pointercancel', end);
      x.g.addEventListener('keydown', (ev) => {
        const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[ev.key];
        if (!d || ev.altKey || ev.ctrlKey || ev.metaKey) return;
        ev.preventDefault();
        const step = ev.shiftKey ? BIG_STEP : STEP;
        corners[x.i] = [clamp(round5(corners[x.i][0] + d[0] * step)), clamp(round5(corners[x.i][1] + d[1] * step))];
        draw();
        announce(where(x), true);
      });
    }
  }

  // the flattened sheet, fetched past the browser's cache so that it is the one the corners made
  const flatBox = h('div', { class: 'flat-box' });
  const flatUrl = paths.artworkImage(ref, id, 'flat');
  async function showFlat() {
    let etag = '';
    try {
      const res = await fetch(flatUrl, { cache: 'no-cache', credentials: 'same-origin' });
      etag = res.headers.get('ETag') || '';
      await res.arrayBuffer();
    } catch {
      /* the element below says whether it could be shown */
    }
    const img = h('img', { src: flatUrl, alt: `The sheet of "${title}" flattened`, class: 'flat-sheet', 'data-size': 'flat', 'data-etag': etag });
    flatBox.replaceChildren(img);
    try {
      await loaded(img);
    } catch {
      flatBox.replaceChildren(h('p', { class: 'no-image' }, 'The flattened sheet cannot be shown.'));
    }
  }
  await showFlat();

  // the formal elements of the flattened sheet, measured when opened and again after a change
  const formalBody = h('div');
  const formal = h('details', { class: 'formal' }, h('summary', null, 'Formal elements of the flattened sheet (computer-assisted)'), formalBody);
  let measured = false;
  formal.addEventListener('toggle', () => {
    if (formal.open && !measured) {
      measured = true;
      loadFormal(formalBody, ref, id);
    }
  });

  const status = h('p', { class: 'corner-provenance', 'data-provenance': '' }, provenance(sheet));
  const done = h('div', { role: 'status', class: 'corner-done' }); // a live region present from the start
  const err = h('p', { class: 'field-error', id: nextId('corner-err'), role: 'alert', hidden: true });
  const useB = h('button', { type: 'button', class: 'primary' }, 'Use these corners');
  const againB = h('button', { type: 'button' }, 'Find the sheet again');
  const cancel = h('a', { class: 'button', href: back }, 'Cancel');

  async function put(body, okText) {
    const pressed = document.activeElement;
    err.hidden = true;
    done.replaceChildren();
    useB.disabled = true;
    againB.disabled = true;
    try {
      sheet = await api.put(paths.artworkSheet(ref, id), body);
      corners = sheet.corners.map(([x, y]) => [x, y]);
      draw();
      status.textContent = provenance(sheet);
      await showFlat();
      if (formal.open) loadFormal(formalBody, ref, id);
      else measured = false;
      done.replaceChildren(h('p', { class: 'notice ok' }, okText(sheet)));
    } catch (e) {
      err.textContent = e instanceof ApiError && e.status === 401
        ? 'The corners were not changed: you are signed out. Sign in again and set them once more.'
        : `The corners were not changed: ${e.message}`;
      err.hidden = false;
    } finally {
      useB.disabled = false;
      againB.disabled = false;
      // a button disabled while it had the focus may have lost it: give it back
      if (pressed && pressed.isConnected && (!document.activeElement || document.activeElement === document.body)) pressed.focus();
    }
  }
  useB.addEventListener('click', () => put({ corners: corners.map(([x, y]) => [round5(x), round5(y)]) },
    () => 'The corners are saved. The flattened sheet and its formal elements now follow them.'));
  againB.addEventListener('click', () => put({ corners: null },
    (x) => (x.found ? 'The sheet was found again automatically.' : 'No distinct sheet was seen: the whole photo is used.')));

  append(view, 
    a.session_date ? h('p', { class: 'hint' }, `From the session of ${a.session_date}.`) : null,
    h('div', { class: 'corner-layout' },
      h('section', { class: 'card', 'aria-labelledby': 'corners-h' },
        h('h2', { id: 'corners-h' }, 'The photo as taken'),
        status,
        canSet ? h('p', { class: 'hint', id: hintId }, 'Drag each corner onto a corner of the sheet, or focus one and move it with the arrow keys (Shift for bigger steps).') : null,
        h('div', { class: 'corner-frame' }, stage),
        live, order, err,
        canSet ? h('div', { class: 'actions-row' }, useB, againB, cancel)
          : h('p', { class: 'hint' }, 'Only therapists, supervisors and administrators set the corners.'),
        done),
      h('section', { class: 'card', 'aria-labelledby': 'flat-h' },
        h('h2', { id: 'flat-h' }, 'The sheet flattened'),
        h('p', { class: 'hint' }, 'What the documents and the formal elements use: the sheet inside the corners, squared up, its white set from the paper.'),
        flatBox, formal)));
}
