/*
 * web/api_artworks.c — artworks: uploading an image to a session (multipart/form-data, the
 * one route with a body limit above 1 MiB: EASEL_WEB_UPLOAD_MAX), listing a client's artworks
 * (metadata only) and downloading an image, which is allowed only while the client's consent
 * to keep it in the record stands (clinical.md E). The image is checked with the header probe
 * (JPEG or PNG, size limits) before the store sees it; the client's file name is never kept.
 *
 * Who: care-team members list and download (with consent); clinical roles upload.
 *
 * Owns: nothing beyond the request (the image bytes of a download are handed to the answer).
 * Borrows: the request's store connection. Fails: 400 naming the part or field, 403 (consent:
 * field "consent"), 404, 413 (larger than the upload limit), 415 (not multipart/form-data).
 */
#include "easel/image_probe.h"
#include "multipart.h"
#include "easel/app_artwork.h"
#include "easel/formal.h"
#include "handlers.h"

#include <string.h>
#include <strings.h>

json_t *web_artwork_json(const struct easel_artwork *a)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:I, s:I, s:I, s:b, s:b, s:b, s:s, s:I}", "id", (json_int_t)a->id,
        "session", (json_int_t)a->session, "session_date", a->session_date ? a->session_date : "",
        "mime", a->mime, "width", (json_int_t)a->width, "height", (json_int_t)a->height, "size",
        (json_int_t)a->size, "consent_record", a->consent_record, "consent_education",
        a->consent_education, "consent_exhibition", a->consent_exhibition, "created_by",
        a->created_by, "created_at", (json_int_t)a->created_at);
    json_object_set_new(o, "title", a->title ? json_string(a->title) : json_null());
    json_object_set_new(o, "medium", a->medium ? json_string(a->medium) : json_null());
    json_object_set_new(o, "client_words",
                        a->client_words ? json_string(a->client_words) : json_null());
    json_object_set_new(o, "returned_on",
                        a->returned_on ? json_string(a->returned_on) : json_null());
    return o;
}

/* A text part as a NUL-terminated copy in the arena (NULL when absent); false after a 400. */
static bool text_part(struct web_req *r, const struct easel_multipart *mp, const char *name,
                      size_t max, const char **out)
{
    const struct easel_mp_part *p = easel_multipart_get(mp, name);
    *out = NULL;
    if (!p)
        return true;
    if (p->len > max || memchr(p->data, '\0', p->len)) {
        web_error(r, 400, name, "must be a text of at most %zu bytes", max);
        return false;
    }
    char *s = easel_arena_alloc(&r->arena, p->len + 1);
    if (!s) {
        web_error(r, 500, NULL, "out of memory");
        return false;
    }
    memcpy(s, p->data, p->len);
    s[p->len] = '\0';
    *out = s;
    return true;
}

static bool consent_part(struct web_req *r, const struct easel_multipart *mp, const char *name,
                         bool *out)
{
    const struct easel_mp_part *p = easel_multipart_get(mp, name);
    *out = false;
    if (!p)
        return true;
    if (p->len != 1 || (p->data[0] != '0' && p->data[0] != '1')) {
        web_error(r, 400, name, "must be \"1\" (given) or \"0\" (not given)");
        return false;
    }
    *out = p->data[0] == '1';
    return true;
}

int web_artwork_upload_allowed(struct web_req *r, int64_t *id)
{
    if (web_authorize(r, id))
        return r->status;
    if (!web_role_allowed(r))
        return web_refuse(r, *id, NULL, "team members may read but not add artworks");
    return 0;
}

int web_artwork_upload(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_artwork_upload_allowed(r, &id))
        return r->status;
    const char *ct = r->content_type;
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        return web_error(r, 415, "Content-Type", "the body must be multipart/form-data");
    struct easel_error err = {0};
    struct easel_session_record *ss = NULL;
    size_t ns = 0;
    if (easel_session_list(r->st, id, &r->arena, &ss, &ns, &err))
        return web_store_error(r, &err);
    bool found = false;
    for (size_t i = 0; i < ns; i++)
        found |= ss[i].id == r->route.num;
    if (!found)
        return web_error(r, 404, "id", "no such session of this client");

    struct easel_multipart *mp = easel_arena_alloc(&r->arena, sizeof(*mp));
    char part[EASEL_MP_NAME_MAX + 1], msg[200];
    if (!mp)
        return web_error(r, 500, NULL, "out of memory");
    if (easel_multipart_parse(ct, r->body, r->body_len, mp, part, sizeof(part), msg, sizeof(msg)))
        return web_error(r, 400, part, "%s", msg);
    static const char *const allowed[] = {"image",
                                          "title",
                                          "medium",
                                          "client_words",
                                          "consent_record",
                                          "consent_education",
                                          "consent_exhibition"};
    for (size_t i = 0; i < mp->n; i++) {
        bool ok = false;
        for (size_t k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
            ok |= strcmp(mp->parts[i].name, allowed[k]) == 0;
        if (!ok)
            return web_error(r, 400, mp->parts[i].name, "unknown form field");
    }
    const struct easel_mp_part *img = easel_multipart_get(mp, "image");
    if (!img || img->len == 0)
        return web_error(r, 400, "image", "the image file (JPEG or PNG) is missing");
    struct easel_image_info info;
    if (easel_image_probe((const unsigned char *)img->data, img->len, &info, &err))
        return web_error(r, 400, "image", "%s", err.msg);
    struct easel_artwork a = {.session = r->route.num, .client = id};
    if (!text_part(r, mp, "title", 4 * EASEL_ARTWORK_TITLE_MAX, &a.title) ||
        !text_part(r, mp, "medium", 4 * EASEL_ARTWORK_MEDIUM_MAX, &a.medium) ||
        !text_part(r, mp, "client_words", 4 * EASEL_ARTWORK_WORDS_MAX, &a.client_words) ||
        !consent_part(r, mp, "consent_record", &a.consent_record) ||
        !consent_part(r, mp, "consent_education", &a.consent_education) ||
        !consent_part(r, mp, "consent_exhibition", &a.consent_exhibition))
        return r->status;
    int64_t aid = 0;
    if (easel_app_artwork_add(r->st, &a, img->data, img->len, &aid, NULL, NULL, &err))
        return strncmp(err.field, "image", 5) == 0 ? web_error(r, 400, "image", "%s", err.msg)
                                                   : web_store_error(r, &err);
    return web_answer(r, 201, json_pack("{s:I}", "id", (json_int_t)aid));
}

