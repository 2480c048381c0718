#!/usr/bin/env bash
# install-pinned.sh VENV PINS: installs the package pinned in the pip requirements file PINS (its
# line NAME==VERSION) into the virtual environment VENV: `make deps` uses it for TensorBoard
# (scripts/tensorboard-pip.txt) and, with TORCH=pip, for LibTorch 2.x (scripts/torch-pip.txt).
# Safe to rerun: when the pinned version is there it changes nothing and needs no network.
set -euo pipefail
usage="usage: install-pinned.sh VENV PINS"
venv=${1:?$usage}
pins=${2:?$usage}
read -r name pinned < <(sed -n 's/^\([A-Za-z0-9_.-]*\)==\(.*\)$/\1 \2/p' "$pins")
installed=$("$venv/bin/python" -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)
if [ "$installed" = "$pinned" ]; then
  echo "deps: $name $pinned is installed in $venv"
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" ||
  { echo "deps: python3 cannot make a virtual environment (Debian: apt-get install python3-venv)" >&2; exit 2; }
echo "deps: installing $name $pinned into $venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$pins"
