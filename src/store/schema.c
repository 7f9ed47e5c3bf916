/*
 * store/schema.c — the shared schema, version by version. "@ID@" and "@BLOB@" are replaced
 * with the backend's types (driver.h); triggers that differ by backend live in each driver's
 * extra_ddl. Times are UTC epoch milliseconds; dates are ISO text.
 */
#include "store_int.h"

static const char *const v1[] = {
    "CREATE TABLE users (id @ID@, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " role TEXT NOT NULL CHECK (role IN ('admin','therapist','supervisor','team')),"
    " created_at BIGINT NOT NULL)",
    "CREATE TABLE clients (id @ID@, ref TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " setting TEXT NOT NULL, birth_year BIGINT NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL CHECK (status IN ('active','discharged')),"
    " version BIGINT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
    "CREATE INDEX clients_name ON clients (name)",
    "CREATE TABLE care_team (client_id BIGINT NOT NULL REFERENCES clients(id),"
    " login TEXT NOT NULL REFERENCES users(login), role TEXT NOT NULL,"
    " PRIMARY KEY (client_id, login))",
    "CREATE TABLE profiles (client_id BIGINT NOT NULL REFERENCES clients(id),"
    " version BIGINT NOT NULL, body TEXT NOT NULL, created_by TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, PRIMARY KEY (client_id, version))",
    "CREATE TABLE plans (client_id BIGINT NOT NULL REFERENCES clients(id),"
    " version BIGINT NOT NULL, status TEXT NOT NULL CHECK (status IN ('draft','signed')),"
    " body TEXT NOT NULL, kb_version TEXT NOT NULL, content_hash TEXT,"
    " created_by TEXT NOT NULL, created_at BIGINT NOT NULL, signed_by TEXT, signed_at BIGINT,"
    " PRIMARY KEY (client_id, version))",
    "CREATE TABLE plan_cosigns (client_id BIGINT NOT NULL, version BIGINT NOT NULL,"
    " cosigned_by TEXT NOT NULL, cosigned_at BIGINT NOT NULL,"
    " PRIMARY KEY (client_id, version, cosigned_by),"
    " FOREIGN KEY (client_id, version) REFERENCES plans(client_id, version))",
    "CREATE TABLE sessions (id @ID@, client_id BIGINT NOT NULL REFERENCES clients(id),"
    " date TEXT NOT NULL, minutes BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 600),"
    " attendance TEXT NOT NULL CHECK (attendance IN ('attended','cancelled','no-show')),"
    " mode TEXT NOT NULL CHECK (mode IN ('individual','group')), plan_version BIGINT NOT NULL,"
    " note_format TEXT NOT NULL CHECK (note_format IN ('SOAP','DAP','BIRP','GIRP')),"
    " note TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE INDEX sessions_client ON sessions (client_id, date)",
    "CREATE TABLE artworks (id @ID@, session_id BIGINT NOT NULL REFERENCES sessions(id),"
    " sha256 TEXT NOT NULL, mime TEXT NOT NULL, bytes @BLOB@ NOT NULL, title TEXT,"
    " medium TEXT, client_words TEXT, consent_record BIGINT NOT NULL DEFAULT 0,"
    " consent_education BIGINT NOT NULL DEFAULT 0, consent_exhibition BIGINT NOT NULL DEFAULT 0,"
    " returned_on TEXT, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE TABLE measures (id @ID@, client_id BIGINT NOT NULL REFERENCES clients(id),"
    " instrument TEXT NOT NULL, date TEXT NOT NULL, answers TEXT NOT NULL, total BIGINT,"
    " created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE INDEX measures_client ON measures (client_id, instrument, date)",
    "CREATE TABLE audit_log (id BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    /* the chain's end, updated with every append: deleting the newest rows breaks the match */
    "CREATE TABLE audit_head (id BIGINT NOT NULL, hash TEXT NOT NULL)",
    "INSERT INTO audit_head (id, hash) VALUES (0, "
    "'0000000000000000000000000000000000000000000000000000000000000000')",
    NULL};

