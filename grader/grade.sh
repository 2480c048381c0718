#!/usr/bin/env bash
# grade.sh main|extra [SUBMISSION_DIR]
#
# Grades student/submitted.cpp (main) or student/extra.cpp (extra), or the same file in
# SUBMISSION_DIR, left untouched. A file that does not compile scores 0 with the compiler's
# first errors in the report. Environment (paths relative to the repository):
#   BUILD_DIR    the build folder (default build)
#   FIXTURES     the fixture file (default solutions_visible.json)
#   HINTS        known mistakes' outputs on those fixtures (default, with the default
#                fixtures: tests/hints/visible.json)
#   HINT_LEVEL   what a hint says: mistake, nudge (the judge's default) or numbers
#   VISIBILITY, NAME_SUFFIX   Gradescope visibility and a suffix for every test's name
#   JUDGE        a prebuilt judge to use instead of building one
#   RESULTS      where the judge writes its results (default: results.json, or
#                results_extra.json, in the build folder)
#   GRADE_AS     compile the submission and run its probes as this unprivileged user
#                (Gradescope: the grader runs as root and must not run student code so)
# The judge compiles, checks and links the submission in its sandbox, with limits; see
# grader/judge/submission_build.h. Each grading stages the file, its object and its probe in a
# folder of its own under BUILD_DIR/gradings/, removed after, so gradings run side by side from
# one build folder.
#   JUDGE_FLAGS  more flags for the judge
set -uo pipefail
part=${1:-}
submission=${2:-student}
build=${BUILD_DIR:-build}
fixtures=${FIXTURES:-solutions_visible.json}
if [ -n "${FIXTURES:-}" ]; then hints=${HINTS:-}; else hints=${HINTS:-tests/hints/visible.json}; fi
source "$(dirname "$0")/lib.sh"
file=$(part_file "$part") && results=$(part_results "$part") ||
  { echo "usage: grade.sh main|extra [SUBMISSION_DIR]" >&2; exit 2; }
named() { printf '%q' "$1"; }  # a name as the terminal may show it, whatever bytes it holds
# Ninja's "[3/57] Building ..." lines as progress: one line redrawn on a terminal, every tenth
# step elsewhere (a log).
show_build_progress() {
  local line
  while IFS= read -r line; do
    [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ (.*)$ ]] || continue
    if [ -t 1 ]; then
      printf '\r\033[K  %s of %s: %.70s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
    elif (( BASH_REMATCH[1] % 10 == 0 || BASH_REMATCH[1] == BASH_REMATCH[2] )); then
      printf '  %s of %s: %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
    fi
  done
  if [ -t 1 ]; then printf '\r\033[K'; fi
}
[ -d "$submission" ] || { echo "grade: no folder $(named "$submission")" >&2; exit 2; }
# A link (an unpacked archive keeps them) could name a classmate's file: only the file itself.
if [ -L "$submission/$file" ] || { [ -e "$submission/$file" ] && [ ! -f "$submission/$file" ]; }; then
  echo "grade: $(named "$submission/$file") is a link or not a regular file: hand in the file itself" >&2
  exit 2
fi
[ -f "$submission/$file" ] || { echo "grade: $(named "$submission") has no $file" >&2; exit 2; }
shown=$submission/$file  # as the caller named it
submission=$(cd "$submission" && pwd)
cd "$(dirname "$0")/.."  # BUILD_DIR, FIXTURES and HINTS are relative to the repository
[ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ] ||
  { echo "grade: $build is not configured (run make test)" >&2; exit 2; }

results_file=${RESULTS:-$build/$results}
rm -f "$results_file"  # a grading that ends without a report leaves none, never the last one
# The judge and everything the probe links but the submission are framework code: if they do
# not build, that is the course's problem, not a grade. One build at a time in a build folder:
# gradings side by side wait for the first one's.
judge_program=${JUDGE:-$build/grader/judge}
if [ ! -x "$build/grader/judge" ]; then
  started=$SECONDS
  echo "Building the grader: the first time only, about a minute on 2 cores (later gradings take seconds) ..."
fi
# This grading's own folder: its file, object and probe, removed on exit. Others may pass
# through the folders (the compile, run as GRADE_AS, reads the file), not list them.
mkdir -p "$build/gradings" && chmod 711 "$build/gradings" &&
  work=$(mktemp -d "$build/gradings/XXXXXX") && chmod 711 "$work" ||
  { echo "grade: cannot make a grading folder in $build/gradings" >&2; exit 2; }
trap 'rm -rf "$work"' EXIT
flock "$build/gradings" cmake --build "$build" --target grading_framework 2>&1 |
  tee "$work/framework_build.log" | show_build_progress
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  cat "$work/framework_build.log" >&2
  echo "grade: the grader itself did not build (see above)" >&2
  exit 2
fi
# What the build system would run to compile and link the submission's probe, moved from the
# build folder's staging place (CMakeLists.txt, SUBMISSION_STAGE) to this grading's folder: the
# judge runs both itself, in the sandbox, with limits.
build=$(cd "$build" && pwd)
scan=$build/grader/clang/scan.sh  # the source check on clang's syntax tree, where clang's tools are
commands=$(cd "$build" && ninja -t commands "probe_student_$part" 2> /dev/null) ||
  { echo "grade: $build is not a Ninja build folder (make deps installs ninja; then make clean)" >&2; exit 2; }
compile=$(grep -E -- "-c [^ ]*/submission/$file\$" <<< "$commands" | tail -n 1)
link=$(tail -n 1 <<< "$commands")
staged_object=$(sed -E 's/.* -o ([^ ]+) .*/\1/' <<< "$compile")
staged_probe=$(sed -E 's/.* -o ([^ ]+) .*/\1/' <<< "$link")
install -m 644 "$submission/$file" "$work/$file" && mkdir "$work/object" "$work/probe" ||
  { echo "grade: cannot stage $(named "$shown") in $work" >&2; exit 2; }
object=$work/object/${file%.cpp}.o
probe=$work/probe/probe_student_$part
compile=${compile//"$staged_object"/"$object"}
compile=${compile//"$build/submission/$file"/"$work/$file"}
link=${link//"$staged_object"/"$object"}
link=${link//" -o $staged_probe "/" -o $probe "}
# Every path moved, or the grading stops: a command still naming the shared staging place
# would build one grading's probe where another's is.
[[ $compile == *" -o $object"* && $compile == *"$work/$file"* && $link == *" $object "* && $link == *" -o $probe "* ]] ||
  { echo "grade: the build commands of probe_student_$part did not take this grading's paths" >&2; exit 2; }
# Where the check on clang's syntax tree runs, clang compiles too, with the check's flags and
# precompiled header, into the object the link expects: the code checked is the code compiled.
if [ -x "$scan" ]; then
  compile="$(< "$build/grader/clang/compile_command.txt") -c $work/$file -o $object"
fi

[ -z "${started:-}" ] || echo "Built the grader in $((SECONDS - started)) s."
echo "Compiling $(named "$shown") ..."
"$judge_program" --part "$part" --fixtures "$fixtures" --results "$results_file" \
  --label "$shown" --visibility "${VISIBILITY:-visible}" ${NAME_SUFFIX:+--name-suffix "$NAME_SUFFIX"} \
  ${hints:+--hints "$hints"} ${HINT_LEVEL:+--hint-level "$HINT_LEVEL"} ${GRADE_AS:+--run-as "$GRADE_AS"} \
  --source "$work/$file" --build-folder "$build" \
  --compile-command "$compile" --link-command "$link" $([ -x "$scan" ] && echo --scan "$scan") ${JUDGE_FLAGS:-}
