#!/usr/bin/env bash
# grade_all.sh SUBMISSIONS_DIR [GRADES_DIR]
#
# Grades every folder in SUBMISSIONS_DIR (one per student) on both parts, WORKERS at a time
# (default: the number of cores), and writes into GRADES_DIR (default build/grades):
#   <student>/report.txt, results.json, results_extra.json   each student's grading
#   gradebook.csv                                             one row per student
#   summary.txt                                               histogram, failure rates
#   report.html                                               the class at a glance (class_report.h)
#   similarity/, similarity.log, similarity.errors             pairs sharing code (similarity.sh)
# One student's broken, hanging or hostile code never stops the run. Environment: FIXTURES,
# HINTS, HINT_LEVEL (as for grade.sh), WORKERS, BUILD_DIR (default build; workers build under it),
# JUDGE_FLAGS (after grade-all's own: `--sandbox user` or `none` where bubblewrap cannot run).
set -uo pipefail
submissions=${1:-}
main_build=${BUILD_DIR:-build}
grades=${2:-$main_build/grades}
[ -n "$submissions" ] || { echo "usage: grade_all.sh SUBMISSIONS_DIR [GRADES_DIR]" >&2; exit 2; }
[ -d "$submissions" ] || { echo "grade-all: no folder $submissions" >&2; exit 2; }
submissions=$(cd "$submissions" && pwd)
mkdir -p "$grades" && grades=$(cd "$grades" && pwd)
workers=${WORKERS:-$(nproc)}
# Each grading's processes together get their worker's share of the cores (a cgroup cap where the
# judge can make one), so one submission that spins many threads slows only itself.
cpus_each=$(awk -v cores="$(nproc)" -v workers="$workers" 'BEGIN { share = cores / workers; print (share > 0 ? share : 1) }')
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/grader/lib.sh"
[ -z "${HINT_LEVEL:-}" ] || check_hint_level "$HINT_LEVEL" grade-all || exit 2
# A worker that cannot grade at all (its build folder) leaves its name here, and grade-all then
# fails whole rather than give its students zeros.
broken=$(mktemp)
trap 'rm -f "$broken"' EXIT
cd "$here"  # BUILD_DIR, FIXTURES and HINTS are relative to the repository
# Names are data, whatever bytes they hold: NUL-separated here, after -- for the gradebook.
mapfile -d '' students < <(find "$submissions" -mindepth 1 -maxdepth 1 -type d -printf '%f\0' | sort -z)
[ ${#students[@]} -gt 0 ] || { echo "grade-all: $submissions holds no submission folders" >&2; exit 2; }
for student in "${students[@]}"; do
  case "$student" in gradebook.csv|summary.txt|report.html|similarity|similarity.log|similarity.errors)
    echo "grade-all: a submission folder is named $student, which grade-all writes itself: rename it" >&2; exit 2 ;;
  esac
done
generator=$(command -v ninja > /dev/null && echo Ninja || echo "Unix Makefiles")

# Each worker grades every workers-th student in a build folder of its own, so compiles of
# different submissions never share a staging folder.
work() {
  local worker=$1 build="$main_build/grade-all/worker-$1"
  [ -f "$build/CMakeCache.txt" ] || cmake -S "$here" -B "$build" -G "$generator" > /dev/null ||
    { echo "grade-all: cannot configure $build" >&2; echo "$build" >> "$broken"; return; }
  # Built before the first student, so no student's report holds the grader's build progress.
  cmake --build "$build" --target grading_framework > "$build/framework_build.log" 2>&1 ||
    { echo "grade-all: the grader did not build in $build (see its framework_build.log)" >&2
      echo "$build" >> "$broken"; return; }
  for ((i = worker; i < ${#students[@]}; i += workers)); do
    local student=${students[$i]} out="$grades/${students[$i]}"
    mkdir -p "$out"
    for part in "${parts[@]}"; do rm -f "$out/$(part_results "$part")"; done
    for part in "${parts[@]}"; do
      local results
      results=$(part_results "$part")
      rm -f "$build/$results"
      # Others' code is graded in bubblewrap or not at all (JUDGE_FLAGS may say otherwise).
      BUILD_DIR=$build JUDGE_FLAGS="--jobs 1 --cpus $cpus_each --sandbox bubblewrap ${JUDGE_FLAGS:-}" \
        "$here/grader/grade.sh" "$part" "$submissions/$student" \
        >> "$out/report.txt" 2>&1
      [ -f "$build/$results" ] && mv "$build/$results" "$out/$results"
    done
    printf 'graded %q\n' "$student"
  done
}

start=$SECONDS
for ((w = 0; w < workers; ++w)); do
  work "$w" &
done
wait
elapsed=$((SECONDS - start))
if [ -s "$broken" ]; then
  echo "grade-all: a worker could not grade ($(tr '\n' ' ' < "$broken")): no gradebook, or its students would read 0" >&2
  exit 2
fi
# Which submissions share code (similarity.sh): its first line is its summary, its errors go
# apart (they name students). Bounded in time like everything else a class brings.
similarity=$grades/similarity
rm -rf "$similarity" "$similarity.log" "$similarity.errors"
BUILD_DIR=$main_build timeout 900 "$here/grader/similarity.sh" "$submissions" "$similarity" \
  > "$similarity.log" 2> "$similarity.errors"
case $? in
  0) head -n 1 "$similarity.log"; similarity_flags=(--similarity "$similarity/pairs.json") ;;
  3) similarity_flags=(--similarity-note "The similarity check was not run: $(tail -n 1 "$similarity.errors")") ;;
  124) similarity_flags=(--similarity-note "The similarity check took over 15 minutes and was stopped.")
       echo "grade-all: the similarity check took over 15 minutes and was stopped" >&2 ;;
  *) similarity_flags=(--similarity-note "The similarity check failed: $(tail -n 1 "$similarity.errors")")
     echo "grade-all: $(tail -n 1 "$similarity.errors")" >&2 ;;
esac
cmake --build "$main_build" --target gradebook > /dev/null ||
  { echo "grade-all: cannot build the gradebook" >&2; exit 2; }
"$main_build/grader/gradebook" --grades "$grades" --main "$(part_results main)" \
  --extra "$(part_results extra)" "${similarity_flags[@]}" -- "${students[@]}" ||
  { echo "grade-all: the gradebook could not be written" >&2; exit 2; }
[ -f "$grades/gradebook.csv" ] || { echo "grade-all: no gradebook.csv was written" >&2; exit 2; }
echo "graded ${#students[@]} submissions in ${elapsed} s with $workers workers"
