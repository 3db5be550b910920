#ifndef CSWARMMPI_H
#define CSWARMMPI_H

// A small, handle-free face on MPI for SwarmCluster's MPI transport.
//
// MPI's handles (MPI_COMM_WORLD, MPI_BYTE, ...) are macros over ABI-specific
// symbols, so Swift never sees them: every function here works on the world
// communicator (point-to-point) or on a duplicate of it kept for collectives,
// with bytes as the only datatype. Each returns MPI_SUCCESS (0) or an error
// code; CSWARM_MPI_CLOSED once MPI has been finalized (the process is exiting).

#include <stddef.h>

#define CSWARM_MPI_CLOSED (-7001)
#define CSWARM_MPI_TOO_LARGE (-7002)

/// 1 when this process runs under mpirun in a world of two or more ranks and
/// MPI was initialized (with MPI_THREAD_MULTIPLE) by the constructor.
int cswarm_mpi_active(void);
int cswarm_mpi_rank(void);
int cswarm_mpi_size(void);
/// Why MPI is not active ("" when it is, or when no launcher was seen).
const char *cswarm_mpi_inactive_reason(void);
/// MPI_Get_library_version's text.
const char *cswarm_mpi_library_version(void);
/// The processor name (MPI_Get_processor_name).
const char *cswarm_mpi_processor_name(void);

/// Blocking standard-mode send of `count` bytes (any size: pieces above 1 GiB
/// go as several messages, tag+1 for all but the last).
int cswarm_mpi_send(int dest, int tag, const void *buf, size_t count);
/// Non-blocking probe for a message from `source` (-1: any) with `tag` (-1: any).
/// Sets *found; when found, the message's source, tag and byte count.
int cswarm_mpi_iprobe(int source, int tag, int *found, int *out_source, int *out_tag, size_t *out_count);
/// Receives the message that a probe found (exactly `count` bytes).
int cswarm_mpi_recv(int source, int tag, void *buf, size_t count);

/// Collectives over all ranks, rank 0 the root, on the collective communicator.
/// Scatterv: the root passes one count and displacement per rank (its own 0);
/// every other rank passes its buffer and count.
int cswarm_mpi_scatterv_root(const void *buf, const long long *counts, const long long *displs);
int cswarm_mpi_scatterv_leaf(void *buf, size_t count);
/// Gatherv: leaves first tell the root their counts (gather_counts), then send.
int cswarm_mpi_gather_counts_root(long long *counts);
int cswarm_mpi_gather_counts_leaf(long long count);
int cswarm_mpi_gatherv_root(void *buf, const long long *counts, const long long *displs);
int cswarm_mpi_gatherv_leaf(const void *buf, size_t count);
/// Broadcast of `count` bytes from rank 0 to all.
int cswarm_mpi_bcast(void *buf, size_t count);

/// A readable message for an MPI error code.
const char *cswarm_mpi_error_string(int code);

#endif
