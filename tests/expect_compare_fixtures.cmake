# cmake -DCOMPARE=compare_fixtures -DFIXTURES=solutions_visible.json -DWORK=dir -P expect_compare_fixtures.cmake
# compare_fixtures passes a fixture file whose numbers moved by float32 rounding, and fails one
# whose number moved past the grading tolerance, or that lost a key, naming where.
file(READ ${FIXTURES} committed)
string(JSON first GET "${committed}" linear_output 0 0)

function(expect_comparison name json expected_rc says)
  file(WRITE ${WORK}/${name}.json "${json}")
  execute_process(COMMAND ${COMPARE} ${FIXTURES} ${WORK}/${name}.json
                  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
  if(NOT rc EQUAL expected_rc OR NOT err MATCHES "${says}")
    message(FATAL_ERROR "${name}: exit ${rc}, expected ${expected_rc}; said: ${err}")
  endif()
endfunction()

string(JSON rounded SET "${committed}" linear_output 0 0 "${first}1")
expect_comparison(rounding "${rounded}" 0 "")
string(JSON moved SET "${committed}" linear_output 0 0 "0.5")
expect_comparison(moved "${moved}" 1 "/linear_output\\[0\\]\\[0\\]: -1.25633 committed, 0.5 now")
string(JSON lost REMOVE "${committed}" linear_bias)
expect_comparison(lost_key "${lost}" 1 "/linear_bias: committed, not written now")
expect_comparison(not_json "{" 2 "is not JSON")
