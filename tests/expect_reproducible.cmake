# cmake "-DCOMMAND=prog|arg|..." -DOUT= -DCOMMITTED= -P expect_reproducible.cmake
# Runs a writer (COMMAND, which writes OUT) and requires OUT byte-identical to COMMITTED.
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${COMMAND} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${COMMITTED} RESULT_VARIABLE differs)
if(differs)
  message(FATAL_ERROR "${COMMITTED} differs from what is written now (${OUT}): run make fixtures")
endif()
