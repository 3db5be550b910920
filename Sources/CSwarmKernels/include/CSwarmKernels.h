#ifndef CSWARM_KERNELS_H
#define CSWARM_KERNELS_H

// Vector kernels for SwarmArray's ufuncs on contiguous blocks (and one file
// system call that Swift's Glibc module lacks).
//
// On x86-64 Linux they run the AVX-512 or AVX2 variants of glibc's vector
// math library (libmvec, loaded at run time) and the CPU's vector square
// root, chosen once by what the CPU and the OS support. Elsewhere, or with
// SWARM_VECTOR_MATH=0 in the environment, every call answers 0 and the
// caller uses its scalar loop.

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The functions, in the order of SwarmArray's `_VectorMath.Op`.
enum {
    SWARM_VM_SQRT = 0,
    SWARM_VM_EXP, SWARM_VM_EXPM1, SWARM_VM_EXP2, SWARM_VM_LOG, SWARM_VM_LOG1P, SWARM_VM_LOG2, SWARM_VM_LOG10,
    SWARM_VM_SIN, SWARM_VM_COS, SWARM_VM_TAN, SWARM_VM_ASIN, SWARM_VM_ACOS, SWARM_VM_ATAN,
    SWARM_VM_SINH, SWARM_VM_COSH, SWARM_VM_TANH, SWARM_VM_ASINH, SWARM_VM_ACOSH, SWARM_VM_ATANH, SWARM_VM_CBRT,
    SWARM_VM_COUNT
};

/// `y[i] = op(x[i])` for `n` doubles (`x == y` allowed); 1 if done, 0 if
/// this machine has no vector kernel for `op` (nothing written).
int swarm_vm_f64(int op, const double *x, double *y, long n);

/// The same for floats.
int swarm_vm_f32(int op, const float *x, float *y, long n);

/// NumPy's pairwise sum of `n` contiguous doubles, bit for bit, into
/// `*result`; 1 if done, 0 if this machine has no vector kernel.
int swarm_pairwise_f64(const double *a, long n, double *result);

/// The same for floats.
int swarm_pairwise_f32(const float *a, long n, float *result);

/// The maximum (`is_max`) or minimum of `n` contiguous doubles, the first
/// NaN if there is one; 1 if done, 0 if not (no vector kernel, or n < 16).
int swarm_extremum_f64(const double *a, long n, int is_max, double *result);

/// The inverse of the n × n (n ≤ 8) matrix at `a` (element [i][j] at
/// a[i * rs + j * cs]) into the row-major `out`, by Gauss–Jordan with
/// LAPACK's partial pivoting in vector registers. 0 when done, k + 1 when
/// the pivot of step k is exactly zero (nothing written), -1 when this
/// machine has no vector kernel or n is out of range.
int swarm_small_inverse_f64(const double *a, long rs, long cs, int n, double *out);

/// The solution of a x = b for the n × n matrix `a` (n ≤ 8) and the n × k
/// right-hand sides `b` (k ≤ 8, element [i][j] at b[i * brs + j * bcs])
/// into the row-major n × k `x`; returns as `swarm_small_inverse_f64`.
int swarm_small_solve_f64(const double *a, long rs, long cs, int n,
                          const double *b, long brs, long bcs, int k, double *x);

/// Sorts `n` 64-bit integer keys in place by an AVX-512 quicksort (not
/// stable); 1 if done, 0 if this machine has no AVX-512 (nothing changed).
int swarm_sort_i64(int64_t *keys, long n);

/// Partitions `n` > 128 keys in place around the median of 128 samples and
/// returns the split: the keys before it are all below the keys after it.
/// Neither side is empty unless every key is equal (then `n`); -1 if this
/// machine has no AVX-512 or n <= 128 (nothing changed).
long swarm_split_i64(int64_t *keys, long n);

/// Replaces `n` doubles in place by 64-bit integer keys in the same order
/// (-0.0 just below 0.0; NaNs with the sign bit clear above +inf, with it
/// set below -inf); returns how many NaNs there were, or -1 if this machine
/// has no AVX-512 (nothing changed).
long swarm_f64_to_keys(double *values, long n);

/// Turns keys made by `swarm_f64_to_keys` back into the doubles, in place.
void swarm_keys_to_f64(int64_t *keys, long n);

/// `swarm_sort_i64` for 32-bit keys (sixteen to a register).
int swarm_sort_i32(int32_t *keys, long n);

/// `swarm_split_i64` for 32-bit keys (n > 256; -1 otherwise).
long swarm_split_i32(int32_t *keys, long n);

/// `swarm_f64_to_keys` for floats (32-bit keys).
long swarm_f32_to_keys(float *values, long n);

/// Turns keys made by `swarm_f32_to_keys` back into the floats, in place.
void swarm_keys_to_f32(int32_t *keys, long n);

/// Reserves `length` bytes of disk for file `fd` from `offset` without
/// changing its size (Linux `fallocate` with FALLOC_FL_KEEP_SIZE); 0 if
/// done, -1 if the file system (or the platform) cannot.
int swarm_preallocate(int fd, long long offset, long long length);

/// What the kernels run on: "avx512", "avx2" or "none" (for `swarm info`).
const char *swarm_vm_level(void);

#ifdef __cplusplus
}
#endif

#endif
