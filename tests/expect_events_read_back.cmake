# cmake -DTRAIN=convlstm_train -DPYTHON=python-with-tensorboard -DWORK=dir -P expect_events_read_back.cmake
# A tiny run scored every step; TensorBoard's reader must find in its events what it logged.
file(REMOVE_RECURSE ${WORK})
set(steps 3)
execute_process(COMMAND ${TRAIN} --update reference --hidden 4 --layers 1 --batch 2 --frames-in 3 --frames-out 2
                        --epoch-sequences 6 --eval-every 1 --eval-sequences 2 --out ${WORK}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "convlstm_train failed (${status}): ${out}${err}")
endif()
execute_process(COMMAND ${PYTHON} ${CMAKE_CURRENT_LIST_DIR}/read_back_events.py ${WORK} ${steps}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the events did not read back")
endif()
