#!/usr/bin/env bash
# Artwork photos into the record (issue 13), end to end on SQLite: a phone-like JPEG (made with
# imagemagick, tagged with exiftool: a GPS position, a serial number, a maker, orientation 6)
# goes in through `easel artwork add`; what is stored and what is served carries no GPS, serial
# or maker (read back with exiftool), keeps the orientation; the thumbnail and display size are
# upright JPEGs made once, served with an ETag and a long private cache lifetime, 304 when the
# browser has it; a broken file is refused with nothing stored.
# Usage: image_ingest_test.sh EASEL SOURCE_DIR
set -u
easel=$1
. "$(dirname "$0")/web_lib.sh"
web_test_setup
web_require convert exiftool identify
run() { # NAME CODE -- args
  local name=$1 code=$2
  shift 3
  "$easel" "$@" >"$tmp/out" 2>"$tmp/err"
  check "$name" "$code" $?
}

# stored as a camera turned 90 degrees keeps it: 480x640 on disk, orientation 6 (the picture is
# 640 wide and 480 high); a red block at the stored top left ends at the picture's top right
convert -size 480x640 xc:white -fill red -draw 'rectangle 0,0 99,99' -quality 92 "$tmp/phone.jpg"
exiftool -q -overwrite_original -GPSLatitude=51.5072 -GPSLatitudeRef=N -GPSLongitude=0.1276 \
  -GPSLongitudeRef=W -SerialNumber=SN-SECRET-42 -Make=PhoneCo -Model=PhoneModelX \
  -Orientation#=6 "$tmp/phone.jpg"
exiftool -s -GPSLatitude -SerialNumber "$tmp/phone.jpg" | grep -q GPSLatitude; check "the test photo carries GPS" 0 $?

export EASEL_DB="$tmp/i.db" EASEL_USER=ther1
PW=correct-horse-battery
run "init" 0 -- init
run "user" 0 -- user add --login ther1 --name "Theo" --role therapist
printf '%s\n' "$PW" | "$easel" user passwd ther1 >/dev/null
run "client" 0 -- client add --ref img-01 --name "Ida Synthetic" --setting outpatient
"$easel" team add img-01 ther1 >/dev/null
printf '{"subjective":"s","objective":"o","assessment":"a","plan":"p"}' >"$tmp/note.json"
run "session" 0 -- session add img-01 --date 2026-11-02 --minutes 50 --note "$tmp/note.json"
sid=$(sed -n 's/^session \([0-9]*\) recorded.*/\1/p' "$tmp/out")

head -c 3000 "$tmp/phone.jpg" >"$tmp/cut.jpg"
run "a truncated photo is refused" 3 -- artwork add "$sid" "$tmp/cut.jpg" --consent record
[ "$(sqlite3 "$tmp/i.db" 'SELECT COUNT(*) FROM artworks')" = 0 ]; check "nothing stored" 0 $?
[ "$(sqlite3 "$tmp/i.db" 'SELECT COUNT(*) FROM artwork_sizes')" = 0 ]; check "no size stored" 0 $?

run "add the phone photo" 0 -- artwork add "$sid" "$tmp/phone.jpg" --consent record --title "River"
id=$(sed -n 's/^artwork \([0-9]*\) stored.*/\1/p' "$tmp/out")
run "export the stored bytes" 0 -- artwork export "$id" --out "$tmp/stored.jpg"
exiftool -a -G1 -s "$tmp/stored.jpg" >"$tmp/exif.txt"
for tag in GPS SerialNumber PhoneCo PhoneModelX; do
  if grep -qi "$tag" "$tmp/exif.txt"; then bad "stored bytes keep $tag"; else ok; fi
done
grep -a -q "SN-SECRET-42" "$tmp/i.db"; check "the serial is nowhere in the database file" 1 $?
grep -q "Orientation *: Rotate 90 CW" "$tmp/exif.txt"; check "the orientation is kept" 0 $?
[ "$(sqlite3 "$tmp/i.db" "SELECT COUNT(*) FROM artwork_sizes a JOIN artworks w ON w.sha256 = a.sha256 WHERE w.id = $id")" = 2 ]
check "thumbnail and display size made at once" 0 $?

