# cmake -DSOURCE_DIR= -DBUILD_DIR= -DGRADER_BIN= -DWORK= -P expect_prairielearn.cmake
#
# PrairieLearn's external grader: `make prairielearn` stages the image's files and the question,
# and prairielearn/run_grader, run on a simulated /grade tree as PrairieLearn runs it, writes
# /grade/results/results.json in PrairieLearn's format for a correct, an unimplemented, a wrong
# and a hostile submission, and for none at all. As root, student code runs as user nobody.
file(REMOVE_RECURSE ${WORK})
unset(ENV{HINT_LEVEL})  # the default level, whatever the caller's environment says
execute_process(COMMAND ${SOURCE_DIR}/prairielearn/package.sh ${WORK}/package RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "prairielearn/package.sh failed")
endif()
set(package ${WORK}/package)
foreach(staged image/Dockerfile image/prairielearn/run_grader image/grader/install_image.sh image/grader/lib.sh
               image/solutions_visible.json serverFilesCourse/recurrent_video/solutions_hidden.json
               serverFilesCourse/recurrent_video/hints_hidden.json questions/main/info.json
               questions/main/question.html questions/extra/info.json)
  if(NOT EXISTS ${package}/${staged})
    message(FATAL_ERROR "make prairielearn staged no ${staged}")
  endif()
endforeach()
# The image is public: it holds what students hold, no more.
foreach(secret reference tests/hidden tests/hints/hidden.json tests/wrong_implementations tests/right_implementations
               gradescope docs/instructor.md)
  if(EXISTS ${package}/image/${secret})
    message(FATAL_ERROR "the public image would hold ${secret}")
  endif()
endforeach()
file(READ ${package}/image/tests/hints/visible.json image_hints)
file(READ ${package}/serverFilesCourse/recurrent_video/hints_hidden.json hidden_hints)
if(image_hints MATCHES "\"mistake\"" OR hidden_hints MATCHES "\"mistake\"" OR NOT hidden_hints MATCHES "\"nudge\"")
  message(FATAL_ERROR "at the default level the packaged hints must hold nudges and no mistake's name")
endif()
file(READ ${package}/questions/main/info.json info)
string(JSON entrypoint GET "${info}" externalGradingOptions entrypoint)
string(JSON part GET "${info}" externalGradingOptions environment PART)
string(JSON level GET "${info}" externalGradingOptions environment HINT_LEVEL)
string(JSON server_files GET "${info}" externalGradingOptions serverFilesCourse 0)
if(NOT entrypoint STREQUAL "/grader/prairielearn/run_grader" OR NOT part STREQUAL "main" OR NOT level STREQUAL "nudge"
   OR NOT server_files STREQUAL "recurrent_video/")
  message(FATAL_ERROR "the question's info.json does not run the grader on the main part as packaged: ${info}")
endif()
# Another level is written into the questions and cuts the hints; an unknown one is refused,
# and a folder the script did not make is never replaced.
execute_process(COMMAND ${CMAKE_COMMAND} -E env HINT_LEVEL=mistake ${SOURCE_DIR}/prairielearn/package.sh ${WORK}/mistake
                RESULT_VARIABLE failed OUTPUT_QUIET)
file(READ ${WORK}/mistake/questions/extra/info.json info)
string(JSON level GET "${info}" externalGradingOptions environment HINT_LEVEL)
file(READ ${WORK}/mistake/serverFilesCourse/recurrent_video/hints_hidden.json hidden_hints)
if(failed OR NOT level STREQUAL "mistake" OR NOT hidden_hints MATCHES "\"mistake\"")
  message(FATAL_ERROR "HINT_LEVEL=mistake make prairielearn: exit ${failed}, level '${level}' in info.json")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env HINT_LEVEL=all ${SOURCE_DIR}/prairielearn/package.sh ${WORK}/bad
                RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 2 OR NOT err MATCHES "HINT_LEVEL must be mistake, nudge or numbers")
  message(FATAL_ERROR "package.sh took HINT_LEVEL=all: exit ${status}, ${err}")
