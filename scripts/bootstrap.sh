#!/usr/bin/env bash
# Installs what conflictmap needs and is missing, then nothing more: a second run takes seconds.
#   scripts/bootstrap.sh            system libraries (GDAL, SpatiaLite) + .venv + pip packages
#   scripts/bootstrap.sh --browser  the same, plus Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

packages=(gdal-bin libsqlite3-mod-spatialite python3-venv)
[[ "${1:-}" == "--browser" ]] && packages+=(chromium)

install_debian_packages() {
  if ! command -v dpkg-query >/dev/null; then
    say "not a Debian/Ubuntu system: make sure GDAL, GEOS, PROJ and SpatiaLite are installed."
    return
  fi
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
    || { "${sudo[@]}" apt-get update -qq \
         && "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; } \
    || die "could not install ${missing[*]} (apt-get failed; see above)"
}

# SpatiaLite is an SQLite extension: the Python must be >= 3.11 and built with extension loading
# (pyenv's default build is not; Debian's /usr/bin/python3 is).
python_is_usable() {
  "$1" - <<'PY' 2>/dev/null
import sqlite3, sys, ensurepip, venv
assert sys.version_info >= (3, 11)
sqlite3.connect(":memory:").enable_load_extension(True)
PY
}

choose_python() {
  local candidate
  for candidate in ${PYTHON:-} /usr/bin/python3.11 /usr/bin/python3 python3.11 python3; do
    if command -v "$candidate" >/dev/null && python_is_usable "$(command -v "$candidate")"; then
      command -v "$candidate"
      return
    fi
  done
  die "no Python >= 3.11 that can load SQLite extensions (needed for SpatiaLite). Install
Debian's python3 and python3-venv, or point PYTHON= at such an interpreter."
}

make_venv() {
  if [[ -x .venv/bin/python ]] && python_is_usable .venv/bin/python; then
    return
  fi
  local python
  python=$(choose_python)
  say "creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
}

install_python_packages() {
  local stamp=.venv/.requirements.sha256 wanted
  wanted=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$wanted" ]] && return
  say "installing Python packages (requirements-dev.txt)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$wanted" > "$stamp"
}

install_debian_packages
make_venv
install_python_packages
