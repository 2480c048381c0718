# cmake -DJUDGE= -DHOG= -DPROBE= -DFIXTURES= -DWORK= -P expect_cpu_shared.cmake
#
# Grades the course's solution (PROBE) and a submission that spins 64 threads in every probe
# (HOG) at the same time, two judges side by side as grade-all's workers run, each grading's
# processes capped together to one core's time. The solution must keep full marks. Then the
# same as user nobody, who can make no cgroup: uncapped, the solution must lose marks, so the
# test can fail. Both without bubblewrap (--sandbox none): its new session puts each sandbox in
# a scheduling group of its own where the kernel has autogroups, which would share the CPU
# fairly here whatever the caps. Prints SKIPPED (which ctest reports as skipped) where the judge cannot make a
# cpu cgroup.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(side_by_side as_nobody)
  set(user)
  set(results ${WORK})
  if(as_nobody)
    set(user setpriv --reuid=65534 --regid=65534 --clear-groups)
    set(results /tmp/recurrent_video_cpu_shared)
    file(MAKE_DIRECTORY ${results})
    file(CHMOD ${results} DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_WRITE
         GROUP_EXECUTE WORLD_READ WORLD_WRITE WORLD_EXECUTE)
  endif()
  file(REMOVE ${results}/solution.json ${results}/hog.json)
  execute_process(COMMAND ${user} ${JUDGE} --part main --probe ${HOG} --fixtures ${FIXTURES} --cpus 1 --deadline 45
                          --sandbox none --results ${results}/hog.json
                  COMMAND ${user} ${JUDGE} --part main --probe ${PROBE} --fixtures ${FIXTURES} --cpus 1 --deadline 45
                          --sandbox none --results ${results}/solution.json
                  OUTPUT_VARIABLE printed ERROR_VARIABLE errors TIMEOUT 300)
  message("${printed}${errors}")
  if(NOT EXISTS ${results}/solution.json)
    message(FATAL_ERROR "the solution's judge wrote no results")
  endif()
  file(READ ${results}/solution.json json)
  string(JSON score GET "${json}" score)
  set(score ${score} PARENT_SCOPE)
  set(printed "${printed}" PARENT_SCOPE)
endfunction()

side_by_side(OFF)
if(NOT printed MATCHES "CPU 1 cores' time together \\(cgroup")
  message("SKIPPED: the judge cannot make a cpu cgroup here, so CPU is not capped per grading")
  return()
endif()
if(NOT score EQUAL 50)
  message(FATAL_ERROR "beside the spinning submission, each capped to one core, the solution scored ${score}, not 50")
endif()

execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups test -x ${JUDGE} -a -r ${FIXTURES}
                RESULT_VARIABLE nobody_cannot_reach OUTPUT_QUIET ERROR_QUIET)
if(NOT uid EQUAL 0 OR nobody_cannot_reach)
  message("not root, or nobody cannot reach the judge: the uncapped half is left out")
  return()
endif()
side_by_side(ON)
if(NOT printed MATCHES "CPU not capped together")
  message(FATAL_ERROR "as nobody the judge should have made no cpu cgroup")
endif()
if(score EQUAL 50)
  message(FATAL_ERROR "uncapped, beside the spinning submission, the solution still scored 50: the test proves less than it claims")
endif()
