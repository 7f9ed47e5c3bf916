/*
 * fuzz/fuzz.h — the libFuzzer entry point shared by the harnesses and by replay.c, declared
 * once so -Wmissing-prototypes holds for every file.
 *
 * Owns: nothing. Borrows: data for the duration of one call only.
 * Fails: never returns an error; a harness returns 0 for every input and aborts (or a
 * sanitizer reports) only on a bug.
 */
#ifndef EASEL_FUZZ_H
#define EASEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
