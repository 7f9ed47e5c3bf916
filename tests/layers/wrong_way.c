/*
 * tests/layers/wrong_way.c — issue 16's wrong-way file: what a file of src/core must never do.
 * tests/layers/wrong_way_test.sh shows each of these is refused: compiled as core it fails
 * (easel/store.h and easel/web.h are not on core's include path), scripts/checksrc.py names
 * every include and call, and core's library cannot resolve the store's function.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>
#include <sqlite3.h>

#include "easel/store.h"
#include "easel/web.h"

#include "../store/store_int.h"

int wrong_way(void);

int wrong_way(void)
{
    json_t *j = json_object();
    json_decref(j);
    struct easel_store s;
    struct easel_error err = {0};
    return easel_store_open(&s, "sqlite::memory:", "probe", &err);
}
