#!/usr/bin/env bash
# Debian's Chromium for the dashboard tests (Playwright's own browser download cannot work offline).
# Installs it with apt when it is missing: as root directly, otherwise through sudo when sudo is there.
# Where it cannot be installed this says so; the browser tests then skip, except under CI=true, where both
# this script and the tests fail.
set -u
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
else
    echo "install_chromium: chromium is missing and this user cannot install it (run: apt-get install -y chromium)" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -qq && $as_root apt-get install -y -qq chromium >/dev/null
