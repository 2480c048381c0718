#!/usr/bin/env bash
# grade_all.sh SUBMISSIONS_DIR [GRADES_DIR]
#
# Grades every folder in SUBMISSIONS_DIR (one per student) on both parts, WORKERS at a time
# (default: the number of cores) from one build folder, and writes into GRADES_DIR (default
# build/grades), with a line of progress per student:
#   <student>/report.txt, results.json, results_extra.json   each student's grading
#   <student>/grading.key     what it was graded with: a student whose files, the grader, the
#                             fixtures, hints and flags are all unchanged is not graded again
#                             (one whose grading broke, grade.sh's status 2 on a file it could read,
#                             is tried again)
#   gradebook.csv                                             one row per student
#   summary.txt                                               histogram, failure rates
#   report.html                                               the class at a glance (class_report.h)
#   similarity/, similarity.log, similarity.errors             pairs sharing code (similarity.sh)
# One student's broken, hanging or hostile code never stops the run. Environment: FIXTURES,
# HINTS, HINT_LEVEL (as for grade.sh), WORKERS, BUILD_DIR (default build),
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
queue=$(mktemp -d)
trap 'rm -rf "$queue"' EXIT
cd "$here"  # BUILD_DIR, FIXTURES and HINTS are relative to the repository
# Names are data, whatever bytes they hold: NUL-separated here, after -- for the gradebook.
mapfile -d '' students < <(find "$submissions" -mindepth 1 -maxdepth 1 -type d -printf '%f\0' | sort -z)
[ ${#students[@]} -gt 0 ] || { echo "grade-all: $submissions holds no submission folders" >&2; exit 2; }
for student in "${students[@]}"; do
  case "$student" in gradebook.csv|summary.txt|report.html|similarity|similarity.log|similarity.errors)
    echo "grade-all: a submission folder is named $student, which grade-all writes itself: rename it" >&2; exit 2 ;;
  esac
done

# Built once, before the first student, so no student's report holds the grader's build progress.
[ -f "$main_build/CMakeCache.txt" ] ||
  cmake -S "$here" -B "$main_build" -G "$(command -v ninja > /dev/null && echo Ninja || echo "Unix Makefiles")" > /dev/null ||
  { echo "grade-all: cannot configure $main_build" >&2; exit 2; }
cmake --build "$main_build" --target grading_framework > "$main_build/framework_build.log" 2>&1 ||
  { echo "grade-all: the grader did not build (see $main_build/framework_build.log)" >&2; exit 2; }
# What a grading depends on besides the student's files: the built grader (the judge, every
# object and library a probe links, the source check and its precompiled header), the scripts
# and interface it grades with, the fixtures, hints and flags.
grader_key=$( {
  find "$main_build/grader" "$main_build/CMakeFiles/layers_pch.dir" -type f \( -name '*.o' -o -name '*.so' -o -name '*.a' \
    -o -name judge -o -name '*.pch' -o -name '*.gch' -o -name compile_command.txt -o -name solution_symbols.txt \
    -o -name scan.sh \) -print0 2> /dev/null | sort -z | xargs -0 sha256sum
  # the hints grade.sh reads: HINTS, or with the default fixtures their default hints
  hints_read=${HINTS:-}
  [ -n "${FIXTURES:-}" ] || hints_read=${HINTS:-tests/hints/visible.json}
  sha256sum "$here/grader/grade.sh" "$here/grader/lib.sh" "$here"/layers/* "${FIXTURES:-solutions_visible.json}" \
    ${hints_read:+"$hints_read"} 2> /dev/null
  (cd "$main_build" && ninja -t commands probe_student_main probe_student_extra 2> /dev/null)
  printf '%s\n' "fixtures=${FIXTURES:-} hints=${HINTS:-} hint_level=${HINT_LEVEL:-} judge_flags=${JUDGE_FLAGS:-}"
} | sha256sum | cut -d' ' -f1)

# The key of a student's grading: the grader's and the handed-in files' (a link or anything but
# a plain file counts by its type, never followed).
grading_key() {
  { echo "$grader_key"
    find "$1" -mindepth 1 -maxdepth 1 \( -name submitted.cpp -o -name extra.cpp \) -printf '%y %f\n' | sort
    find "$1" -mindepth 1 -maxdepth 1 -type f \( -name submitted.cpp -o -name extra.cpp \) -print0 | sort -z |
      xargs -0 -r sha256sum | cut -d' ' -f1
  } | sha256sum | cut -d' ' -f1
}

# Both parts of one student, unless nothing they depend on changed since the last grading.
grade_student() {
  local student=$1 out="$grades/$1" key part
  key=$(grading_key "$submissions/$student")
  if [ -f "$out/grading.key" ] && [ "$(< "$out/grading.key")" = "$key" ] && [ -f "$out/report.txt" ]; then
    echo reused
    return
  fi
  mkdir -p "$out"
  rm -f "$out/grading.key" "$out/report.txt"
  for part in "${parts[@]}"; do rm -f "$out/$(part_results "$part")"; done
  local graded_whole=1
  for part in "${parts[@]}"; do
    # Others' code is graded in bubblewrap or not at all (JUDGE_FLAGS may say otherwise).
    RESULTS="$out/$(part_results "$part")" BUILD_DIR=$main_build \
      JUDGE_FLAGS="--jobs 1 --cpus $cpus_each --sandbox bubblewrap ${JUDGE_FLAGS:-}" \
      "$here/grader/grade.sh" "$part" "$submissions/$student" >> "$out/report.txt" 2>&1
    # 2 with the file there as a plain file: the grading itself broke, so try again next time (a
    # missing file or a link is the key's own doing, and is refused the same way again)
    if [ $? -gt 1 ] && [ -f "$submissions/$student/$(part_file "$part")" ] && [ ! -L "$submissions/$student/$(part_file "$part")" ]; then
      graded_whole=0
    fi
  done
  [ $graded_whole -eq 0 ] || echo "$key" > "$out/grading.key"
  echo graded
}

# The queue: each worker takes the next student in turn; counts under a lock.
echo 0 > "$queue/next"
echo 0 > "$queue/done"
take_next() {
  flock "$queue/next" bash -c 'n=$(< "$0"); echo $((n + 1)) > "$0"; echo "$n"' "$queue/next"
}
started=$SECONDS
show_progress() {
  flock "$queue/done" bash -c '
    finished=$(( $(< "$0") + 1 )); echo "$finished" > "$0"
    elapsed=$(( SECONDS_NOW - STARTED )); left=$(( elapsed * (TOTAL - finished) / finished ))
    printf "%s %q (%d of %d, %d s, about %d s left)\n" "$1" "$2" "$finished" "$TOTAL" "$elapsed" "$left"' \
    "$queue/done" "$1" "$2"
}
work() {
  local i outcome
  while i=$(take_next) && [ "$i" -lt ${#students[@]} ]; do
    outcome=$(grade_student "${students[$i]}")
    SECONDS_NOW=$SECONDS STARTED=$started TOTAL=${#students[@]} show_progress "$outcome" "${students[$i]}"
    [ "$outcome" != reused ] || touch "$queue/reused.$i"
  done
}

for ((w = 0; w < workers; ++w)); do
  work &
done
wait
elapsed=$((SECONDS - started))
reused=$(find "$queue" -name 'reused.*' | wc -l)
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
echo "graded ${#students[@]} submissions in ${elapsed} s with $workers workers ($reused unchanged since their last grading, reused)"
