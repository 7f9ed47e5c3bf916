#!/usr/bin/env bash
# Charts as files (src/render): every sample chart written as SVG, PNG and PDF by
# `test_chart --write`; each SVG is well-formed XML (xmllint), each PDF passes qpdf --check, has
# one page and its title comes back out of pdftotext in Latin with diacritics, Arabic, Hebrew,
# Devanagari and Chinese; fonts are embedded (pdffonts) and are the pinned Noto faces.
set -euo pipefail
gen=$1
for tool in xmllint qpdf pdftotext pdffonts; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool not installed"; exit 77; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$gen" --write "$dir"
fail=0
check() { if ! "$@"; then echo "FAIL: $*"; fail=1; fi; }

n=0
for f in "$dir"/*.svg; do
  check xmllint --noout "$f"
  n=$((n + 1))
done
[ "$n" -ge 10 ] || { echo "FAIL: only $n SVG files"; fail=1; }

for f in "$dir"/*.pdf; do
  check qpdf --check "$f" >/dev/null
  [ "$(qpdf --show-npages "$f")" = 1 ] || { echo "FAIL: $f is not one page"; fail=1; }
  # every font embedded, and only the pinned Noto faces
  pdffonts "$f" | tail -n +3 > "$dir/fonts.txt"
  if awk '$(NF-4) != "yes"' "$dir/fonts.txt" | grep -q .; then
    echo "FAIL: $f has a font that is not embedded"; fail=1
  fi
  if grep -v -E '\+NotoSans(Arabic|Hebrew|Devanagari|CJK[a-z]*)?-(Regular|Bold|Italic|BoldItalic) ' \
      "$dir/fonts.txt" | grep -q .; then
    echo "FAIL: $f uses a font outside the pinned set:"; cat "$dir/fonts.txt"; fail=1
  fi
done

title() { # file, expected text
  if ! pdftotext "$dir/$1" - | grep -qF -- "$2"; then
    echo "FAIL: $1: '$2' not found by pdftotext; got:"; pdftotext "$dir/$1" - | head -3; fail=1
  fi
}
title phq9.pdf "Depression and anxiety scores"
title attendance.pdf "Attendance by month"
title gas.pdf "Goal attainment over time"
title empty.pdf "No administrations in this period"
title title-latin.pdf "Évolution du bien-être — Zoë Ångström"
title title-ar.pdf "تقدم العمل الفني"
title title-he.pdf "התקדמות בטיפול באמנות"
title title-hi.pdf "कला चिकित्सा प्रगति"
title title-zh.pdf "艺术治疗进展"
# band labels and legend text are real text in the PDF too
title phq9.pdf "Moderately severe"
title phq9.pdf "Reliable change"

# PNG: the signature and the asked size (480 x 300) on every file
for f in "$dir"/*.png; do
  sig=$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')
  [ "$sig" = 89504e470d0a1a0a ] || { echo "FAIL: $f is not a PNG"; fail=1; }
  size=$(od -An -tu1 -j16 -N8 "$f" | awk '{print $3*256+$4 "x" $7*256+$8}')
  [ "$size" = 480x300 ] || { echo "FAIL: $f is $size"; fail=1; }
done
exit $fail
