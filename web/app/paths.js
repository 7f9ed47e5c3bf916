// paths.js — every path of the JSON API (docs/api.md) that the client calls, one small function
// each, named for what it reaches; the only module that spells `/api/v1`. Each path segment a
// caller passes (a client or group reference, an id, a kind) is percent-encoded here, and each
// query string is built with URLSearchParams (optional parameters left out when undefined, null
// or empty), so no screen interpolates a value into a path. Pure: it builds strings and fails
// in no way; what a path answers is the caller's business (api.js).

const API = '/api/v1';

/** One path segment, percent-encoded. */
const seg = (v) => encodeURIComponent(String(v));

/** "?k=v&..." for the parameters that have a value; '' when none has. */
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.append(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// signing in and out

/** POST /api/v1/session (sign in), DELETE /api/v1/session (sign out): the login session. */
export const login = () => `${API}/session`;
/** GET /api/v1/me */
export const me = () => `${API}/me`;

// the practice

/** GET /api/v1/clients[?match=TEXT] (the caseload), POST /api/v1/clients (add a client) */
export const clients = (match) => `${API}/clients${query({ match })}`;
/** GET /api/v1/alerts */
export const alerts = () => `${API}/alerts`;
/** GET /api/v1/today[?date=D] */
export const today = (date) => `${API}/today${query({ date })}`;
/** GET|POST /api/v1/users (admin) */
export const users = () => `${API}/users`;
/** GET /api/v1/kb/{kind}: interventions, settings, instruments, media, problems, vocab */
export const kb = (kind) => `${API}/kb/${seg(kind)}`;

// one client

/** GET /api/v1/clients/{ref} (the chart), PATCH /api/v1/clients/{ref} (edit) */
export const client = (ref) => `${API}/clients/${seg(ref)}`;
/** GET|PUT /api/v1/clients/{ref}/profile */
export const clientProfile = (ref) => `${client(ref)}/profile`;
/** POST /api/v1/clients/{ref}/team */
export const clientTeam = (ref) => `${client(ref)}/team`;
/** POST /api/v1/clients/{ref}/measures */
export const measures = (ref) => `${client(ref)}/measures`;
/** GET /api/v1/clients/{ref}/progress */
export const progress = (ref) => `${client(ref)}/progress`;
/** POST /api/v1/clients/{ref}/alerts/ack */
export const alertAck = (ref) => `${client(ref)}/alerts/ack`;
/** GET /api/v1/clients/{ref}/charts/{kind}[?instrument=ID]: a chart as SVG */
export const chartImage = (ref, kind, instrument) => `${client(ref)}/charts/${seg(kind)}${query({ instrument })}`;
/** GET /api/v1/clients/{ref}/report?kind=K&format=F: a document */
export const report = (ref, kind, format) => `${client(ref)}/report${query({ kind, format })}`;
/** GET|POST /api/v1/clients/{ref}/assessments */
export const assessments = (ref) => `${client(ref)}/assessments`;

// the client's plan

/** GET /api/v1/clients/{ref}/plan[?version=N], POST (generate), PUT (save an edit) */
export const plan = (ref, version) => `${client(ref)}/plan${query({ version })}`;
/** POST /api/v1/clients/{ref}/plan/sign */
export const planSign = (ref) => `${client(ref)}/plan/sign`;
/** POST /api/v1/clients/{ref}/plan/cosign */
export const planCosign = (ref) => `${client(ref)}/plan/cosign`;
/** GET /api/v1/clients/{ref}/plan/versions */
export const planVersions = (ref) => `${client(ref)}/plan/versions`;
/** GET /api/v1/clients/{ref}/plan/diff?from=A&to=B */
export const planDiff = (ref, from, to) => `${client(ref)}/plan/diff${query({ from, to })}`;
/** GET /api/v1/clients/{ref}/plan/explain?item=ID[&version=N] */
export const planExplain = (ref, item, version) => `${client(ref)}/plan/explain${query({ item, version })}`;

// the client's therapy sessions

/** POST /api/v1/clients/{ref}/sessions: record a session note */
export const sessions = (ref) => `${client(ref)}/sessions`;
/** GET|PUT /api/v1/clients/{ref}/sessions/{id} */
export const session = (ref, id) => `${sessions(ref)}/${seg(id)}`;
/** POST /api/v1/clients/{ref}/sessions/{id}/sign */
export const sessionSign = (ref, id) => `${session(ref, id)}/sign`;
/** POST /api/v1/clients/{ref}/sessions/{id}/addenda */
export const sessionAddenda = (ref, id) => `${session(ref, id)}/addenda`;
/** POST /api/v1/clients/{ref}/sessions/{id}/artworks: upload an artwork photo */
export const sessionArtworks = (ref, id) => `${session(ref, id)}/artworks`;
/** GET /api/v1/clients/{ref}/session-template?plan_version=N&number=K */
export const sessionTemplate = (ref, planVersion, number) =>
  `${client(ref)}/session-template${query({ plan_version: planVersion, number })}`;

// the client's artworks

/** GET /api/v1/clients/{ref}/artworks */
export const artworks = (ref) => `${client(ref)}/artworks`;
/** GET /api/v1/clients/{ref}/artworks/{id}/image?size=S */
export const artworkImage = (ref, id, size) => `${artworks(ref)}/${seg(id)}/image${query({ size })}`;
/** GET|PUT /api/v1/clients/{ref}/artworks/{id}/sheet: the sheet's corners */
export const artworkSheet = (ref, id) => `${artworks(ref)}/${seg(id)}/sheet`;
/** GET /api/v1/clients/{ref}/artworks/{id}/formal */
export const artworkFormal = (ref, id) => `${artworks(ref)}/${seg(id)}/formal`;

// group programs (docs/groups.md)

/** GET|POST /api/v1/groups */
export const groups = () => `${API}/groups`;
/** GET /api/v1/groups/{ref} */
export const group = (ref) => `${API}/groups/${seg(ref)}`;
/** POST /api/v1/groups/{ref}/members: a member joins or leaves */
export const groupMembers = (ref) => `${group(ref)}/members`;
/** GET /api/v1/groups/{ref}/plan?view=clinician|group */
export const groupPlan = (ref, view) => `${group(ref)}/plan${query({ view })}`;
/** GET|POST /api/v1/groups/{ref}/sessions */
export const groupSessions = (ref) => `${group(ref)}/sessions`;
/** POST /api/v1/groups/{ref}/sessions/{n}/sign */
export const groupSessionSign = (ref, number) => `${groupSessions(ref)}/${seg(number)}/sign`;
/** POST /api/v1/groups/{ref}/sessions/{n}/cosign */
export const groupSessionCosign = (ref, number) => `${groupSessions(ref)}/${seg(number)}/cosign`;
/** GET /api/v1/groups/{ref}/attendance */
export const groupAttendance = (ref) => `${group(ref)}/attendance`;
