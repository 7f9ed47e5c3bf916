#!/usr/bin/env bash
# Install the Debian 12 packages easel needs to build, test and fuzz. Idempotent.
set -euo pipefail
pkgs=(cmake ninja-build pkg-config gcc clang clang-format clang-tidy libclang-rt-14-dev
      libjansson-dev libcmocka-dev valgrind
      postgresql-15 libpq-dev libsqlite3-dev sqlite3 postgresql-client-15
      libmicrohttpd-dev libsodium-dev curl
      libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk poppler-utils qpdf
      libxml2-utils jq chromium imagemagick
      libturbojpeg0-dev libspng-dev libexif-dev libimage-exiftool-perl groff-base dpkg-dev
      nginx-light openssl) # nginx and openssl: scripts/clinic.sh runs its own nginx, never the service
# the browser tests (tests/e2e) need node >= 18 and npm: Debian 12's nodejs 18 unless a node is
# already installed (the CI image has node 20)
if ! command -v node >/dev/null; then pkgs+=(nodejs npm); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
