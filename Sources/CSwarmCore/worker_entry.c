// Worker mode for any binary that links SwarmCore.
//
// A pool re-launches its own executable (/proc/self/exe) as `EXE --swarm-worker FD`.
// That executable may be the user's program, the `swarm` CLI or a test runner whose
// `main` we do not control, so the switch into worker mode happens here, in an ELF
// constructor, before `main` runs. The constructor is listed after the Swift
// runtime's own image constructor (swiftrt.o comes first on the link line), so the
// runtime's type metadata is registered and `_typeByName` can find user types.
#define _GNU_SOURCE
#include "CSwarmCore.h"
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>

extern void swarm_worker_main(int fd);
// Defined by SwarmCluster; weak, so that a binary without SwarmCluster links.
extern void swarm_engine_main(int fd) __attribute__((weak));
extern void swarm_engine_connect_main(const char *connection_file) __attribute__((weak));

static int saved_argc;
static char **saved_argv;

int cswarm_argc(void) { return saved_argc; }
char **cswarm_argv(void) { return saved_argv; }

__attribute__((constructor))
static void cswarm_worker_entry(int argc, char **argv, char **envp) {
    (void)envp;
    saved_argc = argc;
    saved_argv = argv;
    if (argc >= 3 && argv[1] != NULL && strcmp(argv[1], "--swarm-worker") == 0) {
        int fd = atoi(argv[2]);
        swarm_worker_main(fd);
        _exit(0);
    }
    if (argc >= 3 && argv[1] != NULL && strcmp(argv[1], "--swarm-engine") == 0) {
        if (swarm_engine_main == NULL) _exit(78);  // EX_CONFIG: this binary has no SwarmCluster
        swarm_engine_main(atoi(argv[2]));
        _exit(0);
    }
    // `EXE --swarm-engine-connect FILE`: join a running cluster as an engine.
    if (argc >= 3 && argv[1] != NULL && strcmp(argv[1], "--swarm-engine-connect") == 0) {
        if (swarm_engine_connect_main == NULL) _exit(78);
        swarm_engine_connect_main(argv[2]);
        _exit(0);
    }
}

pid_t cswarm_spawn(const char *path, char *const argv[], char *const envp[],
                   int child_fd, int target_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    if (posix_spawn_file_actions_init(&actions) != 0) return -errno;
    if (posix_spawnattr_init(&attr) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return -errno;
    }
    // dup2 clears close-on-exec on the target; the source keeps it and closes.
    posix_spawn_file_actions_adddup2(&actions, child_fd, target_fd);
    // Workers get default signal dispositions and a mask of their own.
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, path, &actions, &attr, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return rc == 0 ? pid : -rc;
}

int cswarm_wifexited(int status) { return WIFEXITED(status); }
int cswarm_wexitstatus(int status) { return WEXITSTATUS(status); }
int cswarm_wifsignaled(int status) { return WIFSIGNALED(status); }
int cswarm_wtermsig(int status) { return WTERMSIG(status); }


#include <sched.h>

int cswarm_current_cpu(void) { return sched_getcpu(); }

#include <pthread.h>

int cswarm_move_off_current_cpu(void) {
    int cpu = sched_getcpu();
    if (cpu < 0) return -1;
    cpu_set_t original, others;
    if (pthread_getaffinity_np(pthread_self(), sizeof original, &original) != 0) return -1;
    others = original;
    CPU_CLR(cpu, &others);
    if (CPU_COUNT(&others) == 0) return -1;
    int moved = pthread_setaffinity_np(pthread_self(), sizeof others, &others);  /* migrates now */
    pthread_setaffinity_np(pthread_self(), sizeof original, &original);          /* free again */
    return moved;
}

int cswarm_set_thread_name(const char *name) {
    char truncated[16];
    strncpy(truncated, name, 15);
    truncated[15] = 0;
    return pthread_setname_np(pthread_self(), truncated);
}
