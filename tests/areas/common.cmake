# What the MoCoGAN and ConvLSTM programs share (common/).
add_executable(common_test common_test.cpp)
target_link_libraries(common_test PRIVATE common catch_main)
use_torch(common_test)
add_test(NAME common_parts COMMAND common_test)
