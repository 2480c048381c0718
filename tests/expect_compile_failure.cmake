# cmake -DSOURCE_DIR= -DBUILD_DIR= -DWORK= -P expect_compile_failure.cmake
#
# A submission whose submitted.cpp does not compile scores 0 with the compiler's first errors
# in the report, while its extra.cpp (a correct GRU) is graded apart and scores full marks.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(READ ${SOURCE_DIR}/student/submitted.cpp stub)
file(WRITE ${WORK}/submitted.cpp "${stub}\nthis line is not C++\n")
file(READ ${SOURCE_DIR}/reference/gru.cpp gru)
string(REPLACE "namespace reference" "namespace student" gru "${gru}")
file(WRITE ${WORK}/extra.cpp "${gru}")

function(grade part expected_status)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env BUILD_DIR=${BUILD_DIR} RESULTS=${WORK}/results_${part}.json
                          ${SOURCE_DIR}/grader/grade.sh ${part} ${WORK}
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${out}")
  if(NOT status EQUAL expected_status)
    message(FATAL_ERROR "grade.sh ${part}: exit status ${status}, expected ${expected_status}")
  endif()
  set(printed "${out}" PARENT_SCOPE)
endfunction()

grade(main 1)
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${BUILD_DIR}/grader/judge main main_points tests)
part_totals(${BUILD_DIR}/grader/judge extra extra_points tests)
if(NOT printed MATCHES "did not compile" OR NOT printed MATCHES "error:.*this line is not" OR
   NOT printed MATCHES "Score: 0 / ${main_points}")
  message(FATAL_ERROR "the report of a submission that does not compile is missing its parts")
endif()
file(READ ${WORK}/results_main.json results)
string(JSON score GET "${results}" score)
if(NOT score EQUAL 0)
  message(FATAL_ERROR "results.json gives ${score} points to a submission that does not compile")
endif()
grade(extra 0)
if(NOT printed MATCHES "Score: ${extra_points} / ${extra_points}")
  message(FATAL_ERROR "the bonus was not graded apart from the broken main part")
endif()
