# Included by the resume tests: expect_resumes_exactly(WORK RESULT WHOLE FIRST_HALF SECOND_HALF)
# runs a trainer three ways, each a "|"-separated command line given a folder by --out: WHOLE
# in WORK/whole, then FIRST_HALF and SECOND_HALF (which resumes) in WORK/split, and requires
# the file RESULT that both runs write to be byte-identical.
function(expect_resumes_exactly work result whole first_half second_half)
  file(REMOVE_RECURSE ${work})
  foreach(run "whole;${whole}" "split;${first_half}" "split;${second_half}")
    list(POP_FRONT run folder)
    string(REPLACE "|" ";" command "${run}")
    execute_process(COMMAND ${command} --out ${work}/${folder} RESULT_VARIABLE status ERROR_VARIABLE err OUTPUT_QUIET)
    if(NOT status EQUAL 0)
      message(FATAL_ERROR "${command}: exit ${status}: ${err}")
    endif()
  endforeach()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${work}/whole/${result} ${work}/split/${result}
                  RESULT_VARIABLE differs)
  if(differs)
    message(FATAL_ERROR "resuming gave another ${result} than an unbroken run")
  endif()
endfunction()