/* Version 2: art-based assessments and goal attainment scales (issue #4), the practice. */
static const char *const v2[] = {
    "CREATE TABLE practice (name TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE TABLE gas_goals (client_id BIGINT NOT NULL REFERENCES clients(id),"
    " objective TEXT NOT NULL, description TEXT NOT NULL,"
    " weight BIGINT NOT NULL CHECK (weight BETWEEN 1 AND 100), created_by TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, PRIMARY KEY (client_id, objective))",
    "CREATE TABLE gas_ratings (id @ID@, client_id BIGINT NOT NULL, objective TEXT NOT NULL,"
    " date TEXT NOT NULL, score BIGINT NOT NULL CHECK (score BETWEEN -2 AND 2),"
    " created_by TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " FOREIGN KEY (client_id, objective) REFERENCES gas_goals(client_id, objective))",
    "CREATE TABLE art_assessments (id @ID@, client_id BIGINT NOT NULL REFERENCES clients(id),"
    " kind TEXT NOT NULL, date TEXT NOT NULL, materials TEXT, instruction TEXT,"
    " minutes BIGINT, observations TEXT, ratings TEXT NOT NULL, artwork_id BIGINT,"
    " created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE INDEX art_assessments_client ON art_assessments (client_id, date)",
    /* artworks (issue #3): the size read from the image header, listed by session */
    "ALTER TABLE artworks ADD COLUMN width BIGINT NOT NULL DEFAULT 0",
    "ALTER TABLE artworks ADD COLUMN height BIGINT NOT NULL DEFAULT 0",
    "CREATE INDEX artworks_session ON artworks (session_id)",
    /* the web application (issue #5, docs/api.md): Argon2id password hashes (libsodium
       crypto_pwhash_str text, NULL: no password, cannot sign in), server-side sessions keyed by
       the SHA-256 of their token (the token itself is never stored), and sign-in attempts for
       rate limiting; all in the database so several easel servers share them */
    "ALTER TABLE users ADD COLUMN password_hash TEXT",
    "CREATE TABLE web_sessions (token_hash TEXT PRIMARY KEY,"
    " login TEXT NOT NULL REFERENCES users(login), csrf TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
    "CREATE INDEX web_sessions_login ON web_sessions (login)",
    "CREATE TABLE login_attempts (id @ID@, login TEXT NOT NULL, at BIGINT NOT NULL,"
    " ok BIGINT NOT NULL)",
    "CREATE INDEX login_attempts_login ON login_attempts (login, at)", NULL};

/* Version 3 (issue 11): what was done about a risk answer, written when it is acknowledged
   (who and when are in the audit log). */
static const char *const v3[] = {"ALTER TABLE measures ADD COLUMN ack_action TEXT", NULL};

/* Version 4 (issue 12): group programs, their facilitators and roster (a member's start and
   end dates and why they ended), group sessions with one narrative and each member's
   attendance, note and ratings; when signed, each member's copy in `sessions` names its group
   session (locked by the backend's triggers); addenda to any session. */
