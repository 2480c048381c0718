# part_totals(JUDGE PART OUT_MAX_SCORE OUT_TESTS): the part's total points and number of tests
# as the judge's layer descriptions give them (judge --totals), so that no test of the grader
# holds a total of its own that adding a layer would break.
function(part_totals judge part out_max_score out_tests)
  execute_process(COMMAND ${judge} --part ${part} --totals OUTPUT_VARIABLE json RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${judge} --part ${part} --totals failed (${failed})")
  endif()
  string(JSON max_score GET "${json}" max_score)
  string(JSON tests GET "${json}" tests)
  set(${out_max_score} ${max_score} PARENT_SCOPE)
  set(${out_tests} ${tests} PARENT_SCOPE)
endfunction()
