# cmake -DSOURCE_DIR=. -DWORK=dir "-DENV=A=1|B=2" "-DARGS=-DX=1|-DY=2" -DSAYS=words -P expect_configure_error.cmake
# Configures the project afresh in WORK with ARGS, in the environment ENV, and requires the
# configuration to fail with an error that says SAYS (CMake wraps lines, so spacing is ignored).
string(REPLACE "|" ";" env "${ENV}")
string(REPLACE "|" ";" args "${ARGS}")
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND ${CMAKE_COMMAND} -E env ${env} ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK} ${args}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REGEX REPLACE "[ \n]+" " " said "${err}")
if(status EQUAL 0)
  message(FATAL_ERROR "expected the configuration to fail, but it succeeded:\n${out}${err}")
endif()
string(FIND "${said}" "${SAYS}" said_at)
if(said_at EQUAL -1)
  message(FATAL_ERROR "expected a configure error saying '${SAYS}', got:\n${err}")
endif()
