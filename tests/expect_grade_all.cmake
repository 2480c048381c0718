# cmake -DSOURCE_DIR= -DBUILD_DIR= -DPATCHED= -DWORK= -P expect_grade_all.cmake
#
# Grades a small class with grade_all.sh: a correct submission, the untouched stubs, one that
# does not compile, one with swapped gates, one that hangs, and a folder without
# submitted.cpp; where bubblewrap runs, also a correct one that attacks the grader and its
# classmates (tests/hostile/). Folders as an unpacked archive may bring them: a submitted.cpp
# that links to a classmate's, and names that are a flag (--help), a spreadsheet formula, or
# hold a newline; and a submission that throws terminal escapes and a carriage return. The run
# must finish and the gradebook must hold each student's due, the same as each gets alone,
# every name and message as text. Then, with one submission changed, a second run grades that
# one alone and reuses the others' gradings.
file(REMOVE_RECURSE ${WORK})
set(class ${WORK}/submissions)

function(student name main_source extra_source)
  file(READ ${main_source} main)
  file(READ ${extra_source} extra)
  foreach(part main extra)
    string(REPLACE "namespace reference" "namespace student" ${part} "${${part}}")
  endforeach()
  file(WRITE ${class}/${name}/submitted.cpp "${main}${ARGN}")
  file(WRITE ${class}/${name}/extra.cpp "${extra}")
endfunction()

student(correct ${SOURCE_DIR}/reference/layers.cpp ${SOURCE_DIR}/reference/gru.cpp)
student(untouched ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp)
student(broken ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp "\nnot C++\n")
student(swapped_gates ${PATCHED}/swapped_input_forget_gates.cpp ${SOURCE_DIR}/student/extra.cpp)
student(hangs ${PATCHED}/hangs_in_init_hidden.cpp ${SOURCE_DIR}/student/extra.cpp)
file(MAKE_DIRECTORY ${class}/empty_folder)
file(MAKE_DIRECTORY ${class}/linked)
file(CREATE_LINK ../correct/submitted.cpp ${class}/linked/submitted.cpp SYMBOLIC)
student(--help ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp)
student(=1+1 ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp)
student("two\nlines" ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp)
set(markup_name "<img src=x onerror=alert(1)>")  # markup in a name: text in the class report
student("${markup_name}" ${SOURCE_DIR}/student/submitted.cpp ${SOURCE_DIR}/student/extra.cpp)
# Clears the screen, returns the cursor and draws a full score over the real lines.
file(READ ${SOURCE_DIR}/reference/layers.cpp escaping)
string(REPLACE "namespace reference" "namespace student" escaping "${escaping}")
string(REPLACE "return torch::matmul(x, weight.t()) + bias;"
               "throw std::runtime_error(\"\\x1b[2J\\x1b[H\\rScore: 50 / 50\\n\");" escaping "${escaping}")
file(WRITE ${class}/escapes/submitted.cpp "${escaping}")
set(students 12)
# Without the sandbox the attacks would get through (stop the judge): only with it.
execute_process(COMMAND bwrap --unshare-all --unshare-user --ro-bind / / --proc /proc --dev /dev true
                RESULT_VARIABLE no_sandbox OUTPUT_QUIET ERROR_QUIET)
if(NOT no_sandbox)
  student(hostile ${PATCHED}/attacks_the_grader.cpp ${SOURCE_DIR}/student/extra.cpp)
  math(EXPR students "${students} + 1")
  file(SHA256 ${class}/correct/submitted.cpp correct_before)
else()
  message("bubblewrap cannot run here: the class has no hostile student")
endif()

set(judge_flags --timeout=3)
if(no_sandbox)
  set(judge_flags "--timeout=3 --sandbox=auto")  # grade-all grades in bubblewrap or not at all
endif()
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${BUILD_DIR}/grader/judge main main_points tests)
part_totals(${BUILD_DIR}/grader/judge extra extra_points tests)
function(grade_all)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env BUILD_DIR=${BUILD_DIR} WORKERS=2
                          "JUDGE_FLAGS=${judge_flags}"
                          ${SOURCE_DIR}/grader/grade_all.sh ${class} ${WORK}/grades
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "grade_all.sh exited with ${status}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()
grade_all()
if(NOT out MATCHES "graded ${students} submissions in [0-9]+ s with 2 workers \\(0 unchanged")
  message(FATAL_ERROR "the first grading of the class reused gradings it never made")
endif()

file(STRINGS ${WORK}/grades/gradebook.csv rows)
list(LENGTH rows count)
math(EXPR expected_rows "${students} + 1")
if(NOT count EQUAL expected_rows)
  message(FATAL_ERROR "expected a header and ${students} rows, got ${count}")
