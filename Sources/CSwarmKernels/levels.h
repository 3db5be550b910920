#ifndef CSWARM_KERNELS_LEVELS_H
#define CSWARM_KERNELS_LEVELS_H
// Which vector instructions the kernels may use here: 0 none, 2 AVX2 + FMA,
// 3 AVX-512 F/DQ (detected once; SWARM_VECTOR_MATH=0 forces 0).
int swarm_cpu_level(void);
#endif
