# The reference scores full marks on both fixture sets; the untouched stubs score 0.
foreach(part main extra)
  foreach(set visible hidden)
    expect_grade(reference_${part}_${set} probe_reference_${part} ${reference_${part}} ${part}
                 ${${set}_fixtures} full)
  endforeach()
  # The stubs' comments name the forbidden layers: the source scan must not count them.
  expect_grade(stubs_${part} probe_stubs_${part} ${stubs_${part}} ${part} ${visible_fixtures} zero)
endforeach()

# Where bubblewrap is missing or cannot start, the strongest other mode grades, and the report
# says which and why: a correct submission still gets full marks.
expect_grade(sandbox_falls_back_without_bubblewrap probe_reference_main ${reference_main} main
             ${visible_fixtures} full PATH /nonexistent
             REPORT_SAYS "Sandbox: none, the code ran with the grader's own rights: bubblewrap is not installed")
set(broken_bubblewrap ${CMAKE_CURRENT_SOURCE_DIR}/fake_sandbox/broken)
expect_grade(sandbox_falls_back_when_bubblewrap_cannot_start probe_reference_main ${reference_main} main
             ${visible_fixtures} full PATH ${broken_bubblewrap}
             REPORT_SAYS "Sandbox: none, the code ran with the grader's own rights: bwrap: No permissions")

# Where the judge cannot make cgroups (not root), the caps fall back to each process's limits,
# and the report says so. Run as nobody, who must be able to reach this checkout.
execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups
                        test -r ${visible_fixtures} -a -x ${CMAKE_BINARY_DIR}
                RESULT_VARIABLE nobody_cannot_reach OUTPUT_QUIET ERROR_QUIET)
if(NOT nobody_cannot_reach)
  expect_grade(caps_fall_back_without_cgroups probe_reference_main ${reference_main} main ${visible_fixtures} full
               AS_NOBODY REPORT_SAYS "memory 4096 MiB per process (cannot create a memory cgroup")
else()
  message(STATUS "user nobody cannot reach this checkout (or setpriv cannot switch): the caps' fallback test is left out")
endif()

# Full marks on a machine three times oversubscribed, at a 2 s limit that the wall clock
# would break: a hang is judged by CPU time.
expect_grade(reference_main_under_load probe_reference_main ${reference_main} main ${visible_fixtures} full
             TIMEOUT 2 BUSY_LOOPS_PER_CORE 3)

add_executable(reference_vs_libtorch reference_vs_libtorch.cpp)
target_link_libraries(reference_vs_libtorch PRIVATE reference_layers judge_core catch_main)
use_torch(reference_vs_libtorch)
add_test(NAME reference_vs_libtorch COMMAND reference_vs_libtorch)

add_executable(grader_selftest grader_selftest.cpp)
target_link_libraries(grader_selftest PRIVATE judge_core catch_main)
target_compile_definitions(grader_selftest PRIVATE VISIBLE_FIXTURES="${visible_fixtures}"
                                                   HIDDEN_FIXTURES="${hidden_fixtures}")
add_test(NAME grader_selftest COMMAND grader_selftest)

# The caps on this machine's cgroups for real (v1 or v2); skipped, saying why, where the judge can
# make none.
add_executable(caps_live caps_live.cpp)
target_link_libraries(caps_live PRIVATE judge_core)
add_test(NAME caps_on_this_machines_cgroups COMMAND caps_live)
set_tests_properties(caps_on_this_machines_cgroups PROPERTIES SKIP_RETURN_CODE 77 RUN_SERIAL TRUE)

# A submission that does not compile.
add_test(NAME submission_that_does_not_compile
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/broken_submission
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_compile_failure.cmake)

# A grading that ends without a report leaves none, never the last grading's: grade.sh removes
# it first (a judge that writes nothing stands in for one that crashed).
add_test(NAME grading_without_a_report_leaves_none
         COMMAND sh -c "echo '{\"score\": 50}' > \"$0\"; JUDGE=/bin/true RESULTS=\"$0\" BUILD_DIR='${CMAKE_BINARY_DIR}' \
                        '${PROJECT_SOURCE_DIR}/grader/grade.sh' main '${PROJECT_SOURCE_DIR}/student' > /dev/null 2>&1; \
                        test ! -e \"$0\"" ${CMAKE_CURRENT_BINARY_DIR}/left_no_report.json)

# Bad input to the judge and the grade driver: one line of error, exit status 2.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/not_json.json "{\"linear_weight\": [1, 2")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/empty.json "{}")
file(READ ${visible_fixtures} fixture_text)
string(REGEX REPLACE "\"linear_weight\": \\[\\[[^]]*\\]," "\"linear_weight\": [[1, 2]," ragged "${fixture_text}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/ragged.json "${ragged}")
string(REGEX REPLACE "\"linear_output_size\": *9" "\"linear_output_size\": 8" resized "${fixture_text}")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/wrong_shape.json "${resized}")
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/no_submission)
set(judge_on_reference "$<TARGET_FILE:judge>|--part|main|--probe|$<TARGET_FILE:probe_reference_main>")
expect_error(bad_input_missing_fixture_file "${judge_on_reference}|--fixtures|/nonexistent.json"
             "cannot open the fixture file")
expect_error(bad_input_malformed_fixture_file
             "${judge_on_reference}|--fixtures|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/not_json.json"
             "is unusable")
expect_error(bad_input_fixture_missing_keys
             "${judge_on_reference}|--fixtures|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/empty.json"
             "no key 'linear_input_size'")
expect_error(bad_input_ragged_fixture_tensor
             "${judge_on_reference}|--fixtures|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/ragged.json"
             "'linear_weight': ragged")
expect_error(bad_input_fixture_of_wrong_shape
             "${judge_on_reference}|--fixtures|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/wrong_shape.json"
             "'linear_weight' has shape [9, 17], expected [linear_output_size, linear_input_size]: linear_output_size is 8")
expect_error(bad_input_unknown_part "$<TARGET_FILE:judge>|--part|bonus|--fixtures|x" "--part must be")
expect_error(bad_input_unknown_flag "$<TARGET_FILE:judge>|--frobnicate" "frobnicate")
expect_error(bad_input_unknown_hint_level
             "${judge_on_reference}|--fixtures|${visible_fixtures}|--hint-level|all" "--hint-level must be mistake, nudge or numbers, not 'all'")
expect_error(bad_input_unknown_sandbox
             "${judge_on_reference}|--fixtures|${visible_fixtures}|--sandbox|docker" "--sandbox must be auto")
expect_error(bad_input_sandbox_that_cannot_start
             "${CMAKE_COMMAND}|-E|env|PATH=${broken_bubblewrap}|${judge_on_reference}|--fixtures|${visible_fixtures}|--sandbox|bubblewrap"
             "--sandbox bubblewrap cannot run: bwrap: No permissions")
expect_error(bad_input_folder_without_submission
             "${PROJECT_SOURCE_DIR}/grader/grade.sh|main|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/no_submission"
             "has no submitted.cpp")
