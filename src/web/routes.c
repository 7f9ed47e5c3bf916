/*
 * web/routes.c — the handlers column of routes.def, expanded into a table by route and method,
 * and the upload's check before its body: the one file that names handlers (handlers.h), so
 * that the server dispatches by a table lookup. The matcher (router.c) expands the other columns
 * and names no handler, so it stays a pure function for its fuzz harness.
 *
 * Owns: nothing. Borrows: nothing. Fails: NULL for what the table does not have.
 */
#include "routes.h"

#include "handlers.h"

#include <stdint.h>

static web_handler *const handlers[EASEL_ROUTE_COUNT][EASEL_OTHER] = {
#define EASEL_METHOD(m, handler, who) [EASEL_##m] = handler,
#define EASEL_ROUTE(id, name, path, api, methods) [EASEL_ROUTE_##id] = {methods},
#include "routes.def"
#undef EASEL_ROUTE
#undef EASEL_METHOD
};

web_handler *web_route_handler(enum easel_route_id id, enum easel_method method)
{
    if ((unsigned)id >= EASEL_ROUTE_COUNT || (unsigned)method >= EASEL_OTHER)
        return NULL;
    return handlers[id][method];
}

int web_route_admit(struct web_req *r)
{
    int64_t id = 0;
    return r->route.id == EASEL_ROUTE_ARTWORK_UPLOAD ? web_artwork_upload_allowed(r, &id) : 0;
}
