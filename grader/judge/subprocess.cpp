#include "grader/judge/subprocess.h"

#include "grader/judge/submission_caps.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>

namespace grading {
namespace {

using Clock = std::chrono::steady_clock;

// Past this share of their runnable time spent waiting for a CPU, a submission's processes were
// starved by the machine's other work, not slow.
constexpr double kStarvedShare = 0.5;
// How often the submission's threads' scheduler statistics are read while they run.
constexpr auto kSampleEvery = std::chrono::milliseconds(250);

struct Running {
  size_t index;
  pid_t pid;
  int pipe_fd;
  Clock::time_point started;
  Clock::time_point stop_at;  // its wall-clock limit or the deadline, whichever comes first
  int64_t memory_kills_before;
};

void set_limit(int resource, rlim_t value) {
  const rlimit limit{value, value};
  setrlimit(resource, &limit);
}

const char* const kChildEnvironment[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp", "TMPDIR=/tmp",
                                         "LC_ALL=C", nullptr};

// A command's argv as execve takes it, made before fork: the child may not allocate.
std::vector<char*> argv_of(const std::vector<std::string>& command) {
  std::vector<char*> argv;
  for (const auto& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  return argv;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(char* const* argv, int pipe_write, const ProcessLimits& limits) {
  setpgid(0, 0);
  if (limits.caps && !limits.caps->join()) {
    const char refused[] = "cannot join the submission's cgroups\n";
    (void)!write(pipe_write, refused, sizeof refused - 1);
    _exit(126);
  }
  dup2(pipe_write, STDOUT_FILENO);
  dup2(pipe_write, STDERR_FILENO);
  const int devnull = open("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2(devnull, STDIN_FILENO);
  // SIGXCPU at the soft limit; SIGKILL a second later for a child that ignores it.
  const auto cpu_seconds = static_cast<rlim_t>(std::ceil(limits.cpu_seconds));
  const rlimit cpu{cpu_seconds, cpu_seconds + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  // Set either way: the judge's own, lower cap on its address space is not the child's.
  set_limit(RLIMIT_AS, limits.memory_mb > 0 ? static_cast<rlim_t>(limits.memory_mb) << 20 : RLIM_INFINITY);
  set_limit(RLIMIT_FSIZE, static_cast<rlim_t>(limits.file_mb) << 20);
  set_limit(RLIMIT_CORE, 0);
  if (limits.processes > 0) set_limit(RLIMIT_NPROC, static_cast<rlim_t>(limits.processes));
  if (limits.run_as_uid >= 0) {
    const char refused[] = "cannot drop to the unprivileged user\n";
    if (setgroups(0, nullptr) != 0 || setgid(static_cast<gid_t>(limits.run_as_gid)) != 0 ||
        setuid(static_cast<uid_t>(limits.run_as_uid)) != 0) {
      (void)!write(STDERR_FILENO, refused, sizeof refused - 1);
      _exit(126);
    }
  }
  execve(argv[0], argv, const_cast<char* const*>(kChildEnvironment));
  const char message[] = "cannot start the program\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
  _exit(127);
}

void drain(int fd, ProcessOutcome& outcome, const ProcessLimits& limits, bool& open) {
  char buffer[8192];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      const size_t room = limits.output_bytes - std::min(limits.output_bytes, outcome.output.size());
      outcome.output.append(buffer, std::min(room, static_cast<size_t>(n)));
      if (static_cast<size_t>(n) > room) outcome.output_truncated = true;
      continue;
    }
    if (n == 0) open = false;  // every writer has closed
    return;                    // EAGAIN: nothing more for now
  }
}

// Kills every process whose parent is this one: with this process a child subreaper, that
// includes whatever a child forked and left behind, even in a session of its own.
void kill_orphans() {
  const pid_t self = getpid();
  DIR* proc = opendir("/proc");
  if (!proc) return;
  while (const dirent* entry = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0) continue;
    const std::string stat_path = std::string("/proc/") + entry->d_name + "/stat";
    FILE* stat = std::fopen(stat_path.c_str(), "r");
    if (!stat) continue;
    int parent = 0;
    // pid (comm) state ppid ...; comm may hold spaces, so read from the last ')'.
    char line[512];
    if (std::fgets(line, sizeof line, stat)) {
      const char* close = std::strrchr(line, ')');
      if (close) std::sscanf(close + 1, " %*c %d", &parent);
    }
    std::fclose(stat);
    if (parent == self) kill(pid, SIGKILL);
  }
  closedir(proc);
}

// Until no child is left: the children of a killed orphan become ours in turn.
void kill_all_children() {
  while (true) {
    kill_orphans();
    if (waitpid(-1, nullptr, 0) < 0) return;  // ECHILD: none left
  }
}

}  // namespace

const char* const* child_environment() { return kChildEnvironment; }

std::string ProcessOutcome::describe(const ProcessLimits& limits) const {
  std::ostringstream text;
  switch (kind) {
    case Kind::exited: text << "exited with status " << exit_code; break;
    case Kind::signaled:
      text << "crashed: " << (sigabbrev_np(signal) ? std::string("SIG") + sigabbrev_np(signal)
                                                   : "signal " + std::to_string(signal))
           << " (" << strsignal(signal) << ")";
      break;
    case Kind::out_of_cpu_time:
      text << "timed out: used its " << std::ceil(limits.cpu_seconds) << " s of CPU time";
      break;
    case Kind::out_of_memory:
      text << "stopped: used more than the " << (limits.caps ? limits.caps->memory_mb() : limits.memory_mb)
           << " MiB of memory that all the submission's processes and its /tmp share";
      break;
    case Kind::timed_out:
      if (waiting_share > kStarvedShare) {
        text << "timed out, starved rather than slow: the machine was so busy that the submission's "
                "processes spent "
             << static_cast<int>(100 * waiting_share) << " % of their time waiting for a CPU; grade it again";
        break;
      }
      if (deadline_passed) {
        text << "timed out: the grading's time for all tests ran out while it ran (tests before it "
                "slept or blocked)";
        break;
      }
      text << "timed out: still running after " << limits.wall_seconds << " s"
           << (ran_again_alone ? ", also when run again alone" : "") << ", without using its "
           << std::ceil(limits.cpu_seconds) << " s of CPU time (sleeping or blocked?)";
      break;
    case Kind::not_started:
      text << (deadline_passed ? "not run: the grading's time for all tests ran out before it (tests "
                                 "before it slept or blocked)"
                               : "could not be started");
      break;
  }
  return text.str();
}

namespace {

// Whether a child that failed (killed by `signal`, or exiting non-zero when 0) was stopped by
// RLIMIT_CPU: SIGXCPU at the soft limit, its CPU time (its waited-for descendants' included)
// used up, or SIGKILL at the hard limit after at least that long (in bubblewrap the program's
// CPU time reaches no rusage of ours; a compiler that handles SIGXCPU meets the hard limit).
bool out_of_cpu_time(int signal, const rusage& usage, double seconds, const ProcessLimits& limits) {
  const double used = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                      1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  const double limit = std::ceil(limits.cpu_seconds);
  return signal == SIGXCPU || used >= limit || (signal == SIGKILL && seconds >= limit);
}

// The signal that ended the child, or 0 when it exited.
int killed_by(int status, bool exit_code_reports_signal) {
  if (WIFSIGNALED(status)) return WTERMSIG(status);
  const int code = WEXITSTATUS(status);
  return exit_code_reports_signal && code > 128 && code < 128 + NSIG ? code - 128 : 0;
}

std::vector<ProcessOutcome> run_all(const std::vector<ProcessJob>& jobs, int parallel, Deadline deadline) {
  std::vector<ProcessOutcome> outcomes(jobs.size());
  std::vector<Running> running;
  std::vector<bool> pipe_open(jobs.size(), false);
  size_t next = 0;
  auto sampled_at = Clock::now();

  while (next < jobs.size() || !running.empty()) {
    if (Clock::now() >= deadline)
      for (; next < jobs.size(); ++next) outcomes[next].deadline_passed = true;  // never started
    while (next < jobs.size() && static_cast<int>(running.size()) < std::max(1, parallel)) {
      int fds[2];
      if (pipe2(fds, O_CLOEXEC) != 0) {
        ++next;  // reported as not started
        continue;
      }
      const std::vector<char*> argv = argv_of(jobs[next].argv);
      const pid_t pid = fork();
      if (pid == 0) exec_child(argv.data(), fds[1], jobs[next].limits);
      close(fds[1]);
      if (pid < 0) {
        close(fds[0]);
        ++next;
        continue;
      }
      setpgid(pid, pid);  // also here, so a kill before the child ran setpgid still lands
      fcntl(fds[0], F_SETFL, O_NONBLOCK);
      pipe_open[next] = true;
      const auto now = Clock::now();
      const auto limit = now + std::chrono::duration_cast<Clock::duration>(
                                   std::chrono::duration<double>(jobs[next].limits.wall_seconds));
      const SubmissionCaps* caps = jobs[next].limits.caps;
      running.push_back({next, pid, fds[0], now, std::min(limit, deadline), caps ? caps->memory_kills() : 0});
      ++next;
    }

    std::vector<pollfd> polls;
    for (const auto& r : running)
      if (pipe_open[r.index]) polls.push_back({r.pipe_fd, POLLIN, 0});
    poll(polls.data(), polls.size(), 20);
    if (Clock::now() - sampled_at >= kSampleEvery) {
      sampled_at = Clock::now();
      for (const auto& r : running)
        if (jobs[r.index].limits.caps) jobs[r.index].limits.caps->sample_waiting();
    }

    for (auto it = running.begin(); it != running.end();) {
      ProcessOutcome& outcome = outcomes[it->index];
      const ProcessLimits& limits = jobs[it->index].limits;
      bool open = pipe_open[it->index];
      if (open) drain(it->pipe_fd, outcome, limits, open);
      pipe_open[it->index] = open;

      int status = 0;
      rusage usage{};
      const pid_t done = wait4(it->pid, &status, WNOHANG, &usage);
      const bool late = Clock::now() >= it->stop_at;
      if (done == 0 && !late) {
        ++it;
        continue;
      }
      // Finished or out of time: end the whole process group, so nothing it forked lingers.
      kill(-it->pid, SIGKILL);
      const int signal = done == 0 ? 0 : killed_by(status, jobs[it->index].exit_code_reports_signal);
      if (done == 0) {
        if (limits.caps) {
          limits.caps->sample_waiting();
          outcome.waiting_share = limits.caps->waiting_share();
        }
        waitpid(it->pid, &status, 0);
        outcome.kind = ProcessOutcome::Kind::timed_out;
        outcome.deadline_passed = it->stop_at == deadline;
      } else if (limits.caps && limits.caps->memory_kills() > it->memory_kills_before &&
                 (signal == SIGKILL || (signal == 0 && WEXITSTATUS(status) != 0))) {
        // It, or a process of its own (a compiler's cc1plus), was killed for the group's memory.
        outcome.kind = ProcessOutcome::Kind::out_of_memory;
      } else if ((signal != 0 || WEXITSTATUS(status) != 0) &&
                 out_of_cpu_time(signal, usage, std::chrono::duration<double>(Clock::now() - it->started).count(),
                                 limits)) {
        // It, or a process of its own it waited for (a compiler's cc1plus), used up its CPU time.
        outcome.kind = ProcessOutcome::Kind::out_of_cpu_time;
      } else if (signal != 0) {
        outcome.kind = ProcessOutcome::Kind::signaled;
        outcome.signal = signal;
      } else {
        outcome.kind = ProcessOutcome::Kind::exited;
        outcome.exit_code = WEXITSTATUS(status);
      }
      if (open) drain(it->pipe_fd, outcome, limits, open);
      close(it->pipe_fd);
      outcome.seconds = std::chrono::duration<double>(Clock::now() - it->started).count();
      it = running.erase(it);
    }
  }
  kill_all_children();
  return outcomes;
}

}  // namespace

Deadline deadline_in(double seconds) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

std::vector<ProcessOutcome> run_processes(const std::vector<ProcessJob>& jobs, int parallel, Deadline deadline) {
  // Orphans of the children become ours, not init's, so none outlives the run.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  std::vector<ProcessOutcome> outcomes = run_all(jobs, parallel, deadline);
  // Reaching the wall clock may be the machine's load, not the child's: one more run, alone,
  // while the deadline leaves time for one.
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (outcomes[i].kind != ProcessOutcome::Kind::timed_out || outcomes[i].deadline_passed) continue;
    if (Clock::now() >= deadline) break;
    outcomes[i] = run_all({jobs[i]}, 1, deadline).at(0);
    outcomes[i].ran_again_alone = true;
  }
  return outcomes;
}

}  // namespace grading
