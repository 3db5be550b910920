#include "CSwarmKernels.h"
#include "levels.h"

// Gauss–Jordan elimination with partial pivoting for matrices up to 8 × 8,
// one row per vector register (4 lanes for n ≤ 4, 8 for n ≤ 8). The matrix
// is padded to the register width with an identity block, which leaves
// the top-left result exact and lets every loop run a constant number of
// times (the compiler unrolls them all). The pivots are LAPACK's `getrf`
// pivots (the first largest |a[i][k]|, i ≥ k), so a matrix is reported
// singular exactly when LAPACK would report it: the first zero pivot.

#if defined(__x86_64__) && defined(__linux__)

typedef double v4d __attribute__((ext_vector_type(4), aligned(32)));
typedef double v8d __attribute__((ext_vector_type(8), aligned(64)));

// One elimination on W-lane rows: A holds the matrix, E the right-hand
// sides (the identity for an inverse); both are W × W, row-major, aligned.
// Returns 0, or k + 1 for a zero pivot at step k (k < n).
#define GAUSS_JORDAN(NAME, V, W, TARGET)                                        \
__attribute__((target(TARGET)))                                                \
static int NAME(V *A, V *E, int n) {                                           \
    const double *a = (const double *)A;                                       \
    for (int k = 0; k < W; k++) {                                              \
        int p = k;                                                             \
        if (k < n) {                                                           \
            double best = __builtin_fabs(a[k * W + k]);                        \
            for (int i = k + 1; i < n; i++) {                                  \
                double v = __builtin_fabs(a[i * W + k]);                       \
                if (v > best) { best = v; p = i; }                             \
            }                                                                  \
            if (p != k) {                                                      \
                V t = A[k]; A[k] = A[p]; A[p] = t;                             \
                t = E[k]; E[k] = E[p]; E[p] = t;                               \
            }                                                                  \
        }                                                                      \
        double pivot = a[k * W + k];                                           \
        if (pivot == 0) return k + 1;                                          \
        double column[W];                                                      \
        for (int i = 0; i < W; i++) column[i] = a[i * W + k];                  \
        double r = 1.0 / pivot;                                                \
        V pa = A[k] * r, pe = E[k] * r;                                        \
        for (int i = 0; i < W; i++) {                                          \
            A[i] -= column[i] * pa;                                            \
            E[i] -= column[i] * pe;                                            \
        }                                                                      \
        A[k] = pa; E[k] = pe;                                                  \
    }                                                                          \
    return 0;                                                                  \
}

GAUSS_JORDAN(gauss_jordan4_avx2, v4d, 4, "avx2,fma")
GAUSS_JORDAN(gauss_jordan8_avx2, v8d, 8, "avx2,fma")
GAUSS_JORDAN(gauss_jordan8_avx512, v8d, 8, "avx512f")

// Loads the strided n × n matrix into W-lane rows with the identity padding,
// and E with `k` columns of the strided b (or the identity when b is NULL).
static void load(double *A, double *E, int W, const double *m, long rs, long cs, int n,
                 const double *b, long brs, long bcs, int k) {
    for (int i = 0; i < W * W; i++) { A[i] = 0; E[i] = 0; }
    for (int i = n; i < W; i++) A[i * W + i] = 1;
    if (cs == 1) {
        for (int i = 0; i < n; i++) __builtin_memcpy(A + i * W, m + i * rs, sizeof(double) * (unsigned)n);
    } else {
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) A[i * W + j] = m[i * rs + j * cs];
    }
    if (!b) {
        for (int i = 0; i < W; i++) E[i * W + i] = 1;
    } else if (bcs == 1 || k == 1) {
        for (int i = 0; i < n; i++) __builtin_memcpy(E + i * W, b + i * brs, sizeof(double) * (unsigned)k);
    } else {
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) E[i * W + j] = b[i * brs + j * bcs];
    }
}

static int run(const double *m, long rs, long cs, int n, const double *b, long brs, long bcs, int k,
               double *x) {
    int level = swarm_cpu_level();
    if (level < 2 || n < 1 || n > 8 || k < 1 || k > 8) return -1;
    int W = n <= 4 ? 4 : 8;
    double A[64] __attribute__((aligned(64))), E[64] __attribute__((aligned(64)));
    load(A, E, W, m, rs, cs, n, b, brs, bcs, k);
    int status;
    if (W == 4) status = gauss_jordan4_avx2((v4d *)A, (v4d *)E, n);
    else if (level >= 3) status = gauss_jordan8_avx512((v8d *)A, (v8d *)E, n);
    else status = gauss_jordan8_avx2((v8d *)A, (v8d *)E, n);
    if (status) return status;
    for (int i = 0; i < n; i++) __builtin_memcpy(x + i * k, E + i * W, sizeof(double) * (unsigned)k);
    return 0;
}

int swarm_small_inverse_f64(const double *a, long rs, long cs, int n, double *out) {
    return run(a, rs, cs, n, 0, 0, 0, n, out);
}

int swarm_small_solve_f64(const double *a, long rs, long cs, int n,
                          const double *b, long brs, long bcs, int k, double *x) {
    return run(a, rs, cs, n, b, brs, bcs, k, x);
}

#else

int swarm_small_inverse_f64(const double *a, long rs, long cs, int n, double *out) {
    (void)a; (void)rs; (void)cs; (void)n; (void)out;
    return -1;
}

int swarm_small_solve_f64(const double *a, long rs, long cs, int n,
                          const double *b, long brs, long bcs, int k, double *x) {
    (void)a; (void)rs; (void)cs; (void)n; (void)b; (void)brs; (void)bcs; (void)k; (void)x;
    return -1;
}

#endif
