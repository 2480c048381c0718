# Hostile code: in the sandbox every attack comes to nothing, and without one each gets through.
patched_probe(${CMAKE_CURRENT_SOURCE_DIR}/hostile/attacks_the_grader.patch part source)
add_test(NAME hostile_code_is_contained
         COMMAND ${CMAKE_COMMAND} -DJUDGE=$<TARGET_FILE:judge> -DPROBE=$<TARGET_FILE:probe_attacks_the_grader>
                 -DSOURCE=${source} -DFIXTURES=${visible_fixtures} -DHINTS=${PROJECT_SOURCE_DIR}/tests/hints/visible.json
                 -DCLASSMATE=${stubs_main} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/hostile
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_contained.cmake)
# Serial: the processes it looks for are named alike in every run.
set_tests_properties(hostile_code_is_contained PROPERTIES RUN_SERIAL TRUE SKIP_REGULAR_EXPRESSION "SKIPPED: bubblewrap")

# Hostile submissions graded whole, as `make test` grades them: attacks on the compile, the
# link, the source rules and the machine's resources come to nothing, within the time bound.
file(GLOB hostile_submissions CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/hostile/graded/*.patch)
foreach(patch ${hostile_submissions})
  get_filename_component(name ${patch} NAME_WE)
  add_test(NAME hostile_${name}
           COMMAND ${CMAKE_COMMAND} -DPATCH=${patch} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/hostile_graded/${name}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_hostile_grade.cmake)
  set_tests_properties(hostile_${name} PROPERTIES SKIP_REGULAR_EXPRESSION "SKIPPED: bubblewrap")
endforeach()

# The probe's system-call filter (grader/probe/syscall_filter.cpp) holds where every check made
# before the code runs has been undone: a static initialiser that tries each way out of the
# process (tests/hostile/escape_attempts.h), graded with no source or symbol check, in the
# sandbox and without one, is refused every call and grades as the reference does. Outside a
# probe the same attempts get through, so the test can fail.
add_probe(leaves_the_process main ${CMAKE_CURRENT_SOURCE_DIR}/hostile/leaves_the_process.cpp reference)
foreach(sandbox auto none)
  expect_grade(syscall_filter_holds_without_the_checks_sandbox_${sandbox} probe_leaves_the_process
               ${CMAKE_CURRENT_SOURCE_DIR}/hostile/leaves_the_process.cpp main ${visible_fixtures} full
               UNCHECKED SANDBOX ${sandbox})
endforeach()
# Every sandboxed step starts from the same small environment, whatever the judge's holds: a
# submission that prints its environment into every test's report shows those four (and bubblewrap's
# PWD), never
# the judge's own.
add_probe(reads_its_environment main ${CMAKE_CURRENT_SOURCE_DIR}/hostile/reads_its_environment.cpp reference)
foreach(sandbox auto none)
  expect_grade(environment_is_fixed_sandbox_${sandbox} probe_reads_its_environment
               ${CMAKE_CURRENT_SOURCE_DIR}/hostile/reads_its_environment.cpp main ${visible_fixtures} wrong
               FAILS "MyLinear forward" SAYS "saw [45] variables: PATH HOME TMPDIR LC_ALL( PWD)?;" UNCHECKED SANDBOX ${sandbox}
               ENV "GRADER_SECRET=the-judges-environment" REPORT_LACKS "the-judges-environment")
endforeach()

# A submission that spins 64 threads in every probe slows only itself: graded at the same time
# as the course's solution, each grading capped to one core's time, the solution keeps full
# marks and the spinner used at most a core; with no cap it uses more (expect_cpu_shared.cmake).
add_probe(spins_many_threads main ${CMAKE_CURRENT_SOURCE_DIR}/hostile/spins_many_threads.cpp reference)
add_test(NAME cpu_is_shared_between_gradings
         COMMAND ${CMAKE_COMMAND} -DJUDGE=$<TARGET_FILE:judge> -DHOG=$<TARGET_FILE:probe_spins_many_threads>
                 -DPROBE=$<TARGET_FILE:probe_reference_main> -DFIXTURES=${visible_fixtures}
                 -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cpu_shared -P ${CMAKE_CURRENT_SOURCE_DIR}/expect_cpu_shared.cmake)
set_tests_properties(cpu_is_shared_between_gradings PROPERTIES RUN_SERIAL TRUE SKIP_REGULAR_EXPRESSION "SKIPPED: ")

# A result file made to exhaust the judge (millions of empty objects, numbers past any task's,
# nesting past any tensor's, names no task has) costs that test, with the judge's memory bounded.
add_test(NAME judge_bounds_what_it_reads
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/judge_reads_hostile_results.sh $<TARGET_FILE:judge> ${visible_fixtures}
                 ${CMAKE_CURRENT_BINARY_DIR}/hostile_results)

# The probe exports no function, so no definition in it can take a shared library's place (ELF
# interposition): a probe built from a submission that defines LibTorch's at::globalContext
# exports it without grader/probe/exports_nothing.map, and nothing with it. (The data it shows
# are the libraries' own objects, copied into the executable.)
patched_probe(${CMAKE_CURRENT_SOURCE_DIR}/hostile/graded/interposes_on_libtorch.patch part source)
add_test(NAME probe_exports_no_function
         COMMAND sh -c "nm -D --defined-only \"$0\" | grep -E ' [TWi] ' && exit 1; nm -D \"$0\" | grep -q ' U '"
                 $<TARGET_FILE:probe_interposes_on_libtorch>)

# In bubblewrap /proc is read-only: no /proc/self/mem through which the code could write the
# probe's own memory; without a sandbox it opens, so the test can fail.
add_probe(writes_its_own_memory main ${CMAKE_CURRENT_SOURCE_DIR}/hostile/writes_its_own_memory.cpp reference)
foreach(sandbox_says "bubblewrap;could not open" "none;opened")
  list(GET sandbox_says 0 sandbox)
  list(GET sandbox_says 1 says)
  expect_grade(own_memory_read_only_sandbox_${sandbox} probe_writes_its_own_memory
               ${CMAKE_CURRENT_SOURCE_DIR}/hostile/writes_its_own_memory.cpp main ${visible_fixtures} wrong
               FAILS "MyLinear forward" SAYS "${says} /proc/self/mem for writing" UNCHECKED SANDBOX ${sandbox})
endforeach()

add_executable(escape_attempts escape_attempts_main.cpp)
add_test(NAME escape_attempts_get_through_without_the_filter COMMAND escape_attempts)
set_tests_properties(escape_attempts_get_through_without_the_filter PROPERTIES
                     PASS_REGULAR_EXPRESSION "let through: execve fork clone clone3 socket ptrace process_vm_readv")