start_server img "$tmp/i.db" --insecure-cookies || exit 1
base="http://127.0.0.1:$port"
sign_in ther1 "$PW"
mapfile -t T1 < <(as ther1)
req "thumbnail" 200 GET "/api/v1/clients/img-01/artworks/$id/image?size=thumb" "${T1[@]}"
header "a JPEG" '^Content-Type: image/jpeg'
header "cached privately for a year" '^Cache-Control: private, max-age=31536000, immutable'
header "an ETag naming the size" '^ETag: "[0-9a-f]{64}-thumb"'
cp "$tmp/body" "$tmp/thumb.jpg"
[ "$(identify -format '%wx%h' "$tmp/thumb.jpg")" = 256x192 ]; check "the thumbnail is upright, 256 wide" 0 $?
exiftool -s "$tmp/thumb.jpg" | grep -qi "GPS\|Serial\|PhoneCo"; check "the thumbnail carries no metadata" 1 $?
# the red block: stored top left, upright top right
[ "$(convert "$tmp/thumb.jpg" -crop 1x1+245+10 -format '%[fx:r>0.7 && g<0.3]' info:)" = 1 ]
check "red at the upright top right" 0 $?
etag=$(tr -d '\r' <"$tmp/hdr" | sed -n 's/^ETag: //Ip')
req "the browser has it" 304 GET "/api/v1/clients/img-01/artworks/$id/image?size=thumb" "${T1[@]}" -H "If-None-Match: $etag"
req "display size" 200 GET "/api/v1/clients/img-01/artworks/$id/image?size=display" "${T1[@]}"
[ "$(identify -format '%wx%h' "$tmp/body")" = 640x480 ]; check "display size upright (no upscaling)" 0 $?
req "a bad size" 400 GET "/api/v1/clients/img-01/artworks/$id/image?size=huge" "${T1[@]}"
req "original" 200 GET "/api/v1/clients/img-01/artworks/$id/image" "${T1[@]}"
cmp -s "$tmp/body" "$tmp/stored.jpg"; check "the original served is the stored, cleaned bytes" 0 $?

# the computer-assisted formal elements: the red block is 100x100 of 480x640, one colour
req "formal elements" 200 GET "/api/v1/clients/img-01/artworks/$id/formal" "${T1[@]}"
json "labelled computer-assisted" '"computer_assisted":true'
json "never a FEATS score or a diagnosis" 'not a FEATS score, a diagnosis, a risk or an indicator'
[ "$(jq -r '.space_used * 1000 | round' "$tmp/body")" -ge 29 ] && [ "$(jq -r '.space_used * 1000 | round' "$tmp/body")" -le 37 ]
check "space used about 3.3 %" 0 $?
[ "$(jq -r '.colours | length' "$tmp/body")" = 1 ]; check "one colour" 0 $?
[ "$(jq -r '.colours[0].name' "$tmp/body")" = red ]; check "named red" 0 $?
[ "$(jq -r '.bbox[0] > 300 and .bbox[1] < 20' "$tmp/body")" = true ]; check "the marks are top right, upright" 0 $?
json "each figure explained" '"space_used":"How much of the page carries marks'

# the sheet on a table, photographed at an angle: found, flattened, and what analysis reads
convert -size 1200x900 "xc:rgb(96,78,64)" -fill "rgb(245,243,238)" \
  -draw "polygon 180,120 1010,150 1060,800 130,770" -fill "rgb(30,60,190)" \
  -draw "circle 600,450 600,530" -quality 90 "$tmp/table.jpg"
