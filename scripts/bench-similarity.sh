#!/usr/bin/env bash
# Times the similarity check on a class of N submissions (default 300): the labelled class
# (scripts/labelled-class.sh) copied round to N folders. Twice: with the default settings, and
# with --max-share N, where no code is the class's idiom and every pair sharing a k-gram is
# compared in full (the slowest case). Usage: scripts/bench-similarity.sh [N] (builds in build/).
set -euo pipefail
count=${1:-300}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/labelled-class.sh "$work/labelled"
mapfile -t labelled < <(ls "$work/labelled")
mkdir -p "$work/class"
for ((i = 0; i < count; ++i)); do
  cp -r "$work/labelled/${labelled[i % ${#labelled[@]}]}" "$work/class/$(printf 'student%03d' "$i")"
done
for flags in "" "--max-share $count"; do
  start=$(date +%s.%N)
  SIMILARITY_FLAGS=$flags grader/similarity.sh "$work/class" "$work/out" > "$work/log"
  seconds=$(awk -v start="$start" -v end="$(date +%s.%N)" 'BEGIN { printf "%.2f", end - start }')
  echo "$count submissions, flags '${flags}': ${seconds} s ($(grep -m 1 ' submissions, ' "$work/log"))"
done
