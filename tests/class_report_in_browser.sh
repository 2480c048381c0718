#!/usr/bin/env bash
# class_report_in_browser.sh GRADEBOOK WORK
#
# The class report in a real browser: headless chromium renders the report of a two-student
# class, one of them named with markup. The rendered page must hold the numbers, the chart
# and the name as text, not as an element. Exit 77 (skipped) where chromium is missing.
set -euo pipefail
gradebook=$1 work=$2
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "chromium is not installed (make deps installs it): the browser test is skipped"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work/grades"
markup='<b onmouseover=alert(1)>mallory'
write_results() {  # folder score test_status output
  mkdir -p "$work/grades/$1"
  printf '{"score": %s, "max_score": 8, "tests": [{"name": "LSTM forward", "score": %s, "max_score": 8, "status": "%s", "output": "%s"}]}\n' \
    "$2" "$2" "$3" "$4" > "$work/grades/$1/results.json"
  echo '{"score": 0, "max_score": 10, "tests": []}' > "$work/grades/$1/results_extra.json"
  echo "report of $1" > "$work/grades/$1/report.txt"
}
write_results ada 8 passed ""
write_results "$markup" 0 failed 'hint: a known mistake gives exactly this output. Look at the gates.\n'
"$gradebook" --grades "$work/grades" --main results.json --extra results_extra.json -- ada "$markup" > /dev/null

run_browser() { "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "$@" 2> "$work/browser.log"; }
run_browser --dump-dom "file://$work/grades/report.html" > "$work/dom.html"
fail() { echo "the rendered class report $1 (chromium's DOM: $work/dom.html)"; exit 1; }
grep -q "2 submissions graded" "$work/dom.html" || fail "does not say 2 submissions graded"
grep -q "<svg" "$work/dom.html" || fail "has no histogram"
grep -q "50 %" "$work/dom.html" || fail "does not give the test's pass rate, 50 %"
grep -q "Look at the gates" "$work/dom.html" || fail "does not list the hint"
grep -q "&lt;b onmouseover=alert(1)&gt;mallory" "$work/dom.html" || fail "does not show the markup in a name as text"
if grep -q "<b " "$work/dom.html"; then fail "made a student's name an element"; fi
run_browser --screenshot="$work/report.png" --window-size=1000,1200 "file://$work/grades/report.html" > /dev/null
[ -s "$work/report.png" ] || fail "could not be photographed"
echo "rendered in $browser: $work/report.png"
