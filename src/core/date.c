/*
 * core/date.c — civil dates without the C library's time zone machinery (pure arithmetic;
 * H. Hinnant's days_from_civil). Valid years 1900-2999.
 */
#include "easel/error.h"
#include "easel/plan.h"

#include <string.h>

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dm[m - 1];
}

int easel_date_parse(const char *s, int64_t *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return EASEL_EINVAL;
    int v[3] = {0, 0, 0};
    const int pos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < pos[k][1]; i++) {
            char c = s[pos[k][0] + i];
            if (c < '0' || c > '9')
                return EASEL_EINVAL;
            v[k] = v[k] * 10 + (c - '0');
        }
    if (v[0] < 1900 || v[0] > 2999 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
        v[2] > days_in_month(v[0], v[1]))
        return EASEL_EINVAL;
    *days = days_from_civil(v[0], v[1], v[2]);
    return 0;
}

void easel_date_format(int64_t z, char out[11])
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    int yy = (int)(y % 10000), mm = (int)m, dd = (int)d;
    out[0] = (char)('0' + yy / 1000);
    out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10);
    out[3] = (char)('0' + yy % 10);
    out[4] = '-';
    out[5] = (char)('0' + mm / 10);
    out[6] = (char)('0' + mm % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}