EASEL_DB=$tmp/i.db EASEL_USER=ther1 "$easel" artwork add "$sid" "$tmp/table.jpg" --consent record --title "Blue sun" >"$tmp/out" 2>"$tmp/err"
check "add the photo of a sheet on a table" 0 $?
tid=$(sed -n 's/^artwork \([0-9]*\) stored.*/\1/p' "$tmp/out")
req "the sheet" 200 GET "/api/v1/clients/img-01/artworks/$tid/sheet" "${T1[@]}"
check "the sheet was found" true "$(jq -r .found "$tmp/body")"
check "found automatically (no person set it)" null "$(jq -r .set_by "$tmp/body")"
# the true corners as fractions: 0.150,0.133 0.842,0.167 0.883,0.889 0.108,0.856
near=$(jq -r '[.corners[] ] as $c | [[0.150,0.133],[0.842,0.167],[0.883,0.889],[0.108,0.856]] as $t
  | [range(0;4) | (($c[.][0]-$t[.][0])|fabs) < 0.012 and (($c[.][1]-$t[.][1])|fabs) < 0.012] | all' "$tmp/body")
check "each corner within 1.2 % of the photo of the truth" true "$near"
req "the flattened sheet" 200 GET "/api/v1/clients/img-01/artworks/$tid/image?size=flat" "${T1[@]}"
cp "$tmp/body" "$tmp/flat.jpg"
# no table left: every border pixel of the flattened sheet is light
[ "$(convert "$tmp/flat.jpg" -shave 3x3 -bordercolor black -border 0 -crop 100%x2+0+0 -format '%[fx:minima.intensity > 0.75]' info:)" = 1 ]
check "the flattened top edge is paper, not table" 0 $?
req "formal elements of the flattened sheet" 200 GET "/api/v1/clients/img-01/artworks/$tid/formal" "${T1[@]}"
space=$(jq -r '.space_used * 1000 | round' "$tmp/body")
# the disc: pi 80^2 of a sheet of about 880 x 650 px (the quad's area in the photo): 3.5 %
[ "$space" -ge 28 ] && [ "$space" -le 44 ]; check "space used of the sheet, not the photo (got $space per mille)" 0 $?
jq -r '.colours[0].name' "$tmp/body" | grep -q blue; check "the disc is blue" 0 $?
# the therapist drags the corners
req "corners out of order" 400 PUT "/api/v1/clients/img-01/artworks/$tid/sheet" "${T1[@]}" -H 'Content-Type: application/json' \
  -d '{"corners":[[0.84,0.17],[0.15,0.13],[0.88,0.89],[0.11,0.86]]}'
json "the corners named" '"field":"corners"'
req "corners set by hand" 200 PUT "/api/v1/clients/img-01/artworks/$tid/sheet" "${T1[@]}" -H 'Content-Type: application/json' \
  -d '{"corners":[[0.16,0.14],[0.84,0.17],[0.88,0.88],[0.11,0.85]]}'
check "who set them, by name" "Theo" "$(jq -r .set_by "$tmp/body")"
check "the corners kept" 0.16 "$(jq -r '.corners[0][0]' "$tmp/body")"
check "the hand-set corners are audited" 1 "$(sqlite3 "$tmp/i.db" "SELECT COUNT(*) FROM audit_log WHERE action = 'update' AND record_type = 'artwork-sheet' AND record_id = '$tid'")"
req "the new flattened sheet" 200 GET "/api/v1/clients/img-01/artworks/$tid/image?size=flat" "${T1[@]}"
header "its ETag names when the corners were set" '^ETag: "[0-9a-f]{64}-flat-[0-9]{13}"'
header "the flattened sheet is checked again, not kept blindly" '^Cache-Control: private, no-cache'
req "its gallery tile" 200 GET "/api/v1/clients/img-01/artworks/$tid/image?size=flat-thumb" "${T1[@]}"
[ "$(identify -format '%w' "$tmp/body")" = 256 ]; check "the tile is 256 wide" 0 $?
req "find them again" 200 PUT "/api/v1/clients/img-01/artworks/$tid/sheet" "${T1[@]}" -H 'Content-Type: application/json' -d '{"corners":null}'
check "found again" null "$(jq -r .set_by "$tmp/body")"

echo "image_ingest_test: $pass passed, $fail failed"
[ "$fail" = 0 ]
