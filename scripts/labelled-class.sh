#!/usr/bin/env bash
# labelled-class.sh OUT: the similarity check's labelled class (tests/similarity_class/README.md)
# as 33 submission folders in OUT, ready for `make similarity` or `make grade-all`: the folders
# there, plus the rows that name the reference solution and the untouched stubs.
set -euo pipefail
out=${1:?usage: labelled-class.sh OUT}
cd "$(dirname "$0")/.."
class=tests/similarity_class
mkdir -p "$out"
tail -n +2 "$class/labels.csv" | while IFS=, read -r name written_as _; do
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name"
  case $written_as in
    reference)  # in the namespace a submission's code lives in
      sed 's/namespace reference/namespace student/' reference/layers.cpp > "$out/$name/submitted.cpp"
      sed 's/namespace reference/namespace student/' reference/gru.cpp > "$out/$name/extra.cpp" ;;
    stub-*) cp student/submitted.cpp student/extra.cpp "$out/$name/" ;;
    *) cp "$class/$name/submitted.cpp" "$class/$name/extra.cpp" "$out/$name/" ;;
  esac
done
