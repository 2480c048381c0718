# cmake -DSOURCE_DIR= -DBUILD_DIR= -DGRADER_BIN= -DWORK= -DSTAGE=package|as_nobody -P expect_gradescope.cmake
#
# The Gradescope autograder. STAGE=package: the zip holds setup.sh and run_autograder at its
# root and the hidden fixtures; run_autograder, on a simulated /autograder tree, grades both
# parts on both fixture sets into one valid results.json, also when a part was not handed in,
# showing the hidden sets' reports nowhere but in their own tests. STAGE=as_nobody: as
# Gradescope runs it, root grading and student code running as an unprivileged user (nobody)
# without bubblewrap, where a submission that plants links wherever it may write gets root to
# write through none of them, and one that reads Gradescope's metadata reads nothing; SKIPPED
# (ctest's skip) where this is not root or nobody cannot reach the checkout.
# file(GLOB_RECURSE) below does not follow links: the student's, and the simulated tree's link
# to the checkout, which holds this build folder (a loop).
cmake_policy(SET CMP0009 NEW)
file(REMOVE_RECURSE ${WORK})
if(STAGE STREQUAL "package")
  execute_process(COMMAND ${SOURCE_DIR}/gradescope/package.sh ${WORK}/autograder.zip RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "package.sh failed")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar tf ${WORK}/autograder.zip OUTPUT_VARIABLE listing)
  foreach(entry setup.sh run_autograder tests/hidden/solutions_hidden.json grader/grade.sh)
    if(NOT listing MATCHES "(^|\n)${entry}\n")
      message(FATAL_ERROR "the zip has no ${entry}:\n${listing}")
    endif()
  endforeach()
  if(listing MATCHES "(^|\n)build/")
    message(FATAL_ERROR "the zip holds a build folder")
  endif()
  # The hint level course staff chose travels in the zip's autograder.conf; a level the judge
  # does not know is refused when packaging, not when the first student submits.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env HINT_LEVEL=numbers ${SOURCE_DIR}/gradescope/package.sh ${WORK}/numbers.zip
                  RESULT_VARIABLE failed)
  file(MAKE_DIRECTORY ${WORK}/numbers)
  execute_process(COMMAND ${CMAKE_COMMAND} -E tar xf ${WORK}/numbers.zip autograder.conf WORKING_DIRECTORY ${WORK}/numbers)
  file(READ ${WORK}/numbers/autograder.conf conf)
  if(failed OR NOT conf STREQUAL "HINT_LEVEL=numbers\n")
    message(FATAL_ERROR "HINT_LEVEL=numbers package.sh wrote autograder.conf '${conf}'")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env HINT_LEVEL=all ${SOURCE_DIR}/gradescope/package.sh ${WORK}/bad.zip
                  RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status EQUAL 2 OR NOT err MATCHES "HINT_LEVEL must be mistake, nudge or numbers")
    message(FATAL_ERROR "package.sh took HINT_LEVEL=all: exit ${status}, ${err}")
  endif()
endif()

# run_autograder SUBMISSION_FOLDER EXPECTED_SCORE: grades it as Gradescope would, no user drop.
# Both parts on both fixture sets, in the order main, main hidden, extra, extra hidden.
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${GRADER_BIN}/judge main main_points main_tests)
part_totals(${GRADER_BIN}/judge extra extra_points extra_tests)
math(EXPR all_tests "2 * (${main_tests} + ${extra_tests})")
math(EXPR all_points "2 * (${main_points} + ${extra_points})")
math(EXPR last_test "${all_tests} - 1")
math(EXPR first_extra_test "2 * ${main_tests}")
math(EXPR extra_part_points "2 * ${extra_points}")

# With GRADE_AS and JUDGE_FLAGS given after the score: as that user, with those flags.
function(autograde name expected_score)
  set(grade_as "${ARGV2}")
  set(judge_flags "${ARGV3}")
  set(root ${WORK}/${name})
  file(MAKE_DIRECTORY ${root})
  # Gradescope's own file, readable by anyone, with an earlier submission's results in it, the
  # after-due-date tests' included.
  file(WRITE ${root}/submission_metadata.json
       "{\"previous_submissions\": [{\"results\": {\"tests\": [{\"name\": \"LSTM forward (hidden)\", \"output\": \"EARLIER-HIDDEN-RESULT\"}]}}]}\n")
  file(CREATE_LINK ${SOURCE_DIR} ${root}/source SYMBOLIC)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env AUTOGRADER_ROOT=${root} GRADE_AS=${grade_as} GRADER_BIN=${GRADER_BIN}
                          BUILD_DIR=${BUILD_DIR} "JUDGE_FLAGS=${judge_flags}" ${SOURCE_DIR}/gradescope/run_autograder
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(out MATCHES "against tests/hidden/solutions_hidden.json")
    message(FATAL_ERROR "${name}: run_autograder printed a hidden set's report, which students see at once")
  endif()
  file(READ ${root}/results/results.json results)
  string(JSON score GET "${results}" score)
  string(JSON count LENGTH "${results}" tests)
  if(NOT status EQUAL 0 OR NOT score EQUAL expected_score OR NOT count EQUAL all_tests)
    message(FATAL_ERROR "${name}: exit ${status}, score ${score} (expected ${expected_score}), ${count} tests (expected ${all_tests})")
  endif()
  string(JSON output GET "${results}" output)
  string(JSON format GET "${results}" output_format)
  string(JSON stdout_visibility GET "${results}" stdout_visibility)
  if(output MATCHES "\\(hidden\\)|solutions_hidden" OR NOT format STREQUAL "text" OR NOT stdout_visibility STREQUAL "hidden")
    message(FATAL_ERROR "${name}: the output shown at once holds hidden results, or is not plain text with the log hidden")
  endif()
  set(results "${results}" PARENT_SCOPE)
