# MoCoGAN: its parts in one Catch2 program, its programs from the command line.
add_executable(mocogan_test mocogan_test.cpp)
target_link_libraries(mocogan_test PRIVATE mocogan reference_layers catch_main)
target_compile_definitions(mocogan_test PRIVATE MOCOGAN_WEIGHTS="${MOCOGAN_WEIGHTS}")
use_torch(mocogan_test)
add_test(NAME mocogan_parts COMMAND mocogan_test)
add_test(NAME mocogan_generate_program
         COMMAND ${CMAKE_COMMAND} -DGENERATE=$<TARGET_FILE:mocogan_generate> -DWEIGHTS=${MOCOGAN_WEIGHTS}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/mocogan_generate -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_mocogan_generate.cmake)
add_test(NAME mocogan_train_resumes_exactly
         COMMAND ${CMAKE_COMMAND} -DTRAIN=$<TARGET_FILE:mocogan_train> -DWORK=${CMAKE_CURRENT_BINARY_DIR}/mocogan_resume
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_mocogan_resume.cmake)
expect_error(mocogan_generate_unknown_flag "$<TARGET_FILE:mocogan_generate>|--frobnicate" "frobnicate")
expect_error(mocogan_generate_unknown_device "$<TARGET_FILE:mocogan_generate>|--lstm|libtorch|--device|tpu"
             "--device must be cpu or cuda")
expect_error(mocogan_generate_unknown_lstm "$<TARGET_FILE:mocogan_generate>|--lstm|course" "--lstm must be")
expect_error(mocogan_generate_old_flag "$<TARGET_FILE:mocogan_generate>|--layers|reference" "--layers is now --lstm student|libtorch")
expect_error(mocogan_train_bad_image_size "$<TARGET_FILE:mocogan_train>|--image-size|48|--iterations|1|--out|${CMAKE_CURRENT_BINARY_DIR}/mocogan_bad"
             "image_size must be a power of two")
