#!/usr/bin/env bash
# Set everything up and run the whole test suite: the dev preset (ASan+UBSan, warnings as
# errors) and the release preset, each against the same golden files (so both builds must
# produce the same bytes), the server's tests under ThreadSanitizer (the tsan preset), the
# formatting check, and a bounded libFuzzer smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# a real PostgreSQL 15 on loopback for the store's PostgreSQL tests (two lines: under set -e,
# `export X=$(cmd)` would hide a failure of cmd)
EASEL_TEST_PG=$(scripts/pg-start.sh)
export EASEL_TEST_PG

echo "== format check"
files=$(git ls-files '*.c' '*.h')
clang-format --dry-run -Werror $files

for preset in dev release; do
  echo "== $preset: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  log=$(mktemp)
  ctest --preset "$preset" 2>&1 | tee "$log"
  # everything this script set up is there, so a skipped test (exit 77: a tool, a server or a
  # half of a test missing) is a failure here, never a pass
  if grep -q "The following tests did not run" "$log"; then
    echo "FAIL: $preset: tests were skipped (listed above)" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
done

echo "== tsan: the server's threads under ThreadSanitizer"
# against an easel built with -fsanitize=thread: the tests that run `easel serve` on its threads
# (web.api, web.api_app, web.api_groups, web.fhir_import, web.reports, web.static, fhir.api, the
# four guard tests, report.stress's concurrent downloads, web.clinic's two servers behind nginx,
# and web.scale's two halves: web.scale_sqlite, 30 servers killed mid-write, and
# web.scale_postgresql, two and three servers at once, then 30 kills; every server runs the
# audit sealer thread),
# store.sqlite's threads in-process (group commit, the read batches' flush group) and
# store.postgresql (single-threaded: the suite's threaded cases are SQLite's);
# every easel process writes its reports to build/tsan/tsan-reports/ (tests/CMakeLists.txt sets
# TSAN_OPTIONS, with the third-party suppressions of tests/tsan.supp), and any report fails.
# Its tests take about 5 minutes on 2 cores (285 s measured idle, 433 s with the cores shared).
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target easel test_store
rm -rf build/tsan/tsan-reports
mkdir -p build/tsan/tsan-reports
log=$(mktemp)
ctest --preset tsan -R '^(web\.(api|api_app|api_groups|fhir_import|reports|static|clinic|scale_sqlite|scale_postgresql|guard_slow|guard_uploads|guard_signin|guard_race)|fhir\.api|report\.stress|store\.(sqlite|postgresql))$' 2>&1 | tee "$log"
if grep -q "The following tests did not run" "$log"; then
  echo "FAIL: tsan: tests were skipped (listed above)" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
if [ -n "$(ls -A build/tsan/tsan-reports)" ]; then
  cat build/tsan/tsan-reports/* >&2
  echo "FAIL: tsan: ThreadSanitizer reported the above" >&2
  exit 1
fi

echo "== the Debian package, installed and run from its installed paths"
scripts/package-test.sh build/release

echo "== fuzz smoke (libFuzzer, ${EASEL_FUZZ_SECONDS:-30} s per harness)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for h in fuzz_profile fuzz_kb_item fuzz_image_probe fuzz_router fuzz_multipart fuzz_body fuzz_group_note fuzz_image fuzz_fhir_import; do
  corpus=$(mktemp -d)
  cp -r fuzz/corpus/${h#fuzz_}/. "$corpus/"
  build/fuzz/fuzz/$h -max_total_time="${EASEL_FUZZ_SECONDS:-30}" -dict=fuzz/${h#fuzz_}.dict \
    "$corpus" 2>&1 | tail -n 2
  rm -rf "$corpus"
done
echo "all checks passed"
