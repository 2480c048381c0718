# cmake -DSOURCE_DIR= -DWORK= -DGENERATOR= [-DTORCH_PYTHON= -DREQUIRE_CUDA=] -P expect_adding_a_layer.cmake
#
# docs/instructor.md's "Adding a graded layer", followed on a copy of the project: the worked
# example (tests/adding_a_layer/rnn_cell.patch) is applied, the fixtures are regenerated, the
# course's solution must equal torch::nn::RNNCell (reference_vs_libtorch: the fixtures are its
# outputs, so this is what catches a wrong formula), and it must score full marks, its new test
# included, on both fixture sets, and the stubs 0. A patch that no longer applies fails here: keep the example
# in step with the files it touches.
file(REMOVE_RECURSE ${WORK})
set(copy ${WORK}/project)
execute_process(COMMAND git -C ${SOURCE_DIR} ls-files --cached --others --exclude-standard
                OUTPUT_VARIABLE listing RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "cannot list the project's files with git")
endif()
string(REPLACE "\n" ";" files "${listing}")
foreach(file ${files})
  if(EXISTS ${SOURCE_DIR}/${file} AND NOT IS_DIRECTORY ${SOURCE_DIR}/${file})
    get_filename_component(folder ${copy}/${file} DIRECTORY)
    file(COPY ${SOURCE_DIR}/${file} DESTINATION ${folder})
  endif()
endforeach()

function(run what)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${copy} RESULT_VARIABLE failed OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(failed)
    message(FATAL_ERROR "${what} failed:\n${out}")
  endif()
endfunction()

set(flags)
if(TORCH_PYTHON)
  list(APPEND flags -DTORCH_PYTHON=${TORCH_PYTHON} -DREQUIRE_CUDA=${REQUIRE_CUDA})
endif()
run("configuring" ${CMAKE_COMMAND} -S . -B build -G ${GENERATOR} ${flags})
set(sets solutions_visible.json tests/hidden/solutions_hidden.json)
set(names visible hidden)
# The fixtures before and after, written by the same LibTorch (another one differs in the last
# digits): the new layer's keys join them, and every other line stays as it was (but for the
# comma that ends a line now followed by another).
foreach(stage before after)
  if(stage STREQUAL after)
    run("applying the worked example" patch -p1 --quiet -i ${SOURCE_DIR}/tests/adding_a_layer/rnn_cell.patch)
  endif()
  run("building make_fixtures" ${CMAKE_COMMAND} --build build --target make_fixtures)
  foreach(name ${names})
    list(FIND names ${name} i)
    list(GET sets ${i} set)
    run("writing the ${name} fixtures" build/reference/make_fixtures --set ${name} --out ${set})
    file(STRINGS ${copy}/${set} ${name}_${stage})
    list(TRANSFORM ${name}_${stage} REPLACE ",$" "")
  endforeach()
endforeach()
foreach(name ${names})
  list(FILTER ${name}_after EXCLUDE REGEX "^\"rnncell_")
  if(NOT ${name}_before STREQUAL ${name}_after)
    message(FATAL_ERROR "adding a layer changed other values in the ${name} fixtures")
  endif()
endforeach()
run("building the grader, the probes and the check against LibTorch" ${CMAKE_COMMAND} --build build
    --target grading_framework probe_reference_extra probe_stubs_extra reference_vs_libtorch)
run("grading" ctest --test-dir build --output-on-failure
    -R "^(reference_vs_libtorch|reference_extra_visible|reference_extra_hidden|stubs_extra)$")

file(READ ${copy}/build/tests/reference_extra_visible.json results)
string(JSON score GET "${results}" score)
string(JSON max_score GET "${results}" max_score)
if(NOT results MATCHES "\"name\": *\"MyRNNCell forward\"" OR NOT score EQUAL max_score)
  message(FATAL_ERROR "the new layer's test is not among the graded ones, or the score is ${score}, not ${max_score}")
endif()