static const char *const v4[] = {
    "CREATE TABLE group_programs (id @ID@, ref TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " setting TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('closed','open','drop-in')),"
    " start_date TEXT NOT NULL, start_time TEXT NOT NULL,"
    " minutes BIGINT NOT NULL CHECK (minutes BETWEEN 15 AND 240),"
    " sessions BIGINT NOT NULL CHECK (sessions BETWEEN 1 AND 104),"
    " capacity BIGINT NOT NULL CHECK (capacity BETWEEN 1 AND 30),"
    " status TEXT NOT NULL CHECK (status IN ('planned','running','ended')),"
    " created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE TABLE group_facilitators (program_id BIGINT NOT NULL REFERENCES group_programs(id),"
    " login TEXT NOT NULL REFERENCES users(login),"
    " role TEXT NOT NULL CHECK (role IN ('lead','co')), PRIMARY KEY (program_id, login))",
    "CREATE TABLE group_members (program_id BIGINT NOT NULL REFERENCES group_programs(id),"
    " client_id BIGINT NOT NULL REFERENCES clients(id), start_date TEXT NOT NULL,"
    " end_date TEXT, end_reason TEXT, PRIMARY KEY (program_id, client_id, start_date))",
    "CREATE INDEX group_members_client ON group_members (client_id)",
    "CREATE TABLE group_sessions (id @ID@, program_id BIGINT NOT NULL REFERENCES"
    " group_programs(id), number BIGINT NOT NULL, date TEXT NOT NULL,"
    " minutes BIGINT NOT NULL CHECK (minutes BETWEEN 1 AND 600), directive TEXT NOT NULL,"
    " media TEXT NOT NULL, themes TEXT NOT NULL, process TEXT NOT NULL, next_steps TEXT NOT NULL,"
    " status TEXT NOT NULL CHECK (status IN ('draft','signed')), created_by TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, signed_by TEXT, signed_at BIGINT, UNIQUE (program_id, number))",
    "CREATE TABLE group_attendance (group_session_id BIGINT NOT NULL REFERENCES"
    " group_sessions(id), client_id BIGINT NOT NULL REFERENCES clients(id),"
    " attendance TEXT NOT NULL CHECK (attendance IN"
    " ('attended','late','left-early','absent','cancelled')),"
    " minutes BIGINT NOT NULL CHECK (minutes BETWEEN 0 AND 600), note TEXT NOT NULL,"
    " ratings TEXT NOT NULL, PRIMARY KEY (group_session_id, client_id))",
    "ALTER TABLE sessions ADD COLUMN group_session_id BIGINT REFERENCES group_sessions(id)",
    "CREATE TABLE group_cosigns (group_session_id BIGINT NOT NULL REFERENCES group_sessions(id),"
    " cosigned_by TEXT NOT NULL, cosigned_at BIGINT NOT NULL,"
    " PRIMARY KEY (group_session_id, cosigned_by))",
    "CREATE TABLE session_addenda (id @ID@, session_id BIGINT NOT NULL REFERENCES sessions(id),"
    " text TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE INDEX session_addenda_session ON session_addenda (session_id)",
    /* issue 13: the derived sizes of an artwork image (thumbnail, display), made once and kept
       by the SHA-256 of the stored image they come from */
    "CREATE TABLE artwork_sizes (sha256 TEXT NOT NULL,"
    " size TEXT NOT NULL CHECK (size IN ('thumb','display')), width BIGINT NOT NULL,"
    " height BIGINT NOT NULL, bytes @BLOB@ NOT NULL, PRIMARY KEY (sha256, size))",
    NULL};

/* Version 5 (issue 11): a session note is a draft until its author signs it; a signed note is
   locked by the backend's triggers (content hash bound into the audit chain) and only addenda
   follow. Each edit of a draft keeps the version it replaced in `session_versions`. Group
   copies, written signed, are marked signed by the backend's migration (extra_ddl). */
