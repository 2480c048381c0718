#!/usr/bin/env bash
# package.sh OUT.zip: the Gradescope autograder, every tracked file of this repository with
# setup.sh and run_autograder at the zip's root (Gradescope unpacks it to /autograder/source).
# HINT_LEVEL (mistake, nudge or numbers; default nudge) is what its hints say, written into
# the zip's autograder.conf, which run_autograder reads.
set -euo pipefail
out=$(realpath -m "${1:?usage: package.sh OUT.zip}")
cd "$(dirname "$0")/.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$stage"
cp gradescope/setup.sh gradescope/run_autograder "$stage/"
source grader/lib.sh
check_hint_level "${HINT_LEVEL:-nudge}" package.sh || exit 2
printf 'HINT_LEVEL=%s\n' "${HINT_LEVEL:-nudge}" > "$stage/autograder.conf"
mkdir -p "$(dirname "$out")" && rm -f "$out"
(cd "$stage" && cmake -E tar cf "$out" --format=zip -- $(ls -A))
echo "wrote $out"
