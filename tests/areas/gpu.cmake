# scripts/gpu-check.sh, as far as a machine without a GPU can try it: the prefix it packs for
# the GPU machine (where Debian's packages are installed to pack), and its refusals.
if(EXISTS /usr/share/doc/opencv-doc/examples/data/digits.png)
  add_test(NAME gpu_check_packs_the_build_dependencies
           COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/gpu_check_pack
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_gpu_check_pack.cmake)
endif()
set(gpu_check ${PROJECT_SOURCE_DIR}/scripts/gpu-check.sh)
file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/gpu_check_deps/include)
expect_error(gpu_check_without_a_gpu
             "${CMAKE_COMMAND}|-E|env|PYTHON=${fake_cuda}/python|${gpu_check}|run|${CMAKE_CURRENT_BINARY_DIR}/gpu_check_deps"
             "sees no CUDA GPU: run this on the GPU machine")
expect_error(gpu_check_without_the_packed_prefix "${gpu_check}|run|/nonexistent"
             "no dependency prefix at /nonexistent: run 'scripts/gpu-check.sh pack'")
expect_error(gpu_check_unknown_mode "${gpu_check}|fly" "usage: gpu-check.sh pack|run")
