# Finds LibTorch, the first way that applies:
#   1. TORCH_PYTHON=<interpreter>: the LibTorch inside that Python's torch package (`make ...
#      TORCH=pip`, scripts/gpu-check.sh). When that torch was built with CUDA, the CUDA toolkit
#      must match it, which is checked here: LibTorch's own CMake config would quietly build
#      without CUDA when nvcc is missing, and would mix two CUDA runtimes when the majors differ.
#   2. CMAKE_PREFIX_PATH or the system: Debian's libtorch-dev (1.13, CPU) by default.
#   3. failing both, python3's torch, as in 1.
# REQUIRE_CUDA=ON refuses a LibTorch built without CUDA (TORCH=pip sets it).
option(REQUIRE_CUDA "refuse a LibTorch built without CUDA" OFF)
set(TORCH_PYTHON "" CACHE FILEPATH "take LibTorch from this Python interpreter's torch package")
# Hopper (9.0), Ampere (8.0 A100, 8.6 consumer cards) and Turing (7.5), the oldest that CUDA 13
# still compiles for. LibTorch's config turns this list into nvcc's -gencode flags.
set(TORCH_CUDA_ARCH_LIST "7.5;8.0;8.6;9.0" CACHE STRING "GPU architectures that CUDA code is compiled for")
# The project compiles no .cu files of its own; CMake's default CUDA architectures would only
# draw a warning from LibTorch's config, which takes TORCH_CUDA_ARCH_LIST instead.
cmake_policy(SET CMP0104 OLD)

# Sets torch_prefix and torch_cuda ("" for a CPU build) from what `python` reports.
function(ask_python_for_torch python)
  execute_process(
    COMMAND ${python} -c "import torch; print(torch.utils.cmake_prefix_path); print(torch.version.cuda or '')"
    OUTPUT_VARIABLE answer ERROR_VARIABLE python_error RESULT_VARIABLE failed
    OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(failed)
    # The error's last line ("ModuleNotFoundError: ..."), or why the interpreter did not run.
    string(STRIP "${python_error}" python_error)
    string(REGEX REPLACE ".*\n" "" last_line "${python_error}")
    if(NOT last_line)
      set(last_line "${failed}")
    endif()
    message(FATAL_ERROR "TORCH_PYTHON=${python} cannot import torch (${last_line}): run `make deps TORCH=pip`, "
                        "or name an interpreter that has torch")
  endif()
  string(REPLACE "\n" ";" answer "${answer}")
  list(GET answer 0 prefix)
  list(LENGTH answer lines)
  set(cuda "")
  if(lines GREATER 1)
    list(GET answer 1 cuda)
  endif()
  set(torch_prefix "${prefix}" PARENT_SCOPE)
  set(torch_cuda "${cuda}" PARENT_SCOPE)
endfunction()

# Finds nvcc as CMake's CUDA language would (CMAKE_CUDA_COMPILER, $CUDACXX, PATH), checks that
# its CUDA major version is LibTorch's, and points LibTorch's config at that same toolkit.
function(use_matching_nvcc torch_cuda)
  if(CMAKE_CUDA_COMPILER)
    set(nvcc "${CMAKE_CUDA_COMPILER}")
  elseif(DEFINED ENV{CUDACXX})
    set(nvcc "$ENV{CUDACXX}")
  else()
    find_program(nvcc_on_path nvcc)
    set(nvcc "${nvcc_on_path}")
  endif()
  if(NOT nvcc OR NOT EXISTS "${nvcc}")
    message(FATAL_ERROR "This LibTorch was built with CUDA ${torch_cuda} and needs nvcc, which was not found "
                        "(CMAKE_CUDA_COMPILER, CUDACXX, PATH): install the CUDA ${torch_cuda} toolkit and put its bin/ "
                        "on PATH, or build with Debian's CPU LibTorch (plain `make test`)")
  endif()
  execute_process(COMMAND "${nvcc}" --version OUTPUT_VARIABLE nvcc_says ERROR_QUIET)
  string(REGEX MATCH "release ([0-9]+)\\.([0-9]+)" nvcc_release "${nvcc_says}")
  set(nvcc_major "${CMAKE_MATCH_1}")
  set(nvcc_version "${CMAKE_MATCH_1}.${CMAKE_MATCH_2}")
  string(REGEX MATCH "^[0-9]+" torch_major "${torch_cuda}")
  if(NOT nvcc_release OR NOT nvcc_major STREQUAL torch_major)
    message(FATAL_ERROR "${nvcc} is CUDA ${nvcc_version}, but this LibTorch was built with CUDA ${torch_cuda}: "
                        "the major versions must match. Install the CUDA ${torch_major} toolkit, or pin a torch "
                        "wheel built for CUDA ${nvcc_major} in scripts/torch-pip.txt")
  endif()
  get_filename_component(toolkit "${nvcc}" DIRECTORY)
  get_filename_component(toolkit "${toolkit}" DIRECTORY)
  set(CMAKE_CUDA_COMPILER "${nvcc}" CACHE FILEPATH "nvcc, checked against LibTorch's CUDA" FORCE)
  set(CUDA_TOOLKIT_ROOT_DIR "${toolkit}" CACHE PATH "the CUDA toolkit LibTorch's config uses" FORCE)
  message(STATUS "LibTorch: CUDA ${torch_cuda}, nvcc ${nvcc_version} (${nvcc})")
endfunction()

set(cuda_fix "install the CUDA wheel with `make deps TORCH=pip` and build with `make test TORCH=pip`")
if(NOT TORCH_PYTHON)
  find_package(Torch QUIET)
  if(NOT Torch_FOUND)
    set(TORCH_PYTHON python3)
  endif()
endif()
if(TORCH_PYTHON)
  ask_python_for_torch(${TORCH_PYTHON})
  if(torch_cuda)
    use_matching_nvcc(${torch_cuda})
  elseif(REQUIRE_CUDA)
    message(FATAL_ERROR "REQUIRE_CUDA is on, but the torch of ${TORCH_PYTHON} was built without CUDA: ${cuda_fix}")
  endif()
  # torch/share/cmake for the config, torch/ itself so that its lib/ is searched before the
  # system's: otherwise a Debian libtorch.so would be linked under this LibTorch's headers.
  get_filename_component(torch_root "${torch_prefix}/../.." ABSOLUTE)
  list(PREPEND CMAKE_PREFIX_PATH "${torch_prefix}" "${torch_root}")
  find_package(Torch REQUIRED)
  string(FIND "${TORCH_LIBRARY}" "${torch_root}/" library_at)
  if(NOT library_at EQUAL 0)
    message(FATAL_ERROR "LibTorch's config under ${torch_root} found ${TORCH_LIBRARY}, another LibTorch's library: "
                        "remove TORCH_LIBRARY from the cache (`make clean`) and configure again")
  endif()
endif()

if(REQUIRE_CUDA AND NOT CAFFE2_USE_CUDA)
  message(FATAL_ERROR "REQUIRE_CUDA is on, but the LibTorch found (${Torch_DIR}) was built without CUDA: ${cuda_fix}")
endif()
if(CAFFE2_USE_CUDA)
  message(STATUS "LibTorch ${Torch_VERSION} from ${Torch_DIR}, with CUDA")
else()
  message(STATUS "LibTorch ${Torch_VERSION} from ${Torch_DIR}, CPU only")
endif()
