# What the grading shell scripts share (grade.sh, grade_all.sh, Gradescope's and PrairieLearn's
# packagers and entrypoints, the handout packer): sourced, never run.

# The graded parts: each one's handed-in file and the results file its grading writes
# (grade_all.sh passes these names on to the gradebook).
parts=(main extra)
part_file() { case "$1" in main) echo submitted.cpp ;; extra) echo extra.cpp ;; *) return 1 ;; esac; }
part_results() { case "$1" in main) echo results.json ;; extra) echo results_extra.json ;; *) return 1 ;; esac; }

# grade_set PART SUBMISSION_DIR FIXTURES HINTS VISIBILITY SUFFIX SHOWN OUT: one grading as the
# platforms' entrypoints run it, as root: the judge in $bin, student code as $grade_as, the build
# folder $build, grade.sh's stderr passed on and its last line kept in $grade_set_error; the
# report goes to SHOWN, the Gradescope results to OUT. Returns grade.sh's status (2: grading
# itself broke, which is the course's to fix, never a grade).
grade_set() {
  local part=$1 submission=$2 fixtures=$3 hints=$4 visibility=$5 suffix=$6 shown=$7 out=$8 status errors
  errors=$(mktemp)
  FIXTURES=$fixtures HINTS=$hints VISIBILITY=$visibility NAME_SUFFIX=$suffix JUDGE=$bin/judge GRADE_AS=$grade_as \
    BUILD_DIR=$build RESULTS=$out grader/grade.sh "$part" "$submission" > "$shown" 2> "$errors"
  status=$?
  cat "$errors" >&2
  grade_set_error=$(tail -n 1 "$errors")
  rm -f "$errors"
  [ $status -ne 2 ] || rm -f "$out"  # grading itself broke: no results, never a grade
  return $status
}

# The hint levels (the judge's HintLevel, grader/judge/grading_context.h, has the same three):
# succeeds for a known one, else says so on stderr, naming `who`.
check_hint_level() {
  case "$1" in
    mistake|nudge|numbers) ;;
    *) echo "$2: HINT_LEVEL must be mistake, nudge or numbers, not '$1'" >&2; return 2 ;;
  esac
}

# A hints file (reference/make_hints) cut to what hint level $1 says, on stdout: nudge leaves
# out the mistakes' names, numbers leaves nothing. For what students, or a public image, hold.
cut_hints() {
  case "$1" in
    mistake) cat "$2" ;;
    nudge) jq 'map_values(map(del(.mistake)))' "$2" ;;
    numbers) echo '{}' ;;
  esac
}

# $1 as a JSON string: backslashes and quotes escaped, control characters dropped.
json_string() {
  local text=${1//\\/\\\\}
  text=${text//\"/\\\"}
  printf '"%s"' "$(printf '%s' "$text" | tr -d '\000-\037')"
}
