# cmake -DJUDGE= -DHOG= -DPROBE= -DFIXTURES= -DWORK= -P expect_cpu_shared.cmake
#
# Grades the course's solution (PROBE) and a submission that spins 64 threads in every probe
# (HOG) at the same time, two judges side by side as grade-all's workers run, each grading's
# processes capped together to one core's time. The solution must keep full marks, and the
# hog's processes must have used at most one core's time over the wall time of its grading
# (while the solution is graded, and after it).
# Then the hog alone as user nobody, who can make no cgroup: uncapped, on a machine of two or
# more cores, it must use more than one core's time, so the cap is what held it and the test
# can fail. Shares, not scores, are compared: how many marks an uncapped neighbour costs
# depends on the machine, how much CPU it takes does not. Both without bubblewrap
# (--sandbox none): its new session puts each sandbox in a scheduling group of its own where the
# kernel has autogroups, which would share the CPU fairly here whatever the caps. Prints
# SKIPPED (which ctest reports as skipped) where the judge cannot make a cpu cgroup.
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
# Each test's CPU limit spent quickly: the hog's grading is over in seconds, capped or not.
set(hog_limits --timeout 1 --deadline 30)
# Shares in milli-cores (cmake's arithmetic is integer): capped, at most 1.15 cores' time;
# uncapped, above 1.4.
set(capped_limit 1150)
set(uncapped_floor 1400)

# share_of(FILE OUT): the milli-cores of CPU that /usr/bin/time's "%e %U %S" (two decimals each)
# in FILE shows.
function(share_of file out)
  file(READ ${file} times)
  string(REGEX MATCH "([0-9.]+) ([0-9.]+) ([0-9.]+)" matched "${times}")
  if(NOT matched)
    message(FATAL_ERROR "no times in ${file}: ${times}")
  endif()
  string(REPLACE "." "" wall_ms "${CMAKE_MATCH_1}0")
  string(REPLACE "." "" user_ms "${CMAKE_MATCH_2}0")
  string(REPLACE "." "" system_ms "${CMAKE_MATCH_3}0")
  math(EXPR share "(${user_ms} + ${system_ms}) * 1000 / ${wall_ms}")
  set(${out} ${share} PARENT_SCOPE)
endfunction()

set(timed /usr/bin/time -f "%e %U %S" -o)
execute_process(COMMAND ${timed} ${WORK}/capped.time ${JUDGE} --part main --probe ${HOG} --fixtures ${FIXTURES}
                        --cpus 1 ${hog_limits} --sandbox none --results ${WORK}/hog.json
                COMMAND ${JUDGE} --part main --probe ${PROBE} --fixtures ${FIXTURES} --cpus 1 --deadline 45
                        --sandbox none --results ${WORK}/solution.json
                OUTPUT_VARIABLE printed ERROR_VARIABLE errors TIMEOUT 300)
message("${printed}${errors}")
if(NOT printed MATCHES "CPU 1 cores' time together \\(cgroup")
  message("SKIPPED: the judge cannot make a cpu cgroup here, so CPU is not capped per grading")
  return()
endif()
if(NOT EXISTS ${WORK}/solution.json)
  message(FATAL_ERROR "the solution's judge wrote no results")
endif()
file(READ ${WORK}/solution.json json)
string(JSON score GET "${json}" score)
include(${CMAKE_CURRENT_LIST_DIR}/part_totals.cmake)
part_totals(${JUDGE} main points tests)
if(NOT score EQUAL points)
  message(FATAL_ERROR "beside the spinning submission, each capped to one core, the solution scored ${score}, not ${points}")
endif()

share_of(${WORK}/capped.time capped_share)
message("capped to one core, the spinning submission used ${capped_share} milli-cores")
if(capped_share GREATER capped_limit)
  message(FATAL_ERROR "capped to one core, the spinning submission used ${capped_share} milli-cores, more than ${capped_limit}")
endif()

cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups test -x ${JUDGE} -a -r ${FIXTURES}
                RESULT_VARIABLE nobody_cannot_reach OUTPUT_QUIET ERROR_QUIET)
if(cores LESS 2 OR NOT uid EQUAL 0 OR nobody_cannot_reach)
  message("one core, not root, or nobody cannot reach the judge: the uncapped half is left out")
  return()
endif()
set(nobody_results /tmp/recurrent_video_cpu_shared)
file(REMOVE_RECURSE ${nobody_results})
file(MAKE_DIRECTORY ${nobody_results})
file(CHMOD ${nobody_results} DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_WRITE
     GROUP_EXECUTE WORLD_READ WORLD_WRITE WORLD_EXECUTE)
execute_process(COMMAND setpriv --reuid=65534 --regid=65534 --clear-groups
                        ${timed} ${nobody_results}/uncapped.time ${JUDGE} --part main --probe ${HOG}
                        --fixtures ${FIXTURES} --cpus 1 ${hog_limits} --sandbox none --results ${nobody_results}/hog.json
                OUTPUT_VARIABLE printed ERROR_VARIABLE errors TIMEOUT 120)
if(NOT "${printed}${errors}" MATCHES "CPU not capped together")
  message(FATAL_ERROR "as nobody the judge should have made no cpu cgroup:\n${printed}${errors}")
endif()
share_of(${nobody_results}/uncapped.time uncapped_share)
message("uncapped, the spinning submission used ${uncapped_share} milli-cores")
if(NOT uncapped_share GREATER uncapped_floor)
  message(FATAL_ERROR "uncapped, the spinning submission used only ${uncapped_share} milli-cores (at most ${uncapped_floor}): the test proves less than it claims")
endif()
