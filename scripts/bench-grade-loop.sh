#!/usr/bin/env bash
# Measures what a student waits for, with dependencies installed and no compiler cache:
#   1. a cold `make test` (empty build folder) on a submission with MyLinear's constructor done,
#   2. `make test` right after then writing one function, MyLinear::forward,
#   3. the median of five more `make test` runs, each right after an edit (a changed comment).
# Usage: scripts/bench-grade-loop.sh   (leaves your build/ and student/ untouched)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/submission"
cp student/submitted.cpp "$work/submission/"
sed -i 's|  not_implemented("MyLinear::MyLinear");|  const double bound = 1.0 / std::sqrt(static_cast<double>(input_size));\
  weight = register_parameter("weight", torch::empty({output_size, input_size}).uniform_(-bound, bound));\
  bias = register_parameter("bias", torch::empty({output_size}).uniform_(-bound, bound));|' \
  "$work/submission/submitted.cpp"
export CCACHE_DISABLE=1

now() { date +%s.%N; }
elapsed() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'; }

start=$(now)
make test BUILD="$work/build" SUBMISSION="$work/submission" > "$work/cold.log" 2>&1 || true
cold=$(elapsed "$start")
grep -q "MyLinear init .* 3 / 3" "$work/cold.log" || { cat "$work/cold.log"; exit 1; }

sed -i 's|  not_implemented("MyLinear::forward");|  return torch::matmul(x, weight.t()) + bias;|' \
  "$work/submission/submitted.cpp"
start=$(now)
make test BUILD="$work/build" SUBMISSION="$work/submission" > "$work/edit.log" 2>&1 || true
edit=$(elapsed "$start")
grep -q "MyLinear forward .* 5 / 5" "$work/edit.log" || { cat "$work/edit.log"; exit 1; }

edits=()
for i in 1 2 3 4 5; do
  echo "// edit $i" >> "$work/submission/submitted.cpp"
  start=$(now)
  make test BUILD="$work/build" SUBMISSION="$work/submission" > "$work/edit$i.log" 2>&1 || true
  edits+=("$(elapsed "$start")")
  grep -q "MyLinear forward .* 5 / 5" "$work/edit$i.log" || { cat "$work/edit$i.log"; exit 1; }
done
median=$(printf '%s\n' "${edits[@]}" | sort -n | sed -n 3p)

echo "cold make test:                   $cold s"
echo "make test after editing a method: $edit s"
echo "make test after an edit, median of 5: $median s (${edits[*]})"
