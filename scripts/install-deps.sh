#!/bin/sh
# Installs the Debian packages Parallax needs to build and test.
# Idempotent: installs only what is missing; uses sudo when not root.
#   --browser  also installs chromium, which tests/html/run.sh uses to render
#              the HTML report headless (the test is skipped without it)
set -eu

PKGS="build-essential pkg-config
libutf8proc-dev libstemmer-dev libxml2-dev libsqlite3-dev zlib1g-dev
libxxhash-dev libjansson-dev libcmocka-dev"

for arg in "$@"; do
    case "$arg" in
    --browser) PKGS="$PKGS chromium" ;;
    *) echo "usage: install-deps.sh [--browser]" >&2; exit 2 ;;
    esac
done

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
