#!/usr/bin/env bash
# package-handout.sh OUT.zip: what students get. An allow-list, so a file added for course
# staff (the reference, hidden fixtures, solution patches) stays out unless named here.
# docs/handout.md becomes the handout's README.md. HINT_LEVEL (mistake, nudge or numbers;
# default nudge) cuts the shipped hints file to what that level says, so that a student's
# `make test` can say no more than the course's grading does.
set -euo pipefail
out=$(realpath -m "${1:?usage: package-handout.sh OUT.zip}")
cd "$(dirname "$0")/.."
source grader/lib.sh
check_hint_level "${HINT_LEVEL:-nudge}" package-handout.sh || exit 2
shipped=(CMakeLists.txt Makefile .gitignore cmake layers student grader solutions_visible.json
         tests/graded tests/hints/visible.json scripts/install-deps.sh scripts/debian-packages.txt
         scripts/install-pinned.sh scripts/torch-pip.txt scripts/tensorboard-pip.txt
         scripts/bench-grade-loop.sh common mocogan convlstm docs/mocogan.md docs/convlstm.md)
top=recurrent-video
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$top"
# The similarity check stays with the course: with it a student could tune a disguise.
git ls-files -z -- "${shipped[@]}" ':!grader/similarity' ':!grader/similarity.sh' |
  xargs -0 cp --parents -t "$stage/$top"
cp docs/handout.md "$stage/$top/README.md"
hints=$stage/$top/tests/hints/visible.json
cut_hints "${HINT_LEVEL:-nudge}" tests/hints/visible.json > "$hints"
mkdir -p "$(dirname "$out")" && rm -f "$out"
(cd "$stage" && cmake -E tar cf "$out" --format=zip -- "$top")
echo "wrote $out"
