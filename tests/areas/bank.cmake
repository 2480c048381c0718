# Correct implementations computed other ways (float64, addmm, fused gates, hand-written
# activations) score full marks on both fixture sets: the tolerance is loose enough.
file(GLOB right_implementations CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/right_implementations/*.patch)
foreach(patch ${right_implementations})
  get_filename_component(name ${patch} NAME_WE)
  patched_probe(${patch} part source)
  foreach(set visible hidden)
    expect_grade(right_implementation_${name}_${set} probe_${name} ${source} ${part}
                 ${${set}_fixtures} full)
  endforeach()
endforeach()

# Correct submissions written in styles other than the reference's (out-of-line definitions at
# file scope, helpers in unnamed namespaces, templates, lambdas, einsum, addmm, index_put_, ...),
# graded whole as `make test` grades them: the C++ subset and the symbol allow-list refuse none
# of them.
file(GLOB right_submissions LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/right_submissions/*)
foreach(folder ${right_submissions})
  get_filename_component(name ${folder} NAME)
  add_test(NAME right_submission_${name}
           COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                   -DSUBMISSION=${folder} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/right_submissions/${name}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_full_marks.cmake)
endforeach()

# The bank of wrong implementations: mistakes students make. Each loses points on the fixture
# set its "Fixtures:" header names (visible unless it says hidden), and the tests its "Fails:"
# header names fail, saying what its "Says:" header gives. "Source checks: off" grades it
# without the checks before it runs, for what the probe's own refusals must catch alone.
file(GLOB wrong_implementations CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wrong_implementations/*.patch)
set(hint_sources)
set(hint_probes)
foreach(patch ${wrong_implementations})
  get_filename_component(name ${patch} NAME_WE)
  file(STRINGS ${patch} fails REGEX "^Fails: ")
  file(STRINGS ${patch} says REGEX "^Says: ")
  file(STRINGS ${patch} mistake REGEX "^Mistake: ")
  file(STRINGS ${patch} nudge REGEX "^Nudge: ")
  file(STRINGS ${patch} set REGEX "^Fixtures: ")
  file(STRINGS ${patch} unchecked REGEX "^Source checks: off$")
  string(REGEX REPLACE "^Fixtures: " "" set "${set}")
  if(NOT set)
    set(set visible)
  elseif(NOT set MATCHES "^(visible|hidden)$")
    message(FATAL_ERROR "${patch}: 'Fixtures: ${set}' names no fixture set (visible or hidden)")
  endif()
  string(REGEX REPLACE "^Fails: " "" fails "${fails}")
  string(REGEX REPLACE "^Says: " "" says "${says}")
  string(REGEX REPLACE "^Mistake: " "" mistake "${mistake}")
  string(REGEX REPLACE "^Nudge: " "" nudge "${nudge}")
  patched_probe(${patch} part source)
  if(unchecked)
    set(unchecked UNCHECKED)
  endif()
  expect_grade(wrong_implementation_${name} probe_${name} ${source} ${part} ${${set}_fixtures} wrong
               FAILS "${fails}" SAYS "${says}" TIMEOUT 3 MISTAKE "${mistake}" NUDGE "${nudge}" ${unchecked})
  if(name STREQUAL "gate_order_ifog")  # the bank grades at the default level, nudge; the others:
    foreach(level mistake numbers)
      expect_grade(hint_level_${level} probe_${name} ${source} ${part} ${${set}_fixtures} wrong
                   FAILS "${fails}" SAYS "${says}" TIMEOUT 3 MISTAKE "${mistake}" NUDGE "${nudge}"
                   HINT_LEVEL ${level})
    endforeach()
  endif()
  list(APPEND hint_sources "${patch}=$<TARGET_FILE:probe_${name}>")
  list(APPEND hint_probes probe_${name})
endforeach()

# Hints: what each known mistake produces on a fixture set's inputs. `make fixtures` rewrites
# tests/hints/ with these targets.
foreach(set visible hidden)
  add_custom_target(hints_${set}
    COMMAND make_hints --fixtures ${${set}_fixtures} --out ${PROJECT_SOURCE_DIR}/tests/hints/${set}.json
            ${hint_sources}
    DEPENDS make_hints ${hint_probes}
    COMMENT "Recording what the known mistakes produce on the ${set} fixtures")
  string(REPLACE ";" "|" hint_arguments "${hint_sources}")
  add_test(NAME hints_${set}_reproducible
           COMMAND ${CMAKE_COMMAND}
                   "-DCOMMAND=$<TARGET_FILE:make_hints>|--fixtures|${${set}_fixtures}|--out|${CMAKE_CURRENT_BINARY_DIR}/regenerated_hints_${set}.json|${hint_arguments}"
                   -DOUT=${CMAKE_CURRENT_BINARY_DIR}/regenerated_hints_${set}.json
                   -DCOMMITTED=${PROJECT_SOURCE_DIR}/tests/hints/${set}.json
                   ${reproduce_within_tolerance}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_reproducible.cmake)
endforeach()
