# cmake "-DCOMMAND=prog|arg|..." -DOUT= -DCOMMITTED= [-DCOMPARE=compare_fixtures] -P expect_reproducible.cmake
# Runs a writer (COMMAND, which writes OUT) and requires OUT byte-identical to COMMITTED, or,
# given COMPARE (another LibTorch than the one that wrote COMMITTED), that OUT grades the same.
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${COMMAND} failed")
endif()
if(COMPARE)
  execute_process(COMMAND ${COMPARE} ${COMMITTED} ${OUT} RESULT_VARIABLE differs)
else()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${COMMITTED} RESULT_VARIABLE differs)
endif()
if(differs)
  message(FATAL_ERROR "${COMMITTED} differs from what is written now (${OUT}): run make fixtures")
endif()