static const char *const v5[] = {
    "ALTER TABLE sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'"
    " CHECK (status IN ('draft','signed'))",
    "ALTER TABLE sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 1",
    "ALTER TABLE sessions ADD COLUMN signed_by TEXT",
    "ALTER TABLE sessions ADD COLUMN signed_at BIGINT",
    "ALTER TABLE sessions ADD COLUMN content_hash TEXT",
    "ALTER TABLE sessions ADD COLUMN edited_by TEXT",
    "ALTER TABLE sessions ADD COLUMN edited_at BIGINT",
    "CREATE TABLE session_versions (id @ID@, session_id BIGINT NOT NULL REFERENCES sessions(id),"
    " version BIGINT NOT NULL, date TEXT NOT NULL, minutes BIGINT NOT NULL,"
    " attendance TEXT NOT NULL, plan_version BIGINT NOT NULL, note_format TEXT NOT NULL,"
    " note TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at BIGINT NOT NULL,"
    " UNIQUE (session_id, version))",
    /* break-glass: someone joining a care team they were not on, with the reason they gave
       (shown to the client's team; append-only, locked by the backend's triggers) */
    "CREATE TABLE break_glass (id @ID@, client_id BIGINT NOT NULL REFERENCES clients(id),"
    " login TEXT NOT NULL, role TEXT NOT NULL, reason TEXT NOT NULL, created_at BIGINT NOT NULL)",
    "CREATE INDEX break_glass_client ON break_glass (client_id)",
    /* issue 13: the sheet in each artwork photo: its corners (found or set by a person), and
       the flattened image that analysis and documents use */
    "CREATE TABLE artwork_sheets (artwork_id BIGINT PRIMARY KEY REFERENCES artworks(id),"
    " corners TEXT NOT NULL, found BIGINT NOT NULL, width BIGINT NOT NULL,"
    " height BIGINT NOT NULL, bytes @BLOB@ NOT NULL, set_by TEXT, set_at BIGINT,"
    /* the formal elements of the flattened sheet, measured once (scaled integers) */
    " space_x1e4 BIGINT, colours BIGINT, entropy_x1e3 BIGINT, edges_x1e4 BIGINT,"
    " lightness_x10 BIGINT, saturation_x10 BIGINT,"
    /* its thumbnail (the gallery), made with it; not exported: made again on first use */
    " thumb @BLOB@)",
    /* the practice's paper for documents: A4, or US Letter */
    "ALTER TABLE practice ADD COLUMN paper TEXT NOT NULL DEFAULT 'a4'"
    " CHECK (paper IN ('a4','letter'))",
    NULL};

/* Version 6 (issue 14): API tokens for other systems (the read-only FHIR API, docs/fhir.md).
   Only the SHA-256 of a token is kept; a token reads only the clients it was granted
   (api_token_grants, one row per client: that client's care-team record). Revoked tokens stay
   (who made them, when, when they were last used); a name is unique among live tokens. */
static const char *const v6[] = {
    "CREATE TABLE api_tokens (id @ID@, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,"
    " scope TEXT NOT NULL CHECK (scope IN ('fhir-read')),"
    " created_by TEXT NOT NULL REFERENCES users(login), created_at BIGINT NOT NULL,"
    " revoked_at BIGINT, revoked_by TEXT, last_used_at BIGINT)",
    "CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL",
    "CREATE TABLE api_token_grants (token_id BIGINT NOT NULL REFERENCES api_tokens(id),"
    " client_id BIGINT NOT NULL REFERENCES clients(id), PRIMARY KEY (token_id, client_id))",
    /* an artwork's metadata without its image (easel_artwork_list_consented): every column but
       the bytes, so exports read the index alone; in a SQLite row the columns after the image
       are reached only by walking its pages (a megabyte a photo) */
    "CREATE INDEX artworks_meta ON artworks (session_id, consent_record, id, sha256, mime, width,"
    " height, title, medium, client_words, consent_education, consent_exhibition, returned_on,"
    " created_by, created_at)",
    NULL};

/* Version 7 (issue 15): audit rows appended without the chain's lock wait here, unsealed, in
   the database's own order (the id), until the sealer binds them into audit_log and removes
   them (easel_audit_seal); easel_audit_verify fails when one waits too long. It does not
   depend on version 6's tables. */
static const char *const v7[] = {
    "CREATE TABLE audit_pending (id @ID@, at BIGINT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, record_type TEXT NOT NULL, record_id TEXT NOT NULL)",
    "CREATE INDEX audit_pending_at ON audit_pending (at)", NULL};

const char *const *easel__schema(int version)
{
    static const char *const *const all[] = {NULL, v1, v2, v3, v4, v5, v6, v7};
    return version >= 1 && version <= 7 ? all[version] : NULL;
}