int web_artworks(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_artwork *as = NULL;
    size_t n = 0;
    struct easel_error err = {0};
    if (easel_artwork_list(r->st, id, &r->arena, &as, &n, &err))
        return web_store_error(r, &err);
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, web_artwork_json(&as[i]));
    return web_answer(r, 200, json_pack("{s:o}", "artworks", list));
}

/* The route's artwork for the client's care team, metadata only (audited as a read), while its
   record consent stands: 0, or the answer set (403, 404). The consent decides whether the image
   or anything measured on it is read at all. */
static int consented_artwork(struct web_req *r, struct easel_artwork *a)
{
    int64_t id = 0;
    if (web_authorize(r, &id))
        return r->status;
    struct easel_error err = {0};
    int rc = easel_artwork_get(r->st, r->route.num, &r->arena, a, NULL, &err);
    if (rc == EASEL_ENOTFOUND || (!rc && a->client != id))
        return web_error(r, 404, "id", "no such artwork of this client");
    if (rc)
        return web_store_error(r, &err);
    if (!a->consent_record)
        return web_refuse(r, id, "consent",
                          "the client has not consented to keeping this image in the record");
    return 0;
}

int web_artwork_image(struct web_req *r)
{
    static const char *const params[] = {"size", NULL};
    if (!web_only_params(r, params))
        return r->status;
    const char *size = easel_query_get(&r->query, "size");
    if (size && strcmp(size, "thumb") && strcmp(size, "display") && strcmp(size, "original") &&
        strcmp(size, "flat") && strcmp(size, "flat-thumb"))
        return web_error(r, 400, "size", "must be thumb, display, flat, flat-thumb or original");
    struct easel_artwork a;
    struct easel_error err = {0};
    if (consented_artwork(r, &a))
        return r->status;
    /* an image never changes under its name: the SHA-256 and the size are its ETag, and the
       browser may keep it (privately) as long as it likes; the flattened sheet changes when a
       person sets its corners, so their time is part of its name */
    bool derived = size && strcmp(size, "original") != 0;
    int64_t set_at = 0;
    bool flat = size && strncmp(size, "flat", 4) == 0;
    if (flat) {
        struct easel_artwork_sheet sh;
        if (!easel_artwork_sheet_get(r->st, a.id, &r->arena, &sh, NULL, &err))
            set_at = sh.set_at;
    }
    if (set_at)
        snprintf(r->etag, sizeof(r->etag), "\"%s-%s-%lld\"", a.sha256, size, (long long)set_at);
    else
        snprintf(r->etag, sizeof(r->etag), "\"%s-%s\"", a.sha256, derived ? size : "original");
    /* the flattened sheet changes under the same address when its corners are set: the
       browser keeps it but asks again (a 304 while the ETag holds) */
    r->cache_control = flat ? "private, no-cache" : "private, max-age=31536000, immutable";
    r->raw_type = derived || strcmp(a.mime, "image/png") != 0 ? "image/jpeg" : "image/png";
    easel_buf_init(&r->raw, EASEL_ARTWORK_MAX);
    if (r->if_none_match && strcmp(r->if_none_match, r->etag) == 0) {
        r->status = 304;
        return 304;
    }
    if (derived ? easel_app_artwork_size(r->st, &a, size, &r->raw, &err)
                : easel_artwork_get(r->st, a.id, &r->arena, &a, &r->raw, &err)) {
        easel_buf_release(&r->raw);
        r->raw_type = NULL;
        return web_store_error(r, &err);
    }
    r->status = 200;
    return 200;
}

