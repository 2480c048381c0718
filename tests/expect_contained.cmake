# cmake -DJUDGE= -DPROBE= -DSOURCE= -DFIXTURES= -DHINTS= -DCLASSMATE= -DWORK= -P expect_contained.cmake
#
# Grades a hostile submission (tests/hostile/: it rewrites the course's files, reads the fixtures,
# stops the judge, leaves a process behind) in bubblewrap's sandbox, and checks that every attack
# came to nothing: the same grade as the reference, the course's and classmates' files
# byte-identical, results.json the judge's, no process left. Then grades it with no sandbox and
# checks that the attacks on files and on the judge are real there, so each check above can fail;
# the process it would leave behind is refused there too, by the probe's system-call filter.
# All files are copies under WORK: an attack that gets through harms no real one.
file(REMOVE_RECURSE ${WORK})
set(course ${WORK}/course)
set(class ${WORK}/class)
file(MAKE_DIRECTORY ${course} ${class}/alice ${class}/bob ${class}/mallory)
file(COPY ${JUDGE} ${PROBE} DESTINATION ${course})  # keeps the executable bit
get_filename_component(judge_name ${JUDGE} NAME)
get_filename_component(probe_name ${PROBE} NAME)
configure_file(${FIXTURES} ${course}/fixtures.json COPYONLY)
configure_file(${HINTS} ${course}/hints.json COPYONLY)
configure_file(${CLASSMATE} ${class}/alice/submitted.cpp COPYONLY)
configure_file(${CLASSMATE} ${class}/bob/submitted.cpp COPYONLY)
configure_file(${SOURCE} ${class}/mallory/submitted.cpp COPYONLY)
set(watched ${course}/fixtures.json ${course}/hints.json ${course}/${judge_name}
            ${class}/alice/submitted.cpp ${class}/bob/submitted.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/unchanged_files.cmake)
remember_files(${watched})

# The pids of processes named escaped-probe (what the hostile code leaves behind).
function(escaped_processes out)
  file(GLOB comms /proc/[0-9]*/comm)
  set(pids)
  foreach(comm IN LISTS comms)
    file(READ ${comm} name)
    if(name STREQUAL "escaped-probe\n")
      string(REGEX REPLACE "/proc/([0-9]+)/comm" "\\1" pid ${comm})
      list(APPEND pids ${pid})
    endif()
  endforeach()
  set(${out} "${pids}" PARENT_SCOPE)
endfunction()

function(grade sandbox timeout)
  execute_process(COMMAND ${course}/${judge_name} --part main --probe ${course}/${probe_name}
                          --source ${class}/mallory/submitted.cpp --fixtures ${course}/fixtures.json
                          --hints ${course}/hints.json --results ${WORK}/results.json
                          --sandbox ${sandbox} --timeout 5
                  TIMEOUT ${timeout} RESULT_VARIABLE status OUTPUT_VARIABLE printed ERROR_VARIABLE printed)
  message("--sandbox ${sandbox}: exit ${status}\n${printed}")
  set(status "${status}" PARENT_SCOPE)
  set(printed "${printed}" PARENT_SCOPE)
endfunction()

grade(bubblewrap 120)
if(printed MATCHES "--sandbox bubblewrap cannot run: ([^\n]*)")
  message("SKIPPED: bubblewrap cannot run on this machine: ${CMAKE_MATCH_1}")
  return()
endif()
escaped_processes(left)
if(status MATCHES "timeout")
  message(FATAL_ERROR "the judge never finished: the hostile code stopped it")
endif()
if(left)
  message(FATAL_ERROR "processes ${left} outlived grading")
endif()
string(REGEX MATCHALL "Score: [^\n]*" scores "${printed}")
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${JUDGE} main points tests)
set(full "Score: ${points} / ${points}")
if(NOT status EQUAL 0 OR NOT scores STREQUAL full OR NOT printed MATCHES "\n${full}\n$")
  message(FATAL_ERROR "expected the reference's grade, ${full} and exit 0, as the last line and the only score: exit ${status}")
endif()
if(printed MATCHES "read the fixture file")
  message(FATAL_ERROR "the hostile code could open the fixtures")
endif()
expect_unchanged(${watched})
if(IS_DIRECTORY ${WORK}/results.json OR IS_SYMLINK ${WORK}/results.json)
  message(FATAL_ERROR "${WORK}/results.json is not the judge's file")
endif()
file(READ ${WORK}/results.json results)
string(JSON score GET "${results}" score)
if(NOT score EQUAL 50)
  message(FATAL_ERROR "results.json says ${score}, not the judge's 50")
endif()

# Without a sandbox the same code gets through: each check above can fail.
grade(none 30)
escaped_processes(left)
foreach(pid IN LISTS left)
  execute_process(COMMAND sh -c "kill -9 ${pid}")
endforeach()
# Leaving a process behind needs fork, which the probe's system-call filter refuses in every
# mode, sandbox or none.
if(left)
  message(FATAL_ERROR "without a sandbox the hostile code left processes ${left}: the system-call filter should refuse fork")
endif()
set(missed)
if(NOT status MATCHES "timeout")
  list(APPEND missed "stop the judge")
endif()
if(NOT printed MATCHES "read the fixture file")
  list(APPEND missed "read the fixtures")
endif()
if(NOT IS_DIRECTORY ${WORK}/results.json)
  list(APPEND missed "take results.json's place")
endif()
changed_files(changed ${watched})
foreach(file IN LISTS watched)
  list(FIND changed ${file} at)
  if(at EQUAL -1)
    list(APPEND missed "change ${file}")
  endif()
endforeach()
if(missed)
  message(FATAL_ERROR "without a sandbox the hostile code should, but did not: ${missed}; the test proves less than it claims")
endif()
