#!/usr/bin/env bash
# similarity.sh SUBMISSIONS_DIR OUT_DIR: which submissions share code beyond the stubs
# (grader/similarity/, docs/instructor.md "Similarity"). Builds the check in BUILD_DIR (default
# build) and runs it with the handout's stubs, student/*.cpp, as the base every student starts
# from; SIMILARITY_FLAGS adds the check's own flags (--kgram, --window, --max-share, --pages).
# Exits 3 where the check cannot be built here (no clang development files).
set -uo pipefail
submissions=${1:-}
out=${2:-}
[ -n "$submissions" ] || { echo "similarity: no submissions folder given (make similarity SUBMISSIONS=dir)" >&2; exit 2; }
[ -n "$out" ] || { echo "usage: similarity.sh SUBMISSIONS_DIR OUT_DIR" >&2; exit 2; }
[ -d "$submissions" ] || { echo "similarity: no folder $submissions" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-build}
source "$here/grader/lib.sh"
base=()
for part in "${parts[@]}"; do base+=(--base "$here/student/$(part_file "$part")"); done
[ -f "$build/CMakeCache.txt" ] || { echo "similarity: $build is not a configured build folder" >&2; exit 2; }
if ! grep -Eq '(^|[. ])similarity(:| |$)' < <(cmake --build "$build" --target help 2>/dev/null); then
  echo "similarity: not built here: it needs clang's development files (make deps)" >&2
  exit 3
fi
cmake --build "$build" --target similarity > "$build/similarity_build.log" 2>&1 ||
  { echo "similarity: the check did not build (see $build/similarity_build.log)" >&2; exit 2; }
# shellcheck disable=SC2086  # SIMILARITY_FLAGS is a list of flags
exec "$build/grader/similarity" "$submissions" --out "$out" "${base[@]}" ${SIMILARITY_FLAGS:-}
