#!/bin/sh
# Installs the Debian packages Parallax needs to build and test.
# Idempotent: installs only what is missing; uses sudo when not root.
set -eu

PKGS="build-essential pkg-config
libutf8proc-dev libstemmer-dev libxml2-dev libsqlite3-dev zlib1g-dev
libxxhash-dev libjansson-dev libcmocka-dev"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
