#!/usr/bin/env bash
# grade.sh main|extra [SUBMISSION_DIR]
#
# Grades student/submitted.cpp (main) or student/extra.cpp (extra), or the same file in
# SUBMISSION_DIR, left untouched. A file that does not compile scores 0 with the compiler's
# first errors in the report. Environment: BUILD_DIR (default build), FIXTURES (default
# solutions_visible.json), JUDGE_FLAGS (more flags for the judge).
set -uo pipefail
part=${1:-}
submission=${2:-student}
build=${BUILD_DIR:-build}
fixtures=${FIXTURES:-solutions_visible.json}
case "$part" in
  main) file=submitted.cpp; results=results.json ;;
  extra) file=extra.cpp; results=results_extra.json ;;
  *) echo "usage: grade.sh main|extra [SUBMISSION_DIR]" >&2; exit 2 ;;
esac
[ -d "$submission" ] || { echo "grade: no folder $submission" >&2; exit 2; }
[ -f "$submission/$file" ] || { echo "grade: $submission has no $file" >&2; exit 2; }
[ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ] ||
  { echo "grade: $build is not configured (run make test)" >&2; exit 2; }

cmake -E make_directory "$build/submission"
cmake -E copy_if_different "$submission/$file" "$build/submission/$file"
# The judge is framework code: if it does not build, that is the course's problem, not a grade.
cmake --build "$build" --target judge > "$build/judge_build.log" 2>&1 ||
  { cat "$build/judge_build.log" >&2; echo "grade: the grader itself did not build" >&2; exit 2; }

judge=("$build/grader/judge" --part "$part" --fixtures "$fixtures" --results "$build/$results"
       --label "$submission/$file" ${JUDGE_FLAGS:-})
compile_log="$build/submission/compile_$part.log"
echo "Compiling $submission/$file ..."
if cmake --build "$build" --target "probe_student_$part" > "$compile_log" 2>&1; then
  exec "${judge[@]}" --probe "$build/probes/probe_student_$part" --source "$submission/$file"
else
  exec "${judge[@]}" --compile-log "$compile_log"
fi
