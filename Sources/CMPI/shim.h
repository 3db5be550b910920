// Open MPI's C header, found through pkg-config (`ompi-c`). Only CSwarmMPI
// includes it; Swift code sees MPI through CSwarmMPI's handle-free functions.
#if __has_include(<mpi.h>)
#include <mpi.h>
#endif
