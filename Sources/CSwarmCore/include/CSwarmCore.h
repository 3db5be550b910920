#ifndef CSWARMCORE_H
#define CSWARMCORE_H

#include <sys/types.h>

/// Spawns `path` with `argv` (NULL-terminated) and `envp`, with `child_fd` dup'ed
/// to `target_fd` in the child and every other descriptor left as the caller set
/// it (close-on-exec). Returns the pid, or -errno.
pid_t cswarm_spawn(const char *path, char *const argv[], char *const envp[],
                   int child_fd, int target_fd);

/// Decodes a `waitpid` status (the W* macros do not import into Swift).
int cswarm_wifexited(int status);
int cswarm_wexitstatus(int status);
int cswarm_wifsignaled(int status);
int cswarm_wtermsig(int status);

/// The original argv of this process, as the kernel passed it to the loader.
int cswarm_argc(void);
char **cswarm_argv(void);


/// The CPU the calling thread is running on (sched_getcpu), or -1.
int cswarm_current_cpu(void);

/// Moves the calling thread off the CPU it runs on (by excluding that CPU
/// from its affinity for a moment), then lets it run anywhere again.
/// Returns 0 if it moved.
int cswarm_move_off_current_cpu(void);

/// Sets the kernel's name of the calling thread (at most 15 bytes are kept).
/// Returns 0 on success.
int cswarm_set_thread_name(const char *name);

/// Copies `count` bytes at address `remote` in process `pid` to `local`
/// (process_vm_readv). Returns the bytes copied (possibly fewer), or -errno.
long cswarm_process_vm_read(int pid, void *local, unsigned long remote, unsigned long count);

/// Lets process `pid` trace (and so read the memory of) this process where
/// Yama's ptrace scope is 1 (prctl PR_SET_PTRACER). 0, or -errno (EINVAL
/// when the kernel has no Yama, where nothing is needed).
int cswarm_allow_tracer(int pid);

#endif
