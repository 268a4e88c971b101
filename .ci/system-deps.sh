#!/usr/bin/env bash
# Installs the Debian packages Sesiona needs, only those missing (idempotent).
#   system-deps.sh        what Qt needs to show the app's window (`make run`)
#   system-deps.sh --test that, plus what the test suite uses (`make test`)
#   system-deps.sh --list prints the first list and installs nothing
# Another apt (unattended upgrades, a software centre) may hold the lock: wait for it
# instead of failing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# The one list of Qt's runtime libraries, also the .deb's dependencies.
mapfile -t needed < <(grep -v '^#' "$here/../installers/linux/qt-runtime-packages.txt" | sed '/^\s*$/d')
lean=()
if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${needed[@]}"
  exit 0
fi
if [ "${1:-}" = "--test" ]; then
  # binutils: objdump and strip, which PyInstaller needs on Linux (installers/).
  needed+=(binutils)
  # The dashboard's browser tests drive Debian's headless Chromium through its WebDriver.
  needed+=(chromium chromium-driver)
  # pdftoppm renders PDFs to images in the tests that look at a printed page.
  needed+=(poppler-utils)
  # LibreOffice Calc opens the exported .xlsx in the tests (`soffice --headless --convert-to
  # csv`). Without its recommends (Java, help, extra fonts): about 60 packages instead of 300.
  # Not the -nogui flavour: it would replace a desktop LibreOffice on a developer's machine.
  lean=(libreoffice-calc)
fi

missing() {
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}
mapfile -t missing_needed < <(missing "${needed[@]}")
mapfile -t missing_lean < <(missing "${lean[@]}")
[ $((${#missing_needed[@]} + ${#missing_lean[@]})) -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Faltan paquetes del sistema: ${missing_needed[*]} ${missing_lean[*]}" \
       "(instálelos con: sudo apt-get install ${missing_needed[*]} ${missing_lean[*]})" >&2
  exit 1
fi

# Wait up to 10 minutes for another apt or dpkg to finish.
apt_wait=(-o DPkg::Lock::Timeout=600)
for _ in $(seq 1 120); do
  apt-get "${apt_wait[@]}" update -qq && break
  echo "Otro programa está usando apt; esperando…" >&2
  sleep 5
done
if [ ${#missing_needed[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq \
    "${missing_needed[@]}" >/dev/null
fi
if [ ${#missing_lean[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq \
    --no-install-recommends "${missing_lean[@]}" >/dev/null
fi
