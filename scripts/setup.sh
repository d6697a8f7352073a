#!/usr/bin/env bash
# Installs everything the generator needs on a fresh Debian machine: system libraries
# (Pango, HarfBuzz subsetting, Noto CJK fonts, Graphviz), then the Python package.
# Usage: scripts/setup.sh [--test]   (--test adds the test tools: chromium, poppler, LibreOffice)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

apt_pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
          fonts-noto-cjk graphviz)
if [ "$want_test" = 1 ]; then
  apt_pkgs+=(chromium chromium-driver poppler-utils libreoffice-writer-nogui)
fi

# Debian's own python3 needs python3-venv for `python3 -m venv`; other Pythons bring it.
python3 -c "import ensurepip, venv" 2>/dev/null || apt_pkgs+=(python3-venv)

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q -e .
fi
