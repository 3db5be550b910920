// SwarmCluster's MPI shim: initialization before `main`, a gate that keeps
// MPI calls away from MPI_Finalize, and byte-only wrappers that hide MPI's
// ABI-specific handles from Swift.
//
// Under `mpirun -n N` (N >= 2) every rank initializes MPI here, in an ELF
// constructor, with MPI_THREAD_MULTIPLE (the controller's reader threads,
// its senders and the client's collectives run on different threads).
// Rank 0 returns to `main` and becomes the client and controller; every
// other rank never reaches `main`: it runs SwarmCluster's engine loop
// (`swarm_mpi_engine_main`, a weak symbol) and exits when rank 0 finalizes.
#define _GNU_SOURCE
#include "CSwarmMPI.h"
// Without the trait (or without Open MPI's headers) this file is empty.
#if __has_include(<mpi.h>)
#include <mpi.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// Defined by SwarmCluster (weak: a binary without it still links).
extern void swarm_mpi_engine_main(void) __attribute__((weak));
extern void swarm_mpi_root_exit(void) __attribute__((weak));

#define TAG_FINALIZE 1
static const size_t piece = (size_t)1 << 30;

static int active = 0, world_rank = 0, world_size = 1;
static MPI_Comm collective_comm = MPI_COMM_NULL;
static char inactive_reason[256] = "";
static char library_version[MPI_MAX_LIBRARY_VERSION_STRING] = "";
static char processor_name[MPI_MAX_PROCESSOR_NAME] = "";

// The gate: every call enters (a count) unless the gate is closed; closing
// waits for the count to drain, so MPI_Finalize never races a probe.
static atomic_int gate_count = 0;
static atomic_int gate_closed = 0;

static int enter(void) {
    atomic_fetch_add(&gate_count, 1);
    if (atomic_load(&gate_closed)) { atomic_fetch_sub(&gate_count, 1); return 0; }
    return 1;
}
static void leave(void) { atomic_fetch_sub(&gate_count, 1); }

static void close_gate(void) {
    atomic_store(&gate_closed, 1);
    struct timespec pause = {0, 1000000};
    for (int i = 0; i < 5000 && atomic_load(&gate_count) > 0; i++) nanosleep(&pause, NULL);
}

static void finalize_root(void) {
    if (swarm_mpi_root_exit) swarm_mpi_root_exit();  // shuts live clusters down first
    close_gate();
    for (int r = 1; r < world_size; r++) MPI_Send(NULL, 0, MPI_BYTE, r, TAG_FINALIZE, MPI_COMM_WORLD);
    MPI_Comm_free(&collective_comm);
    MPI_Finalize();
}

static int world_size_from_launcher(void) {
    const char *names[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *v = getenv(names[i]);
        if (v && *v) return atoi(v);
    }
    return 0;
}

__attribute__((constructor))
static void cswarm_mpi_entry(int argc, char **argv, char **envp) {
    (void)envp;
    // Pool workers and local engines inherit mpirun's environment: never in MPI.
    if (argc >= 2 && argv[1] && strncmp(argv[1], "--swarm-", 8) == 0) return;
    int size = world_size_from_launcher();
    if (size < 2) return;
    const char *off = getenv("SWARM_MPI_CLUSTER");
    if (off && strcmp(off, "off") == 0) {
        snprintf(inactive_reason, sizeof inactive_reason, "SWARM_MPI_CLUSTER=off");
        return;
    }
    int provided = 0;
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) {
        snprintf(inactive_reason, sizeof inactive_reason, "MPI_Init_thread failed");
        return;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &world_size);
    int length = 0;
    MPI_Get_library_version(library_version, &length);
    MPI_Get_processor_name(processor_name, &length);
    if (provided < MPI_THREAD_MULTIPLE) {
        // Every rank sees the same level, so every rank takes this branch.
        snprintf(inactive_reason, sizeof inactive_reason,
                 "this MPI library gives thread level %d, not MPI_THREAD_MULTIPLE", provided);
        if (world_rank != 0) { MPI_Finalize(); _exit(0); }
        atexit((void (*)(void))MPI_Finalize);
        return;
    }
    MPI_Comm_dup(MPI_COMM_WORLD, &collective_comm);
    active = 1;
    if (world_rank == 0) {
        atexit(finalize_root);
        return;
    }
    if (swarm_mpi_engine_main) swarm_mpi_engine_main();
    close_gate();
    MPI_Comm_free(&collective_comm);
    MPI_Finalize();
    _exit(0);
}

int cswarm_mpi_active(void) { return active; }
int cswarm_mpi_rank(void) { return world_rank; }
int cswarm_mpi_size(void) { return world_size; }
const char *cswarm_mpi_inactive_reason(void) { return inactive_reason; }
const char *cswarm_mpi_library_version(void) { return library_version; }
const char *cswarm_mpi_processor_name(void) { return processor_name; }

const char *cswarm_mpi_error_string(int code) {
    static _Thread_local char text[MPI_MAX_ERROR_STRING + 32];
    if (code == CSWARM_MPI_CLOSED) return "MPI is finalized (the process is exiting)";
    if (code == CSWARM_MPI_TOO_LARGE) return "a message part is larger than MPI's int count allows";
    int length = 0;
    if (MPI_Error_string(code, text, &length) != MPI_SUCCESS) snprintf(text, sizeof text, "MPI error %d", code);
    return text;
}

