# cmake/libtorch.cmake refuses a LibTorch it cannot build with, at configure time, naming the fix.
# tests/fake_cuda/ stands in for a Python's torch and for nvcc of any CUDA version.
function(expect_configure_error test env args says)
  add_test(NAME ${test}
           COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/configure/${test}
                   "-DENV=${env}" "-DARGS=${args}" "-DSAYS=${says}"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_configure_error.cmake)
endfunction()
expect_configure_error(configure_cuda_major_mismatch "FAKE_TORCH_CUDA=13.0|FAKE_NVCC_RELEASE=12.4"
                       "-DTORCH_PYTHON=${fake_cuda}/python|-DCMAKE_CUDA_COMPILER=${fake_cuda}/nvcc"
                       "is CUDA 12.4, but this LibTorch was built with CUDA 13.0: the major versions must match")
expect_configure_error(configure_cuda_without_nvcc "FAKE_TORCH_CUDA=13.0"
                       "-DTORCH_PYTHON=${fake_cuda}/python|-DCMAKE_CUDA_COMPILER=/nonexistent/nvcc"
                       "built with CUDA 13.0 and needs nvcc, which was not found")
expect_configure_error(configure_cpu_wheel_when_cuda_required "FAKE_TORCH_CUDA="
                       "-DTORCH_PYTHON=${fake_cuda}/python|-DREQUIRE_CUDA=ON"
                       "was built without CUDA: install the CUDA wheel with `make deps TORCH=pip`")
expect_configure_error(configure_python_without_torch "FAKE_UNRELATED=1" "-DTORCH_PYTHON=${fake_cuda}/python"
                       "cannot import torch (ModuleNotFoundError: No module named 'torch')")
expect_configure_error(configure_python_missing "FAKE_UNRELATED=1" "-DTORCH_PYTHON=${fake_cuda}/no-such-python"
                       "cannot import torch (No such file or directory)")
if(NOT CAFFE2_USE_CUDA)  # this build's LibTorch is a CPU one: it is refused when CUDA is required
  expect_configure_error(configure_cpu_libtorch_when_cuda_required "FAKE_UNRELATED=1"
                         "-DTorch_DIR=${Torch_DIR}|-DREQUIRE_CUDA=ON" "was built without CUDA")
endif()
