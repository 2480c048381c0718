#!/usr/bin/env bash
# install-tensorboard.sh VENV: installs the TensorBoard pinned in scripts/tensorboard-pip.txt
# into the virtual environment VENV. Safe to rerun: when the pinned version is there it changes
# nothing and needs no network.
set -euo pipefail
venv=${1:?usage: install-tensorboard.sh VENV}
pins="$(dirname "$0")/tensorboard-pip.txt"
pinned=$(sed -n 's/^tensorboard==//p' "$pins")
installed=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("tensorboard"))' 2>/dev/null || true)
if [ "$installed" = "$pinned" ]; then
  echo "deps: tensorboard $pinned is installed in $venv"
  exit 0
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" ||
  { echo "deps: python3 cannot make a virtual environment (Debian: apt-get install python3-venv)" >&2; exit 2; }
echo "deps: installing tensorboard $pinned into $venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$pins"