int web_artwork_formal(struct web_req *r)
{
    if (!web_only_params(r, NULL))
        return r->status;
    struct easel_artwork a;
    struct easel_error err = {0};
    if (consented_artwork(r, &a))
        return r->status;
    struct easel_formal f;
    if (easel_app_artwork_formal(r->st, &a, &f, &err))
        return web_store_error(r, &err);
    json_t *colours = json_array();
    for (int i = 0; i < f.n_colours; i++)
        json_array_append_new(colours,
                              json_pack("{s:s, s:f, s:f, s:f, s:f}", "name", f.colours[i].name,
                                        "share", f.colours[i].share, "L", f.colours[i].L, "a",
                                        f.colours[i].a, "b", f.colours[i].b));
    json_t *meaning = json_object();
    static const char *const keys[] = {"space_used",   "colours",   "hue_entropy",
                                       "edge_density", "lightness", "saturation"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        json_object_set_new(meaning, keys[i], json_string(easel_formal_meaning(keys[i])));
    return web_answer(
        r, 200,
        json_pack("{s:b, s:s, s:f, s:[i,i,i,i], s:f, s:o, s:f, s:f, s:f, s:f, s:o}",
                  "computer_assisted", 1, "about",
                  "A computer-assisted description of formal elements measured on the photo. It "
                  "is not a FEATS score, a diagnosis, a risk or an indicator of anything about "
                  "the person; the therapist's own ratings stand beside it.",
                  "space_used", f.space_used, "bbox", (int)f.bbox[0], (int)f.bbox[1],
                  (int)f.bbox[2], (int)f.bbox[3], "bbox_share", f.bbox_share, "colours", colours,
                  "hue_entropy", f.hue_entropy, "edge_density", f.edge_density, "lightness",
                  f.mean_lightness, "saturation", f.mean_saturation, "meaning", meaning));
}

/* GET, PUT .../artworks/{id}/sheet: the sheet's corners (fractions of the display size, top-left
   first, clockwise), whether they were found or set by a person, and PUT to set them by hand
   (clinical roles; {"corners": [[x, y] x 4]} or {"corners": null} to find them again). */
int web_artwork_sheet(struct web_req *r)
{
    bool put = r->route.method == EASEL_PUT;
    if (!web_only_params(r, NULL))
        return r->status;
    struct easel_artwork a;
    struct easel_error err = {0};
    if (consented_artwork(r, &a))
        return r->status;
    if (put) {
        if (!web_role_allowed(r))
            return web_refuse(r, a.client, NULL, "team members may look but not set corners");
        static const char *const allowed[] = {"corners", NULL};
        json_t *body = web_body_object(r, allowed);
        if (!body)
            return r->status;
        json_t *cj = json_object_get(body, "corners");
        char text[200] = "";
        bool ok = json_is_null(cj) || (json_is_array(cj) && json_array_size(cj) == 4);
        for (size_t i = 0; ok && json_is_array(cj) && i < 4; i++) {
            json_t *pt = json_array_get(cj, i);
            json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
            ok = json_is_array(pt) && json_array_size(pt) == 2 && json_is_number(x) &&
                 json_is_number(y);
            size_t l = strlen(text);
            if (ok)
                snprintf(text + l, sizeof(text) - l, "%s%.5f,%.5f", i ? " " : "",
                         json_number_value(x), json_number_value(y));
        }
        if (!ok) {
            json_decref(body);
            return web_error(r, 400, "corners",
                             "four [x, y] points as fractions of the photo's width and height, "
                             "top-left first, clockwise; or null to find them again");
        }
        struct easel_buf flat;
        easel_buf_init(&flat, EASEL_ARTWORK_MAX);
        int rc =
            easel_app_artwork_sheet_set(r->st, &a, json_is_null(cj) ? NULL : text, &flat, &err);
        easel_buf_release(&flat);
        json_decref(body);
        if (rc)
            return web_store_error(r, &err);
    }
    struct easel_artwork_sheet sh;
    struct easel_buf flat;
    easel_buf_init(&flat, EASEL_ARTWORK_MAX);
    int rc = easel_app_artwork_size(r->st, &a, "flat", &flat, &err); /* made if missing */
    easel_buf_release(&flat);
    if (!rc)
        rc = easel_artwork_sheet_get(r->st, a.id, &r->arena, &sh, NULL, &err);
    if (rc)
        return web_store_error(r, &err);
    double v[8] = {0};
    sscanf(sh.corners, "%lf,%lf %lf,%lf %lf,%lf %lf,%lf", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
           &v[6], &v[7]);
    json_t *corners = json_array();
    for (int i = 0; i < 4; i++)
        json_array_append_new(corners, json_pack("[f, f]", v[2 * i], v[2 * i + 1]));
    json_t *o = json_pack("{s:o, s:b, s:I, s:I}", "corners", corners, "found", (int)sh.found,
                          "width", (json_int_t)sh.width, "height", (json_int_t)sh.height);
    json_object_set_new(o, "set_by",
                        sh.set_by ? json_string(web_person_name(r, sh.set_by)) : json_null());
    json_object_set_new(o, "set_at", sh.set_at ? json_integer(sh.set_at) : json_null());
    return web_answer(r, 200, o);
}
