# cmake -DTRAIN=mocogan_train -DWORK=dir -P expect_mocogan_resume.cmake
# A run stopped and resumed from its checkpoint ends with the very weights of an unbroken run.
include(${CMAKE_CURRENT_LIST_DIR}/expect_resumes_exactly.cmake)
set(tiny "${TRAIN}|--image-size|16|--base-channels|4|--batch|4|--frames|4|--sample-every|2|--checkpoint-every|2")
expect_resumes_exactly(${WORK} generator.safetensors "${tiny}|--iterations|4" "${tiny}|--iterations|2"
                       "${tiny}|--iterations|4|--resume")
file(STRINGS ${WORK}/split/losses.csv lines)
list(LENGTH lines count)
if(NOT count EQUAL 5 OR NOT EXISTS ${WORK}/split/samples/iteration_000004.png)
  message(FATAL_ERROR "the resumed run's log has ${count} lines (expected a header and 4) or lacks its sample sheet")
endif()
