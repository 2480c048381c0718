# cmake -DSOURCE_DIR= -DWORK= -P expect_handout.cmake
#
# The student handout: it holds what a student needs and nothing of the course staff's, and
# once unpacked on its own it builds and grades the untouched stubs to 0.
file(REMOVE_RECURSE ${WORK})
unset(ENV{HINT_LEVEL})  # the default level, whatever the caller's environment says
execute_process(COMMAND ${SOURCE_DIR}/scripts/package-handout.sh ${WORK}/handout.zip RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "package-handout.sh failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E tar tf ${WORK}/handout.zip OUTPUT_VARIABLE listing)
foreach(needed README.md Makefile layers/api.inc student/submitted.cpp student/extra.cpp
               solutions_visible.json tests/graded/main_tests.cpp tests/hints/visible.json
               scripts/install-deps.sh mocogan/weights/shape_motion.safetensors mocogan/generate_main.cpp
               convlstm/train_main.cpp common/image_io.cpp docs/mocogan.md docs/convlstm.md)
  if(NOT listing MATCHES "(^|\n)recurrent-video/${needed}\n")
    message(FATAL_ERROR "the handout has no ${needed}:\n${listing}")
  endif()
endforeach()
# (the similarity check too: with it a student could tune a disguise until it scores low)
foreach(secret reference/ tests/hidden/ tests/hints/hidden.json tests/right_implementations/
               tests/wrong_implementations/ gradescope/ docs/instructor.md grader/similarity/
               grader/similarity.sh tests/similarity_class/)
  if(listing MATCHES "(^|\n)recurrent-video/${secret}")
    message(FATAL_ERROR "the handout gives away ${secret}")
  endif()
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} -E tar xf ${WORK}/handout.zip WORKING_DIRECTORY ${WORK})
# At the default hint level the shipped hints say what to look at, never the mistake itself.
file(READ ${WORK}/recurrent-video/tests/hints/visible.json shipped_hints)
if(shipped_hints MATCHES "\"mistake\"" OR NOT shipped_hints MATCHES "\"nudge\"")
  message(FATAL_ERROR "the handout's hints file should hold the nudges and no mistake's name")
endif()
# The handout is graded as a student gets it: with the default LibTorch, not with the TORCH=pip
# of a `make check` this test may run under, which make passes on in MAKEFLAGS and exports.
unset(ENV{MAKEFLAGS})
unset(ENV{TORCH})
execute_process(COMMAND make test WORKING_DIRECTORY ${WORK}/recurrent-video
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${WORK}/recurrent-video/build/grader/judge main points tests)
if(status EQUAL 0 OR NOT out MATCHES "Score: 0 / ${points}")
  message(FATAL_ERROR "make test on the handout's stubs: exit ${status}, expected a failing 0 / ${points}")
endif()
execute_process(COMMAND make check WORKING_DIRECTORY ${WORK}/recurrent-video
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 2 OR NOT out MATCHES "is for course staff")
  message(FATAL_ERROR "make check in the handout does not say it is for course staff: ${out}")
endif()
# The video programs build without reference/: the reference run makes videos, and the
# stubs' run says what to finish.
execute_process(COMMAND make videos LSTM=libtorch WORKING_DIRECTORY ${WORK}/recurrent-video
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0 OR NOT out MATCHES "wrote 8 videos")
  message(FATAL_ERROR "make videos LSTM=libtorch in the handout: exit ${status}: ${out}")
endif()
execute_process(COMMAND make videos WORKING_DIRECTORY ${WORK}/recurrent-video
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(status EQUAL 0 OR NOT out MATCHES "your LSTM is not finished")
  message(FATAL_ERROR "make videos on the handout's stubs: exit ${status}: ${out}")
endif()
