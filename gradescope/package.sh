#!/usr/bin/env bash
# package.sh OUT.zip: the Gradescope autograder, every tracked file of this repository with
# setup.sh and run_autograder at the zip's root (Gradescope unpacks it to /autograder/source).
set -euo pipefail
out=$(realpath -m "${1:?usage: package.sh OUT.zip}")
cd "$(dirname "$0")/.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$stage"
cp gradescope/setup.sh gradescope/run_autograder "$stage/"
mkdir -p "$(dirname "$out")" && rm -f "$out"
(cd "$stage" && cmake -E tar cf "$out" --format=zip -- $(ls -A))
echo "wrote $out"
