/*
 * easel/exchange.h — whole-practice import: reads the JSON Lines that easel_store_export
 * writes (docs/store.md) into an empty database, all in one transaction.
 *
 * Owns nothing. Borrows the store. Fails: EASEL_EINVAL naming the line and field for a
 * malformed, foreign or truncated file (the header and the end line with its row count must
 * both be there); EASEL_ECONFLICT when the database already holds clients. On any failure
 * nothing is imported.
 */
#ifndef EASEL_EXCHANGE_H
#define EASEL_EXCHANGE_H

#include "easel/error.h"
#include "easel/store.h"

#include <stddef.h>
#include <stdint.h>

int easel_practice_import(struct easel_store *s, const char *text, size_t len, int64_t *rows,
                          struct easel_error *err);

#endif
