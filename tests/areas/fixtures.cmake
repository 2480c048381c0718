# The fixture writers: what they write compared with the committed files, and the comparison's
# own judgement of rounding against change.
add_test(NAME compare_fixtures_tells_rounding_from_change
         COMMAND ${CMAKE_COMMAND} -DCOMPARE=$<TARGET_FILE:compare_fixtures> -DFIXTURES=${visible_fixtures}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_compare_fixtures.cmake)

# make fixtures reproduces both fixture files.
foreach(set visible hidden)
  add_test(NAME fixtures_${set}_reproducible
           COMMAND ${CMAKE_COMMAND}
                   "-DCOMMAND=$<TARGET_FILE:make_fixtures>|--set|${set}|--out|${CMAKE_CURRENT_BINARY_DIR}/regenerated_${set}.json"
                   -DOUT=${CMAKE_CURRENT_BINARY_DIR}/regenerated_${set}.json
                   -DCOMMITTED=${${set}_fixtures}
                   ${reproduce_within_tolerance}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_reproducible.cmake)
endforeach()
