/*
 * tests/cmocka_test.h — what a unit test of one layer needs to include for cmocka and nothing
 * more: the tests of `core` link easel_core alone (tests/CMakeLists.txt), so they cannot reach
 * the KB loader that tests/testutil.h brings.
 */
#ifndef EASEL_CMOCKA_TEST_H
#define EASEL_CMOCKA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#endif
