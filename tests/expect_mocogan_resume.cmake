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
# The moving average only watches: without it (and so with the trained generator drawing the
# sheets and scored every 2 updates), training ends with the very weights it trains with it.
string(REPLACE "|" ";" plain "${tiny}|--iterations|4|--ema-decay|0|--out|${WORK}/plain")
execute_process(COMMAND ${plain} RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/plain/checkpoint/generator.safetensors
                        ${WORK}/whole/checkpoint/generator.safetensors RESULT_VARIABLE differs)
if(NOT status EQUAL 0 OR differs)
  message(FATAL_ERROR "without the moving average (exit ${status}: ${err}) the trained generator came out different")
endif()
# The other recipe: hinge loss with spectrally normalised discriminators (whose power-iteration
# vectors must come back too) and the R1 penalty; the moving average is on in both.
set(hinge "${tiny}|--loss|hinge|--r1-gamma|1")
expect_resumes_exactly(${WORK}/hinge generator.safetensors "${hinge}|--iterations|4" "${hinge}|--iterations|2"
                       "${hinge}|--iterations|4|--resume")
file(STRINGS ${WORK}/hinge/split/validity.csv scored)
list(LENGTH scored count)
if(NOT count EQUAL 5 OR NOT EXISTS ${WORK}/hinge/split/validity.png)
  # a header, then the trained and the average generator at iterations 2 and 4, and their chart
  message(FATAL_ERROR "validity.csv has ${count} lines, not 5 (${scored}), or validity.png is missing")
endif()
# A leg stopped after its last checkpoint leaves rows the resumed leg writes again: resuming
# drops every row past the checkpoint (here a planted one, at update 9 of a run checkpointed at 4).
file(APPEND ${WORK}/hinge/split/losses.csv "9,1,1,1\n")
file(APPEND ${WORK}/hinge/split/validity.csv "9,trained,1,1,1,1,1,1\n")
string(REPLACE "|" ";" again "${hinge}|--iterations|4|--resume|--out|${WORK}/hinge/split")
execute_process(COMMAND ${again} RESULT_VARIABLE status OUTPUT_QUIET ERROR_VARIABLE err)
file(STRINGS ${WORK}/hinge/split/losses.csv losses)
file(STRINGS ${WORK}/hinge/split/validity.csv scored)
list(LENGTH losses loss_count)
list(LENGTH scored scored_count)
if(NOT status EQUAL 0 OR NOT loss_count EQUAL 5 OR NOT scored_count EQUAL 5)
  message(FATAL_ERROR "resuming at the end kept rows past the checkpoint (exit ${status}: ${err}): ${losses}")
endif()
