#!/usr/bin/env bash
# Install everything the test suite needs, then run it. Used by .ci/run and by newcomers.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(chromium fonts-noto-cjk nginx rsync openssh-server openssh-client default-jre-headless libreoffice-writer-nogui)
missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [ -f tests/package.json ]; then
  npm install --prefix tests --no-audit --no-fund --silent
fi
python3 -m pytest "$@"
