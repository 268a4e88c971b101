#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, only if something is missing.
set -euo pipefail
# binutils: objdump and strip, which PyInstaller needs on Linux (installers/).
needed=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 libcups2 binutils)
# The dashboard's browser tests drive Debian's headless Chromium through its WebDriver.
needed+=(chromium chromium-driver)
# LibreOffice Calc opens the exported .xlsx in the tests (`soffice --headless --convert-to
# csv`). Without its recommends (Java, help, extra fonts): about 60 packages instead of 300.
# Not the -nogui flavour: it would replace a desktop LibreOffice on a developer's machine.
lean=(libreoffice-calc)
missing=()
missing_lean=()
for pkg in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
for pkg in "${lean[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing_lean+=("$pkg")
done
if [ $((${#missing[@]} + ${#missing_lean[@]})) -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Faltan paquetes del sistema: ${missing[*]} ${missing_lean[*]} (instálelos con apt-get)" >&2
    exit 1
  fi
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ ${#missing_lean[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing_lean[@]}" >/dev/null
  fi
fi
