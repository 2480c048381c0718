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
#   VISIBILITY, NAME_SUFFIX   Gradescope visibility and a suffix for every test's name
#   JUDGE        a prebuilt judge to use instead of building one
#   GRADE_AS     compile the submission and run its probes as this unprivileged user
#                (Gradescope: the grader runs as root and must not run student code so)
#   JUDGE_FLAGS  more flags for the judge
set -uo pipefail
part=${1:-}
submission=${2:-student}
build=${BUILD_DIR:-build}
fixtures=${FIXTURES:-solutions_visible.json}
if [ -n "${FIXTURES:-}" ]; then hints=${HINTS:-}; else hints=${HINTS:-tests/hints/visible.json}; fi
case "$part" in
  main) file=submitted.cpp; results=results.json ;;
  extra) file=extra.cpp; results=results_extra.json ;;
  *) echo "usage: grade.sh main|extra [SUBMISSION_DIR]" >&2; exit 2 ;;
esac
[ -d "$submission" ] || { echo "grade: no folder $submission" >&2; exit 2; }
[ -f "$submission/$file" ] || { echo "grade: $submission has no $file" >&2; exit 2; }
shown=$submission/$file  # as the caller named it
submission=$(cd "$submission" && pwd)
cd "$(dirname "$0")/.."  # BUILD_DIR, FIXTURES and HINTS are relative to the repository
[ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ] ||
  { echo "grade: $build is not configured (run make test)" >&2; exit 2; }

cmake -E make_directory "$build/submission"
cmake -E copy_if_different "$submission/$file" "$build/submission/$file"
# The judge is framework code: if it does not build, that is the course's problem, not a grade.
judge_program=${JUDGE:-$build/grader/judge}
if [ -z "${JUDGE:-}" ]; then
  cmake --build "$build" --target judge > "$build/judge_build.log" 2>&1 ||
    { cat "$build/judge_build.log" >&2; echo "grade: the grader itself did not build" >&2; exit 2; }
fi

judge=("$judge_program" --part "$part" --fixtures "$fixtures" --results "$build/$results"
       --label "$shown" --visibility "${VISIBILITY:-visible}" ${NAME_SUFFIX:+--name-suffix "$NAME_SUFFIX"}
       ${hints:+--hints "$hints"} ${GRADE_AS:+--run-as "$GRADE_AS"} ${JUDGE_FLAGS:-})
as_grader=()
[ -z "${GRADE_AS:-}" ] || as_grader=(runuser -u "$GRADE_AS" --)
compile_log="$build/submission/compile_$part.log"
# The source check on clang's syntax tree, where clang's tools are installed (see
# grader/CMakeLists.txt); else the judge reads the text.
scan=$build/grader/clang/scan.sh
framework=(probe_main "tasks_${part}_student" probe_support)
[ -x "$scan" ] && framework+=(source_check)
# Everything the probe links but the submission: a failure here is the framework's, not a grade.
if ! "${as_grader[@]}" cmake --build "$build" --target "${framework[@]}" \
    > "$compile_log" 2>&1; then
  cat "$compile_log" >&2
  echo "grade: the grader's probe framework did not build (see above)" >&2
  exit 2
fi
echo "Compiling $shown ..."
scanned=()
if [ -x "$scan" ]; then  # beside the compile, on the other core
  "${as_grader[@]}" "$scan" "$submission/$file" "$build/submission/clang_$part" &
  scanned=(--clang-scan "$build/submission/clang_$part")
fi
if "${as_grader[@]}" cmake --build "$build" --target "probe_student_$part" > "$compile_log" 2>&1; then
  wait
  exec "${judge[@]}" --probe "$build/probes/probe_student_$part" --source "$submission/$file" "${scanned[@]}"
else
  wait  # the scan too, so nothing of this grading still runs after it
  exec "${judge[@]}" --compile-log "$compile_log"
fi
