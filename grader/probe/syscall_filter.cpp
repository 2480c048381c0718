// The probe's system calls, narrowed in the kernel before any other code of the process runs.
//
// A seccomp filter cannot be removed once loaded, by this process or any thread or child of it,
// so it holds even when everything inside the process has been undone (the refusal of torch's
// layers, the checks on the source and the object). It is loaded from the executable's
// .preinit_array, which glibc runs before the initialisers of every shared library (LibTorch's,
// the refusal library's) and of the executable itself (where the submission's static
// constructors are): no student code runs without it.
//
// What it refuses (EPERM, or ENOSYS where glibc has a fallback): starting programs (execve,
// execveat), new processes (fork, vfork, and clone unless it makes a thread; clone3 hides its
// flags from the filter, so it answers ENOSYS and glibc makes threads with clone), reading or
// writing other processes (ptrace, process_vm_*), sockets, and the calls that would leave the
// sandbox or reach the kernel's larger surfaces (namespaces, mounts, BPF, io_uring, keyrings,
// perf events, userfaultfd). Threads (LibTorch's pools), memory mapping with PROT_EXEC
// (oneDNN's generated kernels) and the CUDA driver's ioctl and mmap stay allowed.
#include <seccomp.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace {

// Only what is safe before libc's and LibTorch's initialisers: raw writes, no C++ streams.
[[noreturn]] void fail(const char* what, int error) {
  const char prefix[] = "probe: cannot install its system-call filter: ";
  (void)!write(STDERR_FILENO, prefix, sizeof prefix - 1);
  (void)!write(STDERR_FILENO, what, strlen(what));
  (void)!write(STDERR_FILENO, ": ", 2);
  const char* reason = strerror(error);
  (void)!write(STDERR_FILENO, reason, strlen(reason));
  (void)!write(STDERR_FILENO, "\n", 1);
  _exit(125);
}

void install_syscall_filter(int, char**, char**) {
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  if (!filter) fail("seccomp_init", ENOMEM);
  const int refused[] = {
      SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(fork), SCMP_SYS(vfork),
      SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(kcmp),
      SCMP_SYS(pidfd_open), SCMP_SYS(pidfd_getfd),
      SCMP_SYS(socket), SCMP_SYS(socketpair),
      SCMP_SYS(unshare), SCMP_SYS(setns), SCMP_SYS(mount), SCMP_SYS(umount2), SCMP_SYS(pivot_root),
      SCMP_SYS(chroot), SCMP_SYS(bpf), SCMP_SYS(perf_event_open), SCMP_SYS(userfaultfd),
      SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter), SCMP_SYS(io_uring_register),
      SCMP_SYS(keyctl), SCMP_SYS(add_key), SCMP_SYS(request_key),
      SCMP_SYS(open_by_handle_at), SCMP_SYS(name_to_handle_at),
  };
  for (int call : refused)
    if (const int error = seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), call, 0)) fail("a rule", -error);
  // clone without CLONE_THREAD makes a process; with it, a thread.
  if (const int error = seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                                         SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0)))
    fail("the clone rule", -error);
  if (const int error = seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0))
    fail("the clone3 rule", -error);
  // seccomp_load sets no_new_privs first (its default), which an unprivileged process needs.
  if (const int error = seccomp_load(filter)) fail("seccomp_load", -error);
  seccomp_release(filter);
}

// The executable's preinit array: run by the dynamic loader before any initialiser.
__attribute__((section(".preinit_array"), used)) void (*const run_first)(int, char**, char**) = &install_syscall_filter;

}  // namespace