endfunction()

file(READ ${SOURCE_DIR}/reference/layers.cpp main)
file(READ ${SOURCE_DIR}/reference/gru.cpp extra)
string(REPLACE "namespace reference" "namespace student" main "${main}")
string(REPLACE "namespace reference" "namespace student" extra "${extra}")
file(READ ${SOURCE_DIR}/student/submitted.cpp stub)
if(STAGE STREQUAL "package")
  file(WRITE ${WORK}/correct/submission/upload/submitted.cpp "${main}")
  file(WRITE ${WORK}/correct/submission/upload/extra.cpp "${extra}")
  autograde(correct ${all_points})
  string(JSON last_name GET "${results}" tests ${last_test} name)
  string(JSON last_visibility GET "${results}" tests ${last_test} visibility)
  string(JSON first_visibility GET "${results}" tests 0 visibility)
  if(NOT last_name MATCHES " \\(hidden\\)$" OR NOT last_visibility STREQUAL "after_due_date" OR
     NOT first_visibility STREQUAL "visible")
    message(FATAL_ERROR "hidden tests are not marked: '${last_name}' ${last_visibility}")
  endif()

  file(WRITE ${WORK}/stub_without_bonus/submission/submitted.cpp "${stub}")
  autograde(stub_without_bonus 0)
  string(JSON extra_output GET "${results}" tests ${first_extra_test} output)
  if(NOT extra_output MATCHES "the submission has no extra.cpp")
    message(FATAL_ERROR "a missing extra.cpp is not explained: ${extra_output}")
  endif()
  return()
endif()

# As Gradescope runs it: root grades, student code runs as an unprivileged user, no bubblewrap.
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT uid EQUAL 0)
  message("SKIPPED: not root, so the judge cannot run student code as another user")
  return()
endif()
execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups test -r ${SOURCE_DIR}/layers/layers.h
                RESULT_VARIABLE nobody_cannot_reach OUTPUT_QUIET ERROR_QUIET)
if(nobody_cannot_reach)
  message("SKIPPED: user nobody cannot reach this checkout")
  return()
endif()
file(READ ${SOURCE_DIR}/tests/hostile/plants_links.cpp planting)
file(WRITE ${WORK}/planting/submission/submitted.cpp "${stub}\n${planting}")
file(WRITE ${WORK}/planting/submission/extra.cpp "${extra}")
file(SHA256 ${GRADER_BIN}/merge_results merge_before)
file(SHA256 ${GRADER_BIN}/judge judge_before)
autograde(planting ${extra_part_points} nobody "--sandbox user")
file(SHA256 ${GRADER_BIN}/merge_results merge_after)
file(SHA256 ${GRADER_BIN}/judge judge_after)
if(NOT merge_after STREQUAL merge_before OR NOT judge_after STREQUAL judge_before)
  message(FATAL_ERROR "the grader's programs were changed")
endif()
file(GLOB_RECURSE planted LIST_DIRECTORIES false ${BUILD_DIR}/*.planted-by-student /tmp/*.planted-by-student)
if(planted)
  message(FATAL_ERROR "root wrote through a link the student planted: ${planted}")
endif()
# The attack ran: /tmp, which anyone may write, holds its links.
if(NOT IS_SYMLINK /tmp/results.json)
  message(FATAL_ERROR "the planting code planted nothing: the test proves less than it claims")
endif()
execute_process(COMMAND find /tmp -maxdepth 1 -type l -lname "*.planted-by-student" -delete)

# A correct submission that reads Gradescope's submission_metadata.json, as the student user
# without bubblewrap: run_autograder has made it unreadable before any student code runs.
set(reader "${main}")
string(REPLACE "#include <cmath>\n" "#include <cmath>\n#include <fstream>\n" reader "${reader}")
string(REPLACE "Tensor MyLinearImpl::forward(const Tensor& x) {\n"
               "Tensor MyLinearImpl::forward(const Tensor& x) {\n  std::ifstream metadata(\"${WORK}/reader/submission_metadata.json\");\n  std::string text;\n  if (std::getline(metadata, text)) throw std::runtime_error(\"READ: \" + text.substr(text.find(\"EARLIER\")));\n"
               reader "${reader}")
file(WRITE ${WORK}/reader/submission/submitted.cpp "${reader}")
file(WRITE ${WORK}/reader/submission/extra.cpp "${extra}")
autograde(reader ${all_points} nobody "--sandbox user")
if(results MATCHES "READ: |EARLIER-HIDDEN-RESULT")
  message(FATAL_ERROR "reader: student code read submission_metadata.json: ${results}")
endif()
