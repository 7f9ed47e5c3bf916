// formal.js — the computer-assisted formal elements of one artwork (GET …/artworks/{id}/formal):
// descriptive figures measured on the photo, each with the server's sentence on what it means,
// and its statement that they are not a FEATS score, a diagnosis, a risk or an indicator. Shown
// folded under an artwork (session_view.js), beside the therapist's FEATS ratings on the
// assessment form (assessment.js) and on the chart (chart.js). Only for an artwork whose record
// consent stands: the server answers 403 otherwise.
import { api } from './api.js';
import * as paths from './paths.js';
import { h } from './dom.js';

/** The title wherever the figures stand beside a therapist's ratings. */
export const FORMAL_TITLE = 'Computer-assisted formal elements (not a FEATS score, diagnosis, risk or indicator)';

const pct = (x) => `${Math.round(x * 1000) / 10} %`;

/** The figures of one answer as a description list, after the server's statement. */
export function formalFacts(f) {
  const row = (label, value, key) => [h('dt', null, label), h('dd', null, value, h('br'), h('span', { class: 'muted' }, f.meaning[key]))];
  return [
    h('p', { class: 'muted' }, f.about),
    h('dl', { class: 'facts' },
      row('Space used', pct(f.space_used), 'space_used'),
      row('Colours', f.colours.length ? f.colours.map((c) => `${c.name} ${pct(c.share)}`).join(', ') : 'none', 'colours'),
      row('Colour variety', `${f.hue_entropy.toFixed(2)} bits`, 'hue_entropy'),
      row('Line and shape density', pct(f.edge_density), 'edge_density'),
      row('Lightness', f.lightness.toFixed(0), 'lightness'),
      row('Saturation', f.saturation.toFixed(0), 'saturation')),
  ];
}

/** Fill body with the artwork's figures ("Measuring…" meanwhile, the reason when they are not
 *  available). stillWanted(): false when the screen moved on to another artwork meanwhile. */
export function loadFormal(body, ref, artworkId, stillWanted = () => true) {
  body.replaceChildren(h('p', { class: 'muted' }, 'Measuring…'));
  return api.get(paths.artworkFormal(ref, artworkId)).then((f) => {
    if (stillWanted()) body.replaceChildren(...formalFacts(f));
  }).catch((e) => {
    if (stillWanted()) body.replaceChildren(h('p', { class: 'muted' }, `Not available: ${e.message}`));
  });
}

/** A closed panel whose figures are measured when it is first opened. */
export function formalPanel(ref, artworkId, summary = 'Formal elements (computer-assisted)') {
  const body = h('div');
  const panel = h('details', { class: 'formal' }, h('summary', null, summary), body);
  let loaded = false;
  panel.addEventListener('toggle', () => {
    if (panel.open && !loaded) {
      loaded = true;
      loadFormal(body, ref, artworkId);
    }
  });
  return panel;
}
