/*
 * web/routes.h — internal to the web layer: the handler of each route and method of routes.def,
 * for the server's dispatch (server.c), which thereby names no handler itself.
 *
 * Owns: nothing; the table is static data. Borrows: nothing.
 * Fails: web_route_handler returns NULL for a route or method the table does not have (the
 * router has answered 404 or 405 for those before).
 */
#ifndef EASEL_WEB_ROUTES_H
#define EASEL_WEB_ROUTES_H

#include "router.h"

struct web_req;

/* A handler answers the request into r (r->status and the answer) and returns r->status. */
typedef int web_handler(struct web_req *r);

web_handler *web_route_handler(enum easel_route_id id, enum easel_method method);

/* What a route decides from the request's headers alone, before its body is read (server.c's
   precheck, after the session and the CSRF token): for the artwork upload the care team and the
   role (web_artwork_upload_allowed); 0, or the refusal answered in r and its status. Every other
   route: 0. */
int web_route_admit(struct web_req *r);

#endif
