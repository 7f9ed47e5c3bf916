/* tests/layers/link_probe.c — a "core unit test" that calls the store: linked against
   easel_core alone it must not link (wrong_way_test.sh). */
#include <stdint.h>

int easel_store_open(void *s, const char *url, const char *actor, void *err);

int main(void)
{
    return easel_store_open(0, "sqlite::memory:", "probe", 0);
}
