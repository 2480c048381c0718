#!/usr/bin/env bash
# similarity_on_labelled_class.sh BUILD_DIR WORK: make similarity on the labelled class
# (tests/similarity_class/README.md), scored against its labels. Fails when a copy that only
# changed layout, comments or names ranks below an independent pair, when a stub is in any pair,
# or when fewer than 80 % of the top pairs (as many as there are true pairs) are true.
set -euo pipefail
build=$1 work=$2
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$work" && mkdir -p "$work"
"$here/scripts/labelled-class.sh" "$work/class"
BUILD_DIR=$build SIMILARITY_FLAGS= "$here/grader/similarity.sh" "$work/class" "$work/out" > "$work/similarity.log"
head -n 1 "$work/similarity.log"
[ -s "$work/out/index.html" ] && [ -s "$work/out/pair-1.html" ] || { echo "no pages written"; exit 1; }
awk -F, '
  FNR == 1 { next }
  FILENAME ~ /labels.csv$/ { code_of[$1] = $3; as[$1] = $2; size[$3]++; if ($2 !~ /copy3$/) light_size[$3]++; next }
  {
    a = $2; b = $3; rank = $1
    same = code_of[a] == code_of[b]
    light = same && as[a] !~ /copy3$/ && as[b] !~ /copy3$/   # original, copy1, copy2
    if (as[a] ~ /^stub/ || as[b] ~ /^stub/) { print "a stub is in a pair at rank " rank; bad = 1 }
    if (!same && !first_false) { first_false = rank; false_tokens = $4 }
    if (light) { ++light_found; if (first_false) { print "a light copy ranks " rank ", below an independent pair"; bad = 1 } }
    ranked[rank] = same
    n = rank
  }
  END {
    for (c in size) { truth += size[c] * (size[c] - 1) / 2; light_truth += light_size[c] * (light_size[c] - 1) / 2 }
    for (r = 1; r <= truth && r <= n; ++r) hits += ranked[r]
    printf "labelled class: %d true pairs; precision and recall at the top %d: %.2f; light copies found %d of %d; first independent pair at rank %d (%s tokens)\n", truth, truth, hits / truth, light_found, light_truth, first_false, false_tokens
    if (light_found != light_truth) { print "a light copy was not found"; bad = 1 }
    if (hits / truth < 0.8) { print "fewer than 80 % of the top pairs are true"; bad = 1 }
    exit bad
  }' "$here/tests/similarity_class/labels.csv" "$work/out/pairs.csv"
