# cmake -DSOURCE_DIR= -DBUILD_DIR= -DGRADER_BIN= -DWORK= -P expect_gradescope.cmake
#
# The Gradescope autograder: the zip holds setup.sh and run_autograder at its root and the
# hidden fixtures; run_autograder, on a simulated /autograder tree, grades both parts on both
# fixture sets into one valid results.json, also when a part was not handed in.
file(REMOVE_RECURSE ${WORK})
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

# run_autograder SUBMISSION_FOLDER EXPECTED_SCORE: grades it as Gradescope would, no user drop.
function(autograde name expected_score)
  set(root ${WORK}/${name})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${SOURCE_DIR} ${root}/source SYMBOLIC)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env AUTOGRADER_ROOT=${root} GRADE_AS= GRADER_BIN=${GRADER_BIN}
                          BUILD_DIR=${BUILD_DIR} ${SOURCE_DIR}/gradescope/run_autograder
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  file(READ ${root}/results/results.json results)
  string(JSON score GET "${results}" score)
  string(JSON count LENGTH "${results}" tests)
  if(NOT status EQUAL 0 OR NOT score EQUAL expected_score OR NOT count EQUAL 36)
    message(FATAL_ERROR "${name}: exit ${status}, score ${score} (expected ${expected_score}), ${count} tests (expected 36)")
  endif()
  set(results "${results}" PARENT_SCOPE)
endfunction()

file(READ ${SOURCE_DIR}/reference/layers.cpp main)
file(READ ${SOURCE_DIR}/reference/gru.cpp extra)
string(REPLACE "namespace reference" "namespace student" main "${main}")
string(REPLACE "namespace reference" "namespace student" extra "${extra}")
file(WRITE ${WORK}/correct/submission/upload/submitted.cpp "${main}")
file(WRITE ${WORK}/correct/submission/upload/extra.cpp "${extra}")
autograde(correct 120)
string(JSON last_name GET "${results}" tests 35 name)
string(JSON last_visibility GET "${results}" tests 35 visibility)
string(JSON first_visibility GET "${results}" tests 0 visibility)
if(NOT last_name MATCHES " \\(hidden\\)$" OR NOT last_visibility STREQUAL "after_due_date" OR
   NOT first_visibility STREQUAL "visible")
  message(FATAL_ERROR "hidden tests are not marked: '${last_name}' ${last_visibility}")
endif()

file(READ ${SOURCE_DIR}/student/submitted.cpp stub)
file(WRITE ${WORK}/stub_without_bonus/submission/submitted.cpp "${stub}")
autograde(stub_without_bonus 0)
string(JSON extra_output GET "${results}" tests 30 output)
if(NOT extra_output MATCHES "the submission has no extra.cpp")
  message(FATAL_ERROR "a missing extra.cpp is not explained: ${extra_output}")
endif()