endif()
file(WRITE ${WORK}/someone_elses/keep.txt "not the packager's")
execute_process(COMMAND ${SOURCE_DIR}/prairielearn/package.sh ${WORK}/someone_elses RESULT_VARIABLE status ERROR_QUIET)
if(NOT status EQUAL 2 OR NOT EXISTS ${WORK}/someone_elses/keep.txt)
  message(FATAL_ERROR "package.sh replaced a folder it did not make")
endif()

execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
set(grade_as "")
if(uid EQUAL 0)
  execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups test -r ${SOURCE_DIR}/layers/layers.h
                  RESULT_VARIABLE nobody_cannot_reach OUTPUT_QUIET ERROR_QUIET)
  if(NOT nobody_cannot_reach)
    set(grade_as nobody)
  endif()
endif()

# grade(NAME PART SOURCE_TEXT): grades SOURCE_TEXT handed in as PART's file (no file when
# SOURCE_TEXT is empty); leaves the parsed results in `results`.
function(grade name part text)
  set(judge_flags "${ARGV3}")
  set(root ${WORK}/${name})
  if(part STREQUAL "main")
    set(file submitted.cpp)
  else()
    set(file extra.cpp)
  endif()
  file(MAKE_DIRECTORY ${root}/student)
  # As PrairieLearn delivers them: readable by anyone.
  file(COPY ${package}/serverFilesCourse DESTINATION ${root} FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
       WORLD_READ DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ
       WORLD_EXECUTE)
  if(NOT text STREQUAL "")
    file(WRITE ${root}/student/${file} "${text}")
  endif()
  execute_process(COMMAND ${CMAKE_COMMAND} -E env GRADE_ROOT=${root} PART=${part} GRADE_AS=${grade_as}
                          GRADER_BIN=${GRADER_BIN} BUILD_DIR=${BUILD_DIR} "JUDGE_FLAGS=${judge_flags}"
                          ${SOURCE_DIR}/prairielearn/run_grader
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT status EQUAL 0 OR NOT EXISTS ${root}/results/results.json)
    message(FATAL_ERROR "${name}: run_grader exited ${status} or wrote no results: ${out}")
  endif()
  file(SIZE ${root}/results/results.json size)
  if(size GREATER 1000000)
    message(FATAL_ERROR "${name}: results.json is ${size} bytes, over PrairieLearn's 1 MB")
  endif()
  file(READ ${root}/results/results.json json)
  # The format: a gradable result has a score in [0, 1] and tests with a name, points,
  # max_points and output; an ungradable one says why in format_errors.
  string(JSON gradable ERROR_VARIABLE no_gradable GET "${json}" gradable)
  if(gradable)
    string(JSON score GET "${json}" score)
    string(JSON count LENGTH "${json}" tests)
    if(score LESS 0 OR score GREATER 1 OR count EQUAL 0)
      message(FATAL_ERROR "${name}: score ${score} outside [0, 1] or no tests: ${json}")
    endif()
    math(EXPR last "${count} - 1")
    foreach(i RANGE ${last})
      foreach(field name points max_points output)
        string(JSON value ERROR_VARIABLE missing GET "${json}" tests ${i} ${field})
        if(missing)
          message(FATAL_ERROR "${name}: test ${i} has no ${field}")
        endif()
      endforeach()
    endforeach()
  else()
    string(JSON why ERROR_VARIABLE missing GET "${json}" format_errors 0)
    if(missing)
      message(FATAL_ERROR "${name}: not gradable without saying why: ${json}")
    endif()
  endif()
  set(results "${json}" PARENT_SCOPE)
endfunction()

file(READ ${SOURCE_DIR}/reference/layers.cpp reference)
string(REPLACE "namespace reference" "namespace student" correct "${reference}")
grade(correct main "${correct}")
string(JSON score GET "${results}" score)
string(JSON count LENGTH "${results}" tests)
math(EXPR last "${count} - 1")
string(JSON last_name GET "${results}" tests ${last} name)
string(JSON last_points GET "${results}" tests ${last} points)
if(NOT score EQUAL 1 OR NOT last_name MATCHES "^hidden tests \\([0-9]+\\)$" OR NOT last_points EQUAL 50
   OR results MATCHES "\\(hidden\\)\"")
  message(FATAL_ERROR "correct: score ${score} (expected 1); the hidden tests must be one row of 50 points, "
                      "no hidden test named: ${results}")
