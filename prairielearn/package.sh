#!/usr/bin/env bash
# package.sh OUT_DIR: what a PrairieLearn course needs to grade this assignment externally.
# PrairieLearn pulls only public images, so the image holds what students already have (the
# handout, scripts/package-handout.sh's allow-list: no solution, no hidden fixtures), and what
# must stay secret travels in the course's private repository:
#   OUT_DIR/image/               the image's build context: the handout, the entrypoint and the
#                                Dockerfile (docker build -t REGISTRY/recurrent-video-grader OUT_DIR/image)
#   OUT_DIR/serverFilesCourse/   the hidden fixtures and their hints: copy into the course's
#                                serverFilesCourse/
#   OUT_DIR/questions/           the two questions (main, extra; info.json from questions/, the page
#                                from question.html.in), for the course's questions/;
#                                set "image" in each info.json to where the image was pushed
# HINT_LEVEL (mistake, nudge or numbers; default nudge) cuts both hints files and is written
# into the questions' environment.
set -euo pipefail
out=$(realpath -m "${1:?usage: package.sh OUT_DIR}")
cd "$(dirname "$0")/.."
source grader/lib.sh
level=${HINT_LEVEL:-nudge}
check_hint_level "$level" package.sh || exit 2
# Only a folder this script made (or none) is replaced.
if [ -e "$out" ] && [ ! -f "$out/.prairielearn-package" ] && [ -n "$(ls -A "$out")" ]; then
  echo "package.sh: $out exists and was not made by this script: name a new folder" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$out/image" "$out/serverFilesCourse/recurrent_video" "$out/questions"
touch "$out/.prairielearn-package"
HINT_LEVEL=$level scripts/package-handout.sh "$out/handout.zip" > /dev/null
(cd "$out" && cmake -E tar xf handout.zip && cp -a recurrent-video/. image/ && rm -rf recurrent-video handout.zip)
install -D -m 755 prairielearn/run_grader "$out/image/prairielearn/run_grader"
cp prairielearn/Dockerfile "$out/image/Dockerfile"
cp tests/hidden/solutions_hidden.json "$out/serverFilesCourse/recurrent_video/"
cut_hints "$level" tests/hints/hidden.json > "$out/serverFilesCourse/recurrent_video/hints_hidden.json"
for part in "${parts[@]}"; do
  mkdir -p "$out/questions/$part"
  command=test
  [ "$part" = main ] || command=$part  # make extra
  sed -e "s/@FILE@/$(part_file "$part")/g" -e "s/@COMMAND@/$command/g" prairielearn/question.html.in \
    > "$out/questions/$part/question.html"
  jq --arg level "$level" '.externalGradingOptions.environment.HINT_LEVEL = $level' \
    "prairielearn/questions/$part/info.json" > "$out/questions/$part/info.json"
done
echo "wrote $out: image/ (docker build -t REGISTRY/recurrent-video-grader $out/image), serverFilesCourse/, questions/"
