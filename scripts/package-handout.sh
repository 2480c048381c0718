#!/usr/bin/env bash
# package-handout.sh OUT.zip: what students get. An allow-list, so a file added for course
# staff (the reference, hidden fixtures, solution patches) stays out unless named here.
# docs/handout.md becomes the handout's README.md.
set -euo pipefail
out=$(realpath -m "${1:?usage: package-handout.sh OUT.zip}")
cd "$(dirname "$0")/.."
shipped=(CMakeLists.txt Makefile .gitignore cmake layers student grader solutions_visible.json
         tests/graded tests/hints/visible.json scripts/install-deps.sh scripts/debian-packages.txt
         scripts/install-pinned.sh scripts/torch-pip.txt scripts/tensorboard-pip.txt
         scripts/bench-grade-loop.sh common mocogan convlstm docs/mocogan.md docs/convlstm.md)
top=recurrent-video
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$top"
git ls-files -z -- "${shipped[@]}" | xargs -0 cp --parents -t "$stage/$top"
cp docs/handout.md "$stage/$top/README.md"
mkdir -p "$(dirname "$out")" && rm -f "$out"
(cd "$stage" && cmake -E tar cf "$out" --format=zip -- "$top")
echo "wrote $out"
