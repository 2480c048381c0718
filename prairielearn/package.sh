#!/usr/bin/env bash
# package.sh OUT_DIR: what a PrairieLearn course needs to grade this assignment externally.
#   OUT_DIR/image/      the image's build context: this repository's tracked files, with the
#                       Dockerfile at its root (docker build -t REGISTRY/recurrent-video-grader OUT_DIR/image)
#   OUT_DIR/question/   the two questions (main, extra), to copy into the course's questions/;
#                       set "image" in each info.json to where the image was pushed
set -euo pipefail
out=$(realpath -m "${1:?usage: package.sh OUT_DIR}")
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out/image" "$out/question"
git ls-files -z | xargs -0 cp --parents -t "$out/image"
cp prairielearn/Dockerfile "$out/image/Dockerfile"
cp -r prairielearn/questions/main prairielearn/questions/extra "$out/question/"
echo "wrote $out/image (docker build -t REGISTRY/recurrent-video-grader $out/image) and $out/question/"
