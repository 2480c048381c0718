# cmake -DGENERATE=mocogan_generate -DWEIGHTS=file -DWORK=dir -P expect_mocogan_generate.cmake
# The generator program: the student stubs say what to do, a seed fixes the videos, every
# promised file is written, the quality measures are printed, and a damaged weight file is one
# line naming the tensor.
file(REMOVE_RECURSE ${WORK})
function(run name)
  execute_process(COMMAND ${GENERATE} ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(${name}_status ${status} PARENT_SCOPE)
  set(${name}_out "${out}" PARENT_SCOPE)
  string(STRIP "${err}" err)
  set(${name}_err "${err}" PARENT_SCOPE)
endfunction()

run(stubs --out ${WORK}/stubs)
if(NOT stubs_status EQUAL 2 OR NOT stubs_err MATCHES "^mocogan_generate: your LSTM is not finished \\(.*not implemented yet\\).*--lstm libtorch$")
  message(FATAL_ERROR "the student stubs: exit ${stubs_status}, said: ${stubs_err}")
endif()

set(flags --lstm libtorch --videos 3 --frames 10)
run(first ${flags} --seed 3 --out ${WORK}/first)
run(again ${flags} --seed 3 --out ${WORK}/again)
run(other ${flags} --seed 4 --out ${WORK}/other)
if(NOT first_status EQUAL 0 OR NOT first_out MATCHES "average content distance [^\n]*: generated [0-9.]+"
   OR NOT first_out MATCHES "colour spread [^\n]*: one content [0-9.]+, one motion [0-9.]+, real videos [0-9.]+")
  message(FATAL_ERROR "generating: exit ${first_status}: ${first_out}${first_err}")
endif()
# One video has no pairs to spread over: it still generates, without that line. Without
# --frames, videos are as long as the weights' training clips (their metadata says 8).
run(single --lstm libtorch --videos 1 --score-videos 0 --out ${WORK}/single)
file(GLOB single_frames ${WORK}/single/video_0/*.png)
list(LENGTH single_frames single_count)
if(NOT single_status EQUAL 0 OR single_out MATCHES "colour spread" OR NOT single_count EQUAL 8)
  message(FATAL_ERROR "one video: exit ${single_status}, ${single_count} frames: ${single_out}${single_err}")
endif()
set(promised contact_sheet.png same_content.png same_motion.png video_0.gif video_2.gif video_0/frame_00.png
             video_2/frame_09.png)
foreach(file ${promised})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/first/${file} ${WORK}/again/${file}
                  RESULT_VARIABLE differs)
  if(differs)
    message(FATAL_ERROR "the same seed gave a different ${file}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/first/contact_sheet.png
                        ${WORK}/other/contact_sheet.png RESULT_VARIABLE differs)
if(NOT differs)
  message(FATAL_ERROR "another seed gave the same videos")
endif()
file(GLOB frames ${WORK}/first/video_1/*.png)
list(LENGTH frames count)
if(NOT count EQUAL 10)
  message(FATAL_ERROR "video_1 has ${count} frames, expected 10")
endif()
file(READ ${WORK}/first/video_1.gif magic LIMIT 6 HEX)
if(NOT magic STREQUAL "474946383961")  # "GIF89a"
  message(FATAL_ERROR "video_1.gif is not a GIF89a file")
endif()

execute_process(COMMAND head -c 40000 ${WEIGHTS} OUTPUT_FILE ${WORK}/truncated.safetensors)
run(truncated --lstm libtorch --weights ${WORK}/truncated.safetensors --out ${WORK}/truncated)
if(NOT truncated_status EQUAL 2 OR NOT truncated_err MATCHES "^mocogan_generate: .*tensor '[a-z_.0-9]+': its data runs past the end of the file \\(truncated\\?\\)$")
  message(FATAL_ERROR "a truncated weight file: exit ${truncated_status}, said: ${truncated_err}")
endif()
