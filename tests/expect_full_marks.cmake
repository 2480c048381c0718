# cmake -DSOURCE_DIR= -DBUILD_DIR= -DSUBMISSION= -DWORK= -P expect_full_marks.cmake
#
# Grades SUBMISSION's submitted.cpp (and extra.cpp, where it has one) whole, as `make test` and
# `make extra` do: compiled by the clang that checks it, within the assignment's C++ subset, its
# calls within what a solution may call. A correct solution in any style must get full marks.
file(MAKE_DIRECTORY ${WORK})
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
foreach(part_file "main;submitted.cpp" "extra;extra.cpp")
  list(GET part_file 0 part)
  list(GET part_file 1 file)
  part_totals(${BUILD_DIR}/grader/judge ${part} points tests)
  if(NOT EXISTS ${SUBMISSION}/${file})
    continue()
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env BUILD_DIR=${BUILD_DIR} RESULTS=${WORK}/results_${part}.json
                          ${SOURCE_DIR}/grader/grade.sh ${part} ${SUBMISSION}
                  WORKING_DIRECTORY ${SOURCE_DIR} TIMEOUT 600
                  RESULT_VARIABLE status OUTPUT_VARIABLE printed ERROR_VARIABLE printed)
  message("${printed}")
  if(NOT status EQUAL 0 OR NOT printed MATCHES "\nScore: ${points} / ${points}\n")
    message(FATAL_ERROR "${SUBMISSION}/${file}: expected ${points} / ${points} (exit ${status})")
  endif()
endforeach()