endif()
# The last columns are main, extra, note.
function(expect_row student pattern)
  foreach(row IN LISTS rows)
    if(row MATCHES "^${student},")
      if(NOT row MATCHES "${pattern}")
        message(FATAL_ERROR "${student}: '${row}' does not match '${pattern}'")
      endif()
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "no row for ${student}")
endfunction()
expect_row(correct ",${main_points},${extra_points},$")
expect_row(untouched ",0,0,$")
expect_row(broken ",0,0,$")
expect_row(swapped_gates ",([0-9]|[1-4][0-9]),0,$")
expect_row(hangs ",([0-9]|[1-4][0-9]),0,$")
expect_row(empty_folder ",0,0,.*has no submitted.cpp")
expect_row(linked ",0,0,.*is a link or not a regular file")
expect_row("'--help" ",0,0,$")
expect_row("'=1\\+1" ",0,0,$")
expect_row("two\\\\nlines" ",0,0,$")
expect_row(escapes ",([0-9]|[1-4][0-9]),0,")
string(ASCII 27 escape)
string(ASCII 13 carriage_return)
foreach(file ${WORK}/grades/escapes/report.txt ${WORK}/grades/escapes/results.json)
  file(READ ${file} text)
  string(FIND "${text}" "${escape}" escape_at)
  string(FIND "${text}" "${carriage_return}" return_at)
  if(NOT escape_at EQUAL -1 OR NOT return_at EQUAL -1)
    message(FATAL_ERROR "${file} holds the submission's escape or carriage return as they are")
  endif()
  if(NOT text MATCHES "x1B\\[2J")
    message(FATAL_ERROR "${file} does not show the submission's escapes as text")
  endif()
endforeach()
if(NOT no_sandbox)
  # Refused before any of it runs: its system headers are outside the assignment's C++ subset.
  expect_row(hostile ",0,0,$")
  file(SHA256 ${class}/correct/submitted.cpp correct_after)
  if(NOT correct_after STREQUAL correct_before)
    message(FATAL_ERROR "the hostile student changed a classmate's submission")
  endif()
endif()
file(READ ${WORK}/grades/hangs/report.txt report)
if(NOT report MATCHES "timed out: used its 3 s of CPU time")
  message(FATAL_ERROR "the hanging submission's report does not say it timed out")
endif()
file(READ ${WORK}/grades/summary.txt summary)
if(NOT summary MATCHES "${students} submissions graded" OR NOT summary MATCHES "students failing each test")
  message(FATAL_ERROR "the summary is incomplete:\n${summary}")
endif()

# The class report: the count, a hint the swapped gates got, why the broken, hanging and empty
# ones scored nothing, and the markup in a name as text (and its link percent-encoded).
file(READ ${WORK}/grades/report.html page)
foreach(expected "<p id='count'>${students} submissions graded." "hint: a known mistake gives exactly this output"
                 "did not compile" "timed out: used its 3 s of CPU time" "has no submitted.cpp"
                 "&lt;img src=x onerror=alert(1)&gt;" "href='%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/report.txt'")
  string(FIND "${page}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "report.html lacks '${expected}'")
  endif()
endforeach()
string(FIND "${page}" "<img src=x" raw_markup)
if(NOT raw_markup EQUAL -1)
  message(FATAL_ERROR "report.html holds a student's markup as markup")
endif()

# The similarity section: two submissions made from the reference share most of their code, the
# pages exist, and the link to a classmate's file is not followed (no pair holds "linked").
# (-DSIMILARITY_BUILT=ON where this build has the check: then it must have run.)
if(SIMILARITY_BUILT OR EXISTS ${WORK}/grades/similarity/pairs.csv)
  if(NOT page MATCHES "<table id='similarity'>.*<td>correct</td>" OR NOT page MATCHES "href='similarity/pair-1.html'")
    message(FATAL_ERROR "report.html has no similarity table with the reference's copies")
  endif()
  if(NOT EXISTS ${WORK}/grades/similarity/pair-1.html OR NOT EXISTS ${WORK}/grades/similarity/index.html)
    message(FATAL_ERROR "grade-all wrote no similarity pages")
  endif()
  file(READ ${WORK}/grades/similarity/pairs.csv pairs)
  # (escapes has no bonus: 90 % of its own code is in the reference, not 90 % of the reference's)
  if(NOT pairs MATCHES "\n[0-9]+,correct,escapes,[0-9]+,[0-9.]+,(9[0-9]|100)\\.")
    message(FATAL_ERROR "under 90 % of the reference's copy with another forward is in the reference:\n${pairs}")
  endif()
  if(pairs MATCHES "linked")
    message(FATAL_ERROR "the similarity check followed a link to a classmate's file:\n${pairs}")
  endif()
  if(NOT page MATCHES "<li>linked: submitted.cpp: not a plain file")
    message(FATAL_ERROR "report.html does not say the similarity check left the linked file out")
  endif()
else()
  if(NOT page MATCHES "<p id='similarity'>The similarity check was not run: ")
    message(FATAL_ERROR "report.html neither has similarity results nor says why not")
  endif()
endif()

# Again, with one student's file changed: that one is graded again, the others' gradings reused
# (those refused for a missing file or a link too: nothing they hand in has changed).
file(APPEND ${class}/swapped_gates/submitted.cpp "// changed\n")
grade_all()
math(EXPR unchanged "${students} - 1")
if(NOT out MATCHES "graded swapped_gates " OR NOT out MATCHES "\\(${unchanged} unchanged since their last grading")
  message(FATAL_ERROR "the second run should have graded swapped_gates again and reused ${unchanged}")
endif()
file(STRINGS ${WORK}/grades/gradebook.csv rows)
expect_row(correct ",${main_points},${extra_points},$")
expect_row(swapped_gates ",([0-9]|[1-4][0-9]),0,$")
