# The graded parts, sourced by grade.sh, grade_all.sh and Gradescope's run_autograder: the one
# home of each part's handed-in file and of the results file its grading writes (grade_all.sh
# passes these names on to the gradebook).
parts=(main extra)
part_file() { case "$1" in main) echo submitted.cpp ;; extra) echo extra.cpp ;; *) return 1 ;; esac; }
part_results() { case "$1" in main) echo results.json ;; extra) echo results_extra.json ;; *) return 1 ;; esac; }
