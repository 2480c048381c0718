# make grade-all on a small class, its workers grading from one build folder; then again with
# one submission changed, which alone is graded again.
add_test(NAME grade_all_on_a_small_class
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DPATCHED=${CMAKE_CURRENT_BINARY_DIR}/patched
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/small_class -DSIMILARITY_BUILT=$<TARGET_EXISTS:similarity>
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_grade_all.cmake)
set_tests_properties(grade_all_on_a_small_class PROPERTIES RUN_SERIAL TRUE)
# The class report that grade-all writes, rendered by a real browser (skipped without chromium).
add_test(NAME class_report_in_a_browser
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/class_report_in_browser.sh $<TARGET_FILE:gradebook>
                 ${CMAKE_CURRENT_BINARY_DIR}/class_report)
set_tests_properties(class_report_in_a_browser PROPERTIES SKIP_RETURN_CODE 77)

# The Gradescope autograder zip and run_autograder on a simulated /autograder tree; then as
# Gradescope runs it, student code as user nobody (skipped, saying why, where that cannot be).
# Alone: the student code as nobody plants links wherever it may write, /tmp included.
foreach(stage package as_nobody)
  set(test gradescope_autograder)
  if(stage STREQUAL "as_nobody")
    set(test gradescope_student_code_as_nobody)
  endif()
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                   -DGRADER_BIN=${CMAKE_BINARY_DIR}/grader -DWORK=${CMAKE_CURRENT_BINARY_DIR}/gradescope_${stage}
                   -DSTAGE=${stage} -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_gradescope.cmake)
  set_tests_properties(${test} PROPERTIES RUN_SERIAL TRUE SKIP_REGULAR_EXPRESSION "SKIPPED: ")
endforeach()

# PrairieLearn's external grader, run on a simulated /grade tree.
add_test(NAME prairielearn_grader
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DGRADER_BIN=${CMAKE_BINARY_DIR}/grader -DWORK=${CMAKE_CURRENT_BINARY_DIR}/prairielearn
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_prairielearn.cmake)

# make handout: what students get, unpacked and graded on its own.
add_test(NAME handout_grades_stubs_to_zero
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/handout
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_handout.cmake)

# docs/instructor.md's "Adding a graded layer", followed step by step on a copy of the project.
add_test(NAME adding_a_graded_layer
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/adding_a_layer
                 -DGENERATOR=${CMAKE_GENERATOR} -DTORCH_PYTHON=${TORCH_PYTHON} -DREQUIRE_CUDA=${REQUIRE_CUDA}
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_adding_a_layer.cmake)

# The similarity check's parts (built where clang's development files are).
if(TARGET similarity_core)
  add_executable(similarity_test similarity_test.cpp)
  target_link_libraries(similarity_test PRIVATE similarity_core catch_main)
  add_test(NAME similarity_parts COMMAND similarity_test)
  set_tests_properties(similarity_parts PROPERTIES TIMEOUT 120)  # a hostile pair's work is bounded
  # make similarity on the labelled class, against its labels (it builds in the shared build folder).
  add_test(NAME similarity_on_a_labelled_class
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/similarity_on_labelled_class.sh ${CMAKE_BINARY_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/labelled_class)
  set_tests_properties(similarity_on_a_labelled_class PROPERTIES RUN_SERIAL TRUE)
  expect_error(similarity_unwritable_folder
               "$<TARGET_FILE:similarity>|${CMAKE_CURRENT_SOURCE_DIR}/similarity_class|--out|/proc/similarity"
               "cannot make the folder /proc/similarity")
  expect_error(similarity_no_such_class "${PROJECT_SOURCE_DIR}/grader/similarity.sh|/nonexistent|${CMAKE_CURRENT_BINARY_DIR}/x"
               "similarity: no folder /nonexistent")
endif()
