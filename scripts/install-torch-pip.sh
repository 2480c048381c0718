#!/usr/bin/env bash
# install-torch-pip.sh VENV: installs the torch wheel pinned in scripts/torch-pip.txt (LibTorch
# 2.x with CUDA) into the virtual environment VENV, for `make ... TORCH=pip`. Safe to rerun:
# when the pinned version is there it changes nothing and needs no network.
set -euo pipefail
venv=${1:?usage: install-torch-pip.sh VENV}
pins="$(dirname "$0")/torch-pip.txt"
pinned=$(sed -n 's/^torch==//p' "$pins")
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("torch"))' 2>/dev/null || true)
if [ "$installed" = "$pinned" ]; then
  echo "deps: torch $pinned is installed in $venv"
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" ||
  { echo "deps: python3 cannot make a virtual environment (Debian: apt-get install python3-venv)" >&2; exit 2; }
echo "deps: installing torch $pinned with CUDA into $venv (4.6 GB with its CUDA libraries)"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$pins"
