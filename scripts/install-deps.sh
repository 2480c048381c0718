#!/usr/bin/env bash
# install-deps.sh [LIST...]
# Installs the Debian packages of the lists (default: scripts/debian-packages.txt) that are
# missing. Safe to rerun: when everything is there it changes nothing and needs no network.
set -euo pipefail
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=("$(dirname "$0")/debian-packages.txt")
missing=()
wanted=0
for list in "${lists[@]}"; do
  while read -r package; do
    case "$package" in ''|'#'*) continue ;; esac
    wanted=$((wanted + 1))
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done < "$list"
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all $wanted packages are installed"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
