# cmake -DWRITER= -DSET= -DOUT= -DCOMMITTED= -P expect_reproducible.cmake
# Regenerates a fixture set and requires it byte-identical to the committed file.
execute_process(COMMAND ${WRITER} --set ${SET} --out ${OUT} RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "make_fixtures --set ${SET} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT} ${COMMITTED} RESULT_VARIABLE differs)
if(differs)
  message(FATAL_ERROR "${COMMITTED} differs from what make_fixtures writes now (${OUT})")
endif()
