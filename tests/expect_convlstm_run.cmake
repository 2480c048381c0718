# cmake -DTRAIN=convlstm_train -DEVAL=convlstm_eval -DWORK=dir -P expect_convlstm_run.cmake
# A tiny run end to end: training writes its files, a run resumed from its checkpoint ends
# with the very weights of an unbroken one, and evaluation scores every predicted step.
include(${CMAKE_CURRENT_LIST_DIR}/expect_resumes_exactly.cmake)
set(tiny "${TRAIN}|--update|reference|--hidden|4|--layers|1|--batch|2|--frames-in|3|--frames-out|2|--eval-every|1|--eval-sequences|2")
# Steps are epoch-sequences / batch: 4 at once, or 2 and then 2 more after --resume.
expect_resumes_exactly(${WORK} model.safetensors "${tiny}|--epoch-sequences|8" "${tiny}|--epoch-sequences|4"
                       "${tiny}|--epoch-sequences|8|--resume")
file(STRINGS ${WORK}/split/metrics.csv lines)
list(LENGTH lines count)
if(NOT count EQUAL 5 OR NOT EXISTS ${WORK}/split/samples/step_0000004.png OR NOT EXISTS ${WORK}/split/training_curve.png)
  message(FATAL_ERROR "the resumed run's metrics.csv has ${count} lines (expected a header and 4), or a picture is missing")
endif()

execute_process(COMMAND ${EVAL} --update reference --weights ${WORK}/whole/model.safetensors --frames-in 3
                        --sequences 3 --out ${WORK}/eval
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(STRINGS ${WORK}/eval/per_step.csv rows)
list(LENGTH rows count)
if(NOT status EQUAL 0 OR NOT count EQUAL 3 OR NOT EXISTS ${WORK}/eval/predictions.png OR NOT out MATCHES "mean")
  message(FATAL_ERROR "convlstm_eval: exit ${status}, ${count} rows in per_step.csv (expected 3): ${out}${err}")
endif()
