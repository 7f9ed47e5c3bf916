/*
 * fuzz/fuzz_group_note.c — libFuzzer harness for the group-session note reader
 * (src/formats/group_note_read.c, easel/group_note.h): the JSON a facilitator's CLI file or the
 * web's POST .../sessions carries.
 *
 * Checks, beyond the sanitizers: on success the session number is 1-104, minutes 1-600, there
 * are 1-30 members, each with a client reference (1-64 bytes), an attendance, a note, and
 * ratings in the store's "objective:rating" form with ratings -2..+2; on failure the error has
 * a message.
 *
 * Owns: one copy of the input per call (sized exactly) and an arena. Fails: aborts on a broken
 * invariant.
 */
#include "easel/group_note.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

static void check_ratings(const char *r)
{
    while (r && *r) {
        const char *colon = strchr(r, ':');
        if (!colon || colon == r)
            abort();
        const char *v = colon + 1;
        if (*v == '-')
            v++;
        if (*v < '0' || *v > '2')
            abort();
        v++;
        if (*v == ',')
            v++;
        else if (*v)
            abort();
        r = v;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    struct easel_arena a;
    easel_arena_init(&a);
    struct easel_group_note s;
    struct easel_error err = {0};
    int rc = easel_group_note_read(text, size, &a, &s, &err);
    if (rc == 0) {
        if (s.number < 1 || s.number > 104 || s.minutes < 1 || s.minutes > 600 || s.n_members < 1 ||
            s.n_members > 30 || !s.date || !s.directive)
            abort();
        for (size_t i = 0; i < s.n_members; i++) {
            size_t n = s.members[i].client ? strlen(s.members[i].client) : 0;
            if (n < 1 || n > 64 || !s.members[i].attendance || !s.members[i].note ||
                !s.members[i].ratings)
                abort();
            check_ratings(s.members[i].ratings);
        }
    } else if (!err.msg[0]) {
        abort();
    }
    easel_arena_release(&a);
    free(text);
    return 0;
}
