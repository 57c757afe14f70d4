#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine: system packages
# (fonts, PDF tools, gettext, Chromium, Java for the HTML checker), the Python
# virtual environment with the project and its test tools, and the npm tools
# used by the accessibility tests. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

need_apt=()
want() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || need_apt+=("$1"); }
# PDF rendering and checking; fonts for Latin, Arabic and Chinese; gettext's msgfmt.
# zbar-tools: zbarimg reads the PDFs' QR codes back in the tests. liblouis-bin: liblouis and
# its tables, for braille (leaflets/louis.py). Audio: espeak-ng (the synthetic voice, offline)
# and ffmpeg (ffprobe, loudness, MP3).
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils qpdf gettext \
           fonts-noto-core fonts-noto-cjk chromium zbar-tools liblouis-bin espeak-ng ffmpeg; do
  want "$pkg"
done
# PyICU (the A-Z pages' collation and alphabets) is built from source against ICU.
for pkg in libicu-dev pkg-config g++; do want "$pkg"; done
python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  || need_apt+=(python3-dev)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
# Debian's own Python needs python3-venv for `python3 -m venv`.
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing system packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
"$VENV/bin/python" -m pip install -q -e '.[test]'

if [ -f tests/a11y/package.json ]; then
  (cd tests/a11y && npm ci --silent --no-audit --no-fund)
fi
echo "setup: done"
