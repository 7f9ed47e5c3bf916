#!/usr/bin/env bash
# The layers are enforced (issue 16): the wrong-way file (wrong_way.c) placed in core
#  1. does not compile with core's include directories (easel/store.h is not found), and the
#     same file compiles once the store's and the web's headers are added (so step 1 fails for
#     the layering, not for a typo);
#  2. is named by scripts/checksrc.py for every third-party header, the relative include, and
#     each call of another layer's library;
#  3. a core unit test calling the store does not link against easel_core alone.
# Usage: wrong_way_test.sh CC SOURCE_DIR LIBEASEL_CORE
set -u
cc=$1 src=$2 core=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1 (got $3, want $2)"; sed 's/^/  /' "$tmp/err" | head -5; fi; }
flags="-std=c17 -Werror -fsyntax-only -D_POSIX_C_SOURCE=200809L"

"$cc" $flags -I"$src/include/core" "$src/tests/layers/wrong_way.c" 2>"$tmp/err"
check "compiled as core, the wrong-way file fails" 1 $(( $? != 0 ))
grep -q "easel/store.h" "$tmp/err"; check "because easel/store.h is not on core's path" 0 $?

mkdir -p "$tmp/store"; : >"$tmp/store/store_int.h" # the relative include, found beside it
mkdir -p "$tmp/probe" && cp "$src/tests/layers/wrong_way.c" "$tmp/probe/"
"$cc" $flags -I"$src/include/core" -I"$src/include/util" -I"$src/include/store" -I"$src/include/web" \
  -I"$src/include/app" -I"$src/include/kb" -I"$src/include/render" -I"$src/include/image" \
  -I"$src/include/crypto" -I"$src/include/fhir" -I"$src/include/formats" "$tmp/probe/wrong_way.c" 2>"$tmp/err"
check "with every layer's headers it compiles (the failure above is the layering)" 0 $?

# checksrc on the file as src/core/wrong_way.c of a copy of the tree's include folders
mkdir -p "$tmp/tree/src/core"
cp "$src/tests/layers/wrong_way.c" "$tmp/tree/src/core/"
ln -s "$src/include" "$tmp/tree/include"
python3 "$src/scripts/checksrc.py" "$tmp/tree" "$tmp/tree/src/core/wrong_way.c" >"$tmp/out" 2>"$tmp/err"
check "checksrc refuses it" 1 $?
for want in "core may not include <jansson.h>" "core may not include <microhttpd.h>" \
  "core may not include <sodium.h>" "core may not include <sqlite3.h>" \
  "../store/store_int.h: a private header from outside the layer" \
  "core may not include easel/store.h (layer store)" "core may not include easel/web.h (layer web)" \
  "core calls jansson (json_object)"; do
  grep -qF -- "$want" "$tmp/out"; check "checksrc: $want" 0 $?
done
# the formats layer (src/formats) sits below kb: it may not reach up into the KB loader, and its
# jansson-typed readers (easel/jread.h) stay in the layers that may use jansson
mkdir -p "$tmp/tree/src/formats" "$tmp/tree/src/app"
printf '#include "easel/kb_load.h"\n' >"$tmp/tree/src/formats/up.c"
printf '#include "easel/jread.h"\n' >"$tmp/tree/src/app/json.c"
python3 "$src/scripts/checksrc.py" "$tmp/tree" "$tmp/tree/src/formats/up.c" "$tmp/tree/src/app/json.c" \
  >"$tmp/out" 2>"$tmp/err"
check "checksrc refuses formats including kb and app including easel/jread.h" 1 $?
for want in "formats may not include easel/kb_load.h (layer kb)" \
  "app may not include easel/jread.h: it exposes <jansson.h>"; do
  grep -qF -- "$want" "$tmp/out"; check "checksrc: $want" 0 $?
done
python3 "$src/scripts/checksrc.py" "$src" >"$tmp/out" 2>"$tmp/err"
check "checksrc finds nothing in the tree itself" 0 $?
[ ! -s "$tmp/out" ] || sed 's/^/  /' "$tmp/out" | head -20

"$cc" -o "$tmp/link_probe" "$src/tests/layers/link_probe.c" "$core" 2>"$tmp/err"
check "a core test calling the store does not link against easel_core alone" 1 $(( $? != 0 ))
grep -q "easel_store_open" "$tmp/err"; check "the unresolved name is the store's" 0 $?

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
