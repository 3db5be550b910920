#define _GNU_SOURCE
#include "CSwarmKernels.h"
#include <fcntl.h>

// fallocate(2) with FALLOC_FL_KEEP_SIZE is a GNU extension that Swift's
// Glibc module does not import.
int swarm_preallocate(int fd, long long offset, long long length) {
#if defined(__linux__)
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
#else
    (void)fd; (void)offset; (void)length;
    return -1;
#endif
}
