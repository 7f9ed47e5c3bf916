// trajectory.js — one instrument's scores over time as an inline SVG line chart built with DOM
// APIs: axes, the instrument's range on the y axis, dates on the x axis, a point per
// administration (with a tooltip title), and a text description for screen readers.
import { s, h, nextId, fmtX100 } from './dom.js';

const W = 640;
const H = 260;
const PAD = { l: 48, r: 16, t: 16, b: 40 };

export function trajectoryChart(name, points, maxTotal) {
  const id = nextId('chart');
  const vals = points.map((p) => p.total_x100 / 100);
  const top = Math.max(maxTotal || 0, ...vals, 1);
  const times = points.map((p) => Date.parse(p.date));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const x = (t) => PAD.l + (t1 === t0 ? (W - PAD.l - PAD.r) / 2 : ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r));
  const y = (v) => H - PAD.b - (v / top) * (H - PAD.t - PAD.b);
  const desc = points.map((p) => `${p.date}: ${fmtX100(p.total_x100)}`).join('; ');
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'trajectory' },
    s('title', { id: `${id}-t` }, `${name}: total score over time`),
    s('desc', { id: `${id}-d` }, `${points.length} administration${points.length === 1 ? '' : 's'}, range 0 to ${top}. ${desc}`));
  for (const v of [0, top / 2, top]) {
    svg.append(s('line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.l - 8, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, Number.isInteger(v) ? v : v.toFixed(1)));
  }
  svg.append(s('line', { x1: PAD.l, x2: PAD.l, y1: PAD.t, y2: H - PAD.b, class: 'axis' }),
    s('line', { x1: PAD.l, x2: W - PAD.r, y1: H - PAD.b, y2: H - PAD.b, class: 'axis' }));
  const first = points[0];
  const last = points[points.length - 1];
  svg.append(s('text', { x: x(times[0]), y: H - 12, 'text-anchor': points.length > 1 ? 'start' : 'middle', class: 'tick' }, first.date));
  if (points.length > 1) svg.append(s('text', { x: x(times[times.length - 1]), y: H - 12, 'text-anchor': 'end', class: 'tick' }, last.date));
  if (points.length > 1) {
    svg.append(s('polyline', { points: points.map((p, i) => `${x(times[i])},${y(vals[i])}`).join(' '), class: 'line' }));
  }
  points.forEach((p, i) => svg.append(s('circle', { cx: x(times[i]), cy: y(vals[i]), r: 5, class: 'point' },
    s('title', null, `${p.date}: ${fmtX100(p.total_x100)}`))));
  return h('figure', { class: 'chart' }, svg, h('figcaption', null, `${name}: ${desc}`));
}
