# cmake "-DCOMMAND=prog|arg|arg" -DSAYS=words -P expect_error.cmake
# Runs COMMAND and requires exit status 2 and exactly one line of error naming SAYS.
string(REPLACE "|" ";" command "${COMMAND}")
execute_process(COMMAND ${command} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(STRIP "${err}" err)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "expected exit status 2, got ${status}: ${out}${err}")
endif()
if(NOT err MATCHES "${SAYS}")
  message(FATAL_ERROR "expected an error saying '${SAYS}', got: ${err}")
endif()
if(err MATCHES "\n")
  message(FATAL_ERROR "expected one line of error, got:\n${err}")
endif()
