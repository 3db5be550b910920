// Cross-memory attach (Linux 3.2+): copies between two processes' memory
// with one copy, no pipe or socket in between. Swift's Glibc module does not
// import process_vm_readv (nor prctl), so they are wrapped here.
#define _GNU_SOURCE
#include "CSwarmCore.h"
#include <errno.h>
#include <sys/uio.h>

long cswarm_process_vm_read(int pid, void *local, unsigned long remote, unsigned long count) {
#ifdef __linux__
    struct iovec to = { local, count };
    struct iovec from = { (void *)remote, count };
    long n = (long)process_vm_readv(pid, &to, 1, &from, 1, 0);
    return n < 0 ? -errno : n;
#else
    (void)pid; (void)local; (void)remote; (void)count;
    return -ENOSYS;
#endif
}

#ifdef __linux__
#include <sys/prctl.h>
#ifndef PR_SET_PTRACER
#define PR_SET_PTRACER 0x59616d61
#endif
#endif

int cswarm_allow_tracer(int pid) {
#ifdef __linux__
    return prctl(PR_SET_PTRACER, (unsigned long)pid, 0UL, 0UL, 0UL) == 0 ? 0 : -errno;
#else
    (void)pid;
    return -ENOSYS;
#endif
}