endif()

file(READ ${SOURCE_DIR}/student/submitted.cpp stub)
grade(stubs main "${stub}")
string(JSON score GET "${results}" score)
string(JSON first_output GET "${results}" tests 0 output)
if(NOT score EQUAL 0 OR NOT first_output MATCHES "not implemented")
  message(FATAL_ERROR "stubs: score ${score} (expected 0), first test says: ${first_output}")
endif()

# A wrong gate order: some points, and the hint at the default level in the test's output.
execute_process(COMMAND patch --quiet --force -o ${WORK}/wrong.cpp ${SOURCE_DIR}/reference/layers.cpp
                        ${SOURCE_DIR}/tests/wrong_implementations/gate_order_ifog.patch)
file(READ ${WORK}/wrong.cpp wrong)
string(REPLACE "namespace reference" "namespace student" wrong "${wrong}")
grade(wrong main "${wrong}")
string(JSON score GET "${results}" score)
if(NOT score GREATER 0 OR NOT score LESS 1 OR NOT results MATCHES "Look at the order of the four gates")
  message(FATAL_ERROR "wrong: score ${score} (expected between 0 and 1) or no hint: ${results}")
endif()

# Hostile: the reference's own file included. Outside any sandbox that would score full marks.
execute_process(COMMAND patch --quiet --force -o ${WORK}/hostile.cpp ${SOURCE_DIR}/reference/layers.cpp
                        ${SOURCE_DIR}/tests/hostile/graded/includes_the_solution.patch)
file(READ ${WORK}/hostile.cpp hostile)
string(REPLACE "namespace reference" "namespace student" hostile "${hostile}")
grade(hostile main "${hostile}")
string(JSON score GET "${results}" score)
if(NOT score EQUAL 0)
  message(FATAL_ERROR "hostile: score ${score}, expected 0")
endif()

# Nothing handed in: not gradable, and the student keeps the attempt.
grade(nothing extra "")
string(JSON gradable GET "${results}" gradable)
string(JSON why GET "${results}" format_errors 0)
if(gradable OR NOT why MATCHES "Hand in a file named extra.cpp")
  message(FATAL_ERROR "nothing handed in: ${results}")
endif()

# A correct submission that reads the course's hidden fixtures where PrairieLearn puts them, run
# as the student user without bubblewrap (file permissions are all that stand in its way): it
# finds them unreadable and scores what the reference scores, and nothing of them is shown.
if(grade_as STREQUAL "")
  message("not root, or nobody cannot reach this checkout: the hidden fixtures' permissions are not tried")
  return()
endif()
set(reader "${correct}")
string(REPLACE "#include <cmath>\n" "#include <cmath>\n#include <fstream>\n" reader "${reader}")
string(REPLACE "Tensor MyLinearImpl::forward(const Tensor& x) {\n"
               "Tensor MyLinearImpl::forward(const Tensor& x) {\n  std::ifstream hidden(\"${WORK}/reader/serverFilesCourse/recurrent_video/solutions_hidden.json\");\n  std::string line;\n  if (std::getline(hidden, line)) throw std::runtime_error(\"READ: \" + line.substr(0, 60));\n"
               reader "${reader}")
grade(reader main "${reader}" "--sandbox user")
string(JSON score GET "${results}" score)
if(NOT score EQUAL 1 OR results MATCHES "READ: ")
  message(FATAL_ERROR "reader: student code read the hidden fixtures (score ${score}): ${results}")
endif()
if(NOT EXISTS ${WORK}/reader/serverFilesCourse/recurrent_video/solutions_hidden.json)
  message(FATAL_ERROR "reader: the hidden fixtures were not where the submission looked: the test proves nothing")
endif()
