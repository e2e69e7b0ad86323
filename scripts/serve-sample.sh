#!/usr/bin/env bash
# Install gkssg into .venv/, build the bundled sample site and serve it.
#
#     bash scripts/serve-sample.sh                 # http://127.0.0.1:8000/
#     bash scripts/serve-sample.sh --port 8080     # arguments go to `gkssg serve`
#
# Works on a stock Debian 12 / Ubuntu 24.04, whose system Python refuses
# `pip install` outside a virtual environment (PEP 668): everything is installed
# into .venv/ beside this repository's site.yaml, nothing into the system.
# Debian's python3 creates virtual environments only with the python3-venv
# package; when it is missing, this script installs it with apt-get (as root, or
# through sudo) or says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'serve-sample: %s\n' "$*" >&2; }

if ! command -v python3 >/dev/null 2>&1; then
  say "python3 is not installed; install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)"
  exit 1
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  say "gkssg needs Python 3.11 or newer; python3 is $(python3 -c 'import platform; print(platform.python_version())')"
  exit 1
fi

# A virtual environment with a working pip, or nothing (a failed attempt leaves a
# .venv/ without pip behind; it is recreated).
make_venv() {
  if [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  python3 -m venv --clear .venv && .venv/bin/python -m pip --version >/dev/null 2>&1
}

if ! make_venv; then
  rm -rf .venv
  if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      sudo=()
    elif command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "python3 cannot create a virtual environment; ask an administrator to run: apt-get install python3-venv"
      exit 1
    fi
    say "python3 cannot create a virtual environment; installing python3-venv with apt-get"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
    if ! make_venv; then
      rm -rf .venv
      say "python3 still cannot create a virtual environment after installing python3-venv"
      exit 1
    fi
  else
    say "python3 cannot create a virtual environment (python3 -m venv failed); install Python's venv module (with its ensurepip), then run this again"
    exit 1
  fi
fi

say "installing gkssg into .venv/ (the first time takes a minute)"
.venv/bin/python -m pip install --quiet --disable-pip-version-check .
.venv/bin/gkssg build
exec .venv/bin/gkssg serve "$@"
