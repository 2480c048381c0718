#!/usr/bin/env bash
# Installs the Debian packages in scripts/debian-packages.txt that are missing. Safe to rerun:
# when everything is there it changes nothing and needs no network.
set -euo pipefail
list="$(dirname "$0")/debian-packages.txt"
missing=()
while read -r package; do
  case "$package" in ''|'#'*) continue ;; esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done < "$list"
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all $(grep -cv '^\(#\|$\)' "$list") packages are installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