int cswarm_mpi_send(int dest, int tag, const void *buf, size_t count) {
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_SUCCESS;
    const char *bytes = buf;
    // Pieces of 1 GiB with tag+1, then the rest (possibly empty) with tag.
    while (rc == MPI_SUCCESS && count > piece) {
        rc = MPI_Send(bytes, (int)piece, MPI_BYTE, dest, tag + 1, MPI_COMM_WORLD);
        bytes += piece;
        count -= piece;
    }
    if (rc == MPI_SUCCESS) rc = MPI_Send(bytes, (int)count, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
    leave();
    return rc;
}

int cswarm_mpi_iprobe(int source, int tag, int *found, int *out_source, int *out_tag, size_t *out_count) {
    if (!enter()) return CSWARM_MPI_CLOSED;
    MPI_Status status;
    int rc = MPI_Iprobe(source < 0 ? MPI_ANY_SOURCE : source, tag < 0 ? MPI_ANY_TAG : tag,
                        MPI_COMM_WORLD, found, &status);
    if (rc == MPI_SUCCESS && *found) {
        int count = 0;
        MPI_Get_count(&status, MPI_BYTE, &count);
        *out_source = status.MPI_SOURCE;
        *out_tag = status.MPI_TAG;
        *out_count = (size_t)count;
    }
    leave();
    return rc;
}

int cswarm_mpi_recv(int source, int tag, void *buf, size_t count) {
    if (count > INT_MAX) return CSWARM_MPI_TOO_LARGE;
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_Recv(buf, (int)count, MPI_BYTE, source, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    leave();
    return rc;
}

// Converts 64-bit counts to MPI's ints; fails if any does not fit.
static int to_ints(const long long *from, int *to, int n) {
    for (int i = 0; i < n; i++) {
        if (from[i] < 0 || from[i] > INT_MAX) return 0;
        to[i] = (int)from[i];
    }
    return 1;
}

int cswarm_mpi_scatterv_root(const void *buf, const long long *counts, const long long *displs) {
    int n = world_size;
    int *c = malloc(sizeof(int) * n), *d = malloc(sizeof(int) * n);
    int rc = CSWARM_MPI_TOO_LARGE;
    if (c && d && to_ints(counts, c, n) && to_ints(displs, d, n)) {
        if (!enter()) { free(c); free(d); return CSWARM_MPI_CLOSED; }
        rc = MPI_Scatterv(buf, c, d, MPI_BYTE, NULL, 0, MPI_BYTE, 0, collective_comm);
        leave();
    }
    free(c);
    free(d);
    return rc;
}

int cswarm_mpi_scatterv_leaf(void *buf, size_t count) {
    if (count > INT_MAX) return CSWARM_MPI_TOO_LARGE;
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_Scatterv(NULL, NULL, NULL, MPI_BYTE, buf, (int)count, MPI_BYTE, 0, collective_comm);
    leave();
    return rc;
}

// Gather: counts to the root, then the root's verdict (do the counts fit an
// int?) to everyone, so that all ranks agree on whether the Gatherv happens.
int cswarm_mpi_gather_counts_root(long long *counts) {
    if (!enter()) return CSWARM_MPI_CLOSED;
    long long mine = 0;
    int rc = MPI_Gather(&mine, 1, MPI_LONG_LONG, counts, 1, MPI_LONG_LONG, 0, collective_comm);
    long long total = 0;
    int ok = rc == MPI_SUCCESS;
    for (int i = 0; ok && i < world_size; i++) {
        if (counts[i] < 0 || counts[i] > INT_MAX) ok = 0;
        total += counts[i];
    }
    if (total > INT_MAX) ok = 0;
    if (rc == MPI_SUCCESS) rc = MPI_Bcast(&ok, 1, MPI_INT, 0, collective_comm);
    leave();
    return rc == MPI_SUCCESS && !ok ? CSWARM_MPI_TOO_LARGE : rc;
}

int cswarm_mpi_gather_counts_leaf(long long count) {
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_Gather(&count, 1, MPI_LONG_LONG, NULL, 1, MPI_LONG_LONG, 0, collective_comm);
    int ok = 0;
    if (rc == MPI_SUCCESS) rc = MPI_Bcast(&ok, 1, MPI_INT, 0, collective_comm);
    leave();
    return rc == MPI_SUCCESS && !ok ? CSWARM_MPI_TOO_LARGE : rc;
}

int cswarm_mpi_gatherv_root(void *buf, const long long *counts, const long long *displs) {
    int n = world_size;
    int *c = malloc(sizeof(int) * n), *d = malloc(sizeof(int) * n);
    int rc = CSWARM_MPI_TOO_LARGE;
    if (c && d && to_ints(counts, c, n) && to_ints(displs, d, n)) {
        if (!enter()) { free(c); free(d); return CSWARM_MPI_CLOSED; }
        rc = MPI_Gatherv(NULL, 0, MPI_BYTE, buf, c, d, MPI_BYTE, 0, collective_comm);
        leave();
    }
    free(c);
    free(d);
    return rc;
}

int cswarm_mpi_gatherv_leaf(const void *buf, size_t count) {
    if (count > INT_MAX) return CSWARM_MPI_TOO_LARGE;
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_Gatherv(buf, (int)count, MPI_BYTE, NULL, NULL, NULL, MPI_BYTE, 0, collective_comm);
    leave();
    return rc;
}

int cswarm_mpi_bcast(void *buf, size_t count) {
    if (count > INT_MAX) return CSWARM_MPI_TOO_LARGE;
    if (!enter()) return CSWARM_MPI_CLOSED;
    int rc = MPI_Bcast(buf, (int)count, MPI_BYTE, 0, collective_comm);
    leave();
    return rc;
}

#endif  // __has_include(<mpi.h>)
