# The ConvLSTM lab: its parts in one Catch2 program, its programs from the command line.
add_executable(convlstm_test convlstm_test.cpp)
target_link_libraries(convlstm_test PRIVATE convlstm catch_main)
use_torch(convlstm_test)
add_test(NAME convlstm_parts COMMAND convlstm_test)
add_test(NAME convlstm_train_resume_and_eval
         COMMAND ${CMAKE_COMMAND} -DTRAIN=$<TARGET_FILE:convlstm_train> -DEVAL=$<TARGET_FILE:convlstm_eval>
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/convlstm_run -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_convlstm_run.cmake)
set(convlstm_tiny_args --hidden|4|--layers|1|--batch|2|--epoch-sequences|2)
set(convlstm_tiny ${convlstm_tiny_args}|--out|${CMAKE_CURRENT_BINARY_DIR}/convlstm_bad)
expect_error(convlstm_train_with_student_stubs "$<TARGET_FILE:convlstm_train>|${convlstm_tiny}"
             "not implemented yet: finish student/submitted.cpp first")
expect_error(convlstm_train_missing_digits "$<TARGET_FILE:convlstm_train>|--digits|/nonexistent.png|${convlstm_tiny}"
             "/nonexistent.png: cannot read the image")
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/not_npy.npy "not an array")
expect_error(convlstm_train_malformed_npy
             "$<TARGET_FILE:convlstm_train>|--test-npy|${CMAKE_CURRENT_BINARY_DIR}/bad_fixtures/not_npy.npy|${convlstm_tiny}"
             "not_npy.npy: not a .npy file")
expect_error(convlstm_eval_not_a_convlstm_model "$<TARGET_FILE:convlstm_eval>|--weights|${MOCOGAN_WEIGHTS}"
             "not a convlstm_train model")
expect_error(convlstm_train_unknown_precision "$<TARGET_FILE:convlstm_train>|--precision|fp16|${convlstm_tiny}"
             "--precision must be fp32, bf16 or auto")
expect_error(convlstm_benchmark_with_student_stubs "$<TARGET_FILE:convlstm_benchmark>|--hidden|4|--steps|1"
             "not implemented yet: finish student/submitted.cpp first")
add_test(NAME convlstm_benchmark_reports_throughput
         COMMAND convlstm_benchmark --update reference --precision bf16 --hidden 4 --layers 1 --size 16 --batch 2
                 --warmup 1 --steps 2 --json)
set_tests_properties(convlstm_benchmark_reports_throughput PROPERTIES
                     PASS_REGULAR_EXPRESSION "\"sequences_per_second\":[0-9.e+]+")
expect_error(convlstm_train_unknown_decoder "$<TARGET_FILE:convlstm_train>|--decoder|fancy|${convlstm_tiny}"
             "--decoder must be tutorial, stateful or next-frame")
expect_error(convlstm_train_unknown_head "$<TARGET_FILE:convlstm_train>|--head|warp|${convlstm_tiny}"
             "--head must be pixels or cdna")
expect_error(convlstm_train_patch_not_dividing
             "$<TARGET_FILE:convlstm_train>|--update|reference|--patch|5|${convlstm_tiny}" "--patch 5 does not divide the 64x64 frames")
expect_error(convlstm_train_unknown_preset "$<TARGET_FILE:convlstm_train>|--preset|fancy|${convlstm_tiny}"
             "--preset: fancy not in")
expect_error(convlstm_train_unwritable_folder
             "$<TARGET_FILE:convlstm_train>|--update|reference|${convlstm_tiny_args}|--out|${CMAKE_CURRENT_LIST_FILE}/run"
             "cannot create the run's folder")
expect_error(convlstm_eval_unwritable_folder
             "$<TARGET_FILE:convlstm_eval>|--update|reference|--weights|${CMAKE_CURRENT_BINARY_DIR}/convlstm_run/whole/model.safetensors|--out|${CMAKE_CURRENT_LIST_FILE}/eval"
             "cannot write TensorBoard's event file")
set_tests_properties(convlstm_eval_unwritable_folder PROPERTIES DEPENDS convlstm_train_resume_and_eval)

# TensorBoard's own reader (make deps installs it: scripts/tensorboard-pip.txt) reads back
# the events a run writes.
set(TENSORBOARD_PYTHON ${PROJECT_SOURCE_DIR}/.venv-tensorboard/bin/python CACHE FILEPATH
    "a Python with the tensorboard package, to read the lab's event files back")
execute_process(COMMAND ${TENSORBOARD_PYTHON} -c "import tensorboard" RESULT_VARIABLE no_tensorboard
                OUTPUT_QUIET ERROR_QUIET)
if(no_tensorboard)
  message(WARNING "${TENSORBOARD_PYTHON} cannot import tensorboard: convlstm_events_read_back is left out (run make deps)")
else()
  add_test(NAME convlstm_events_read_back
           COMMAND ${CMAKE_COMMAND} -DTRAIN=$<TARGET_FILE:convlstm_train> -DPYTHON=${TENSORBOARD_PYTHON}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/convlstm_events -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_events_read_back.cmake)
endif()

# The benchmark's two sides must time the same model, batch and steps: its script checks that,
# with a Python that has torch (TORCH=pip's, else Debian's python3-torch).
if(TORCH_PYTHON)
  set(python_with_torch ${TORCH_PYTHON})
else()
  find_program(python_with_torch NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
endif()
execute_process(COMMAND ${python_with_torch} -c "import torch" RESULT_VARIABLE no_torch OUTPUT_QUIET ERROR_QUIET)
if(no_torch)
  message(WARNING "${python_with_torch} cannot import torch: the benchmark script's tests are left out")
else()
  set(tiny_flags "--device|cpu|--hidden|4|--layers|1|--patch|4|--size|16|--frames-in|2|--frames-out|2|--batch|2")
  set(tiny_benchmark "${python_with_torch}|${PROJECT_SOURCE_DIR}/scripts/benchmark_convlstm.py|${tiny_flags}|--warmup|1|--steps|1|--repeats|1")
  string(REPLACE "|" ";" tiny_benchmark_command "${tiny_benchmark}")
  add_test(NAME convlstm_benchmark_script_times_the_binary
           COMMAND ${tiny_benchmark_command} --binary $<TARGET_FILE:convlstm_benchmark>)
  set_tests_properties(convlstm_benchmark_script_times_the_binary PROPERTIES PASS_REGULAR_EXPRESSION "speed-up +: +[0-9.]+x")
  expect_error(convlstm_benchmark_script_refuses_another_model
               "${tiny_benchmark}|--binary|${CMAKE_CURRENT_SOURCE_DIR}/fake_benchmark/convlstm_benchmark"
               "the two sides do not time the same thing")
endif()
