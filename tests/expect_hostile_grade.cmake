# cmake -DPATCH= -DSOURCE_DIR= -DBUILD_DIR= -DWORK= -P expect_hostile_grade.cmake
#
# Grades a hostile submission whole, as `make test` does (grader/grade.sh: the judge compiles,
# checks, links and runs it in bubblewrap's sandbox), and checks that its attack came to
# nothing. PATCH, against the reference, says what to expect in its header:
#   Score: N              the score must be N
#   Says: text            the report must say it
#   Measures: REGEX <= N  what the attack reports it got (REGEX's number) is at most N
#   Graded within: S      the whole grading takes at most S seconds (default 120)
#   Uncontained score: N  graded with --sandbox none, the attack gets through: the score is N
#   Source checks: off    graded without the source and symbol checks (--skip-source-checks):
#                         what holds at run time alone, where those checks have been undone
#   Judge flags: flags    more flags for the judge: limits set low, so that an attack that
#                         must wait one out is over in seconds
# The course's files must come out byte-identical.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(STRINGS ${PATCH} headers REGEX "^(Score|Says|Measures|Graded within|Uncontained score|Source checks|Judge flags): ")
set(within 120)
set(unchecked)
set(judge_flags)
set(says)
set(measures)
foreach(header IN LISTS headers)
  if(header MATCHES "^Score: (.*)$")
    set(score ${CMAKE_MATCH_1})
  elseif(header MATCHES "^Says: (.*)$")
    list(APPEND says "${CMAKE_MATCH_1}")
  elseif(header MATCHES "^Measures: (.*) <= ([0-9]+)$")
    list(APPEND measures "${CMAKE_MATCH_1}=${CMAKE_MATCH_2}")
  elseif(header MATCHES "^Graded within: (.*)$")
    set(within ${CMAKE_MATCH_1})
  elseif(header MATCHES "^Uncontained score: (.*)$")
    set(uncontained_score ${CMAKE_MATCH_1})
  elseif(header STREQUAL "Source checks: off")
    set(unchecked --skip-source-checks)
  elseif(header MATCHES "^Judge flags: (.*)$")
    set(judge_flags "${CMAKE_MATCH_1}")
  endif()
endforeach()

execute_process(COMMAND patch --quiet --force -o ${WORK}/patched.cpp ${SOURCE_DIR}/reference/layers.cpp ${PATCH}
                RESULT_VARIABLE patch_failed)
if(patch_failed)
  message(FATAL_ERROR "${PATCH} no longer applies to reference/layers.cpp: update the patch")
endif()
file(READ ${WORK}/patched.cpp code)
string(REPLACE "namespace reference" "namespace student" code "${code}")
file(WRITE ${WORK}/student/submitted.cpp "${code}")

set(course ${SOURCE_DIR}/reference/layers.cpp ${SOURCE_DIR}/solutions_visible.json
           ${SOURCE_DIR}/tests/hidden/solutions_hidden.json ${SOURCE_DIR}/tests/hints/hidden.json)
include(${CMAKE_CURRENT_LIST_DIR}/unchanged_files.cmake)
remember_files(${course})

function(grade sandbox)
  string(TIMESTAMP start "%s")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env BUILD_DIR=${BUILD_DIR} RESULTS=${WORK}/results.json
                          "JUDGE_FLAGS=--sandbox ${sandbox} ${unchecked} ${judge_flags}"
                          ${SOURCE_DIR}/grader/grade.sh main ${WORK}/student
                  WORKING_DIRECTORY ${SOURCE_DIR} TIMEOUT 600
                  RESULT_VARIABLE status OUTPUT_VARIABLE printed ERROR_VARIABLE printed)
  string(TIMESTAMP end "%s")
  math(EXPR seconds "${end} - ${start}")
  message("--sandbox ${sandbox}: exit ${status} after ${seconds} s\n${printed}")
  set(printed "${printed}" PARENT_SCOPE)
  set(seconds ${seconds} PARENT_SCOPE)
endfunction()

include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${BUILD_DIR}/grader/judge main max_score tests)
grade(bubblewrap)
if(printed MATCHES "--sandbox bubblewrap cannot run: ([^\n]*)")
  message("SKIPPED: bubblewrap cannot run on this machine: ${CMAKE_MATCH_1}")
  return()
endif()
if(seconds GREATER within)
  message(FATAL_ERROR "grading took ${seconds} s, more than ${within} s")
endif()
if(NOT printed MATCHES "\nScore: ([0-9]+) / ${max_score}\n")
  message(FATAL_ERROR "the grading printed no score")
endif()
if(DEFINED score AND NOT CMAKE_MATCH_1 EQUAL score)
  message(FATAL_ERROR "expected a score of ${score}, not ${CMAKE_MATCH_1}")
endif()
foreach(text IN LISTS says)
  string(FIND "${printed}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the report should say '${text}'")
  endif()
endforeach()
foreach(measure IN LISTS measures)
  string(REGEX REPLACE "=([0-9]+)$" "" pattern "${measure}")
  string(REGEX REPLACE "^.*=" "" limit "${measure}")
  if(NOT printed MATCHES "${pattern}")
    message(FATAL_ERROR "the attack did not report '${pattern}'")
  endif()
  if(CMAKE_MATCH_1 GREATER limit)
    message(FATAL_ERROR "'${pattern}': the attack got ${CMAKE_MATCH_1}, more than ${limit}")
  endif()
  message("'${pattern}': ${CMAKE_MATCH_1} (at most ${limit})")
endforeach()
expect_unchanged(${course})

# Without the sandbox the attack gets through: the checks above can fail.
if(DEFINED uncontained_score)
  grade(none)
  if(NOT printed MATCHES "\nScore: ${uncontained_score} / ${max_score}\n")
    message(FATAL_ERROR "without a sandbox the attack should score ${uncontained_score}: the test proves less than it claims")
  endif()
endif()
