#!/bin/sh
# judge_reads_hostile_results.sh JUDGE FIXTURES WORK
#
# Grades "probes" that write, instead of a result, files made to exhaust the judge: millions of
# empty objects where a tensor belongs, more numbers than any task reports, nesting far past any
# tensor's, and outputs no task has. Each must cost its tests ("a result the grader cannot
# read"), quickly, with the judge's peak memory far below its 512 MiB cap (measured: the judge
# is the largest process here, the "probes" being shell scripts).
set -eu
judge=$1 fixtures=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
max_score=$("$judge" --part main --totals | jq .max_score)  # the descriptions' total, no constant
# Each writes at most 16 MiB, the most the judge reads, into its result file ($3).
write_probe() {
  printf '#!/bin/sh\n{ %s; } > "$3"\n' "$2" > "$work/$1"
  chmod +x "$work/$1"
}
write_probe empty_objects "printf '{\"status\":\"ok\",\"outputs\":{\"y\":['; yes '{},' | tr -d '\\n' | head -c 16000000; printf '{}]}}'"
write_probe numbers "printf '{\"status\":\"ok\",\"facts\":{\"x\":['; yes '0,' | tr -d '\\n' | head -c 16000000; printf '0]}}'"
write_probe nesting "printf '{\"status\":\"ok\",\"facts\":{\"x\":'; yes '[' | tr -d '\\n' | head -c 8000000"
write_probe names "printf '{\"status\":\"ok\",\"outputs\":{'; yes '\"linear_output_other\":[1],' | tr -d '\\n' | head -c 16000000; printf '\"z\":[1]}}'"
failed=0
for probe in empty_objects numbers nesting names; do
  start=$(date +%s)
  report=$work/$probe.report
  peak_kib=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.STDOUT)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' \
    "$report" "$judge" --part main --probe "$work/$probe" --fixtures "$fixtures" --sandbox none \
    --results "$work/$probe.json")
  seconds=$(( $(date +%s) - start ))
  cannot_read=$(grep -c "wrote a result the grader cannot read" "$report" || true)
  echo "$probe: peak $((peak_kib / 1024)) MiB, $seconds s, $cannot_read tests say they cannot read the result"
  if [ "$peak_kib" -gt $((128 * 1024)) ] || [ "$cannot_read" -lt 10 ] || ! grep -q "^Score: 0 / $max_score\$" "$report"; then
    echo "  FAILED: expected every test to fail on the result, the judge's peak at most 128 MiB"; failed=1
    tail -n 5 "$report"
  fi
done
exit $failed
