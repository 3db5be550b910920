#include "CSwarmKernels.h"
#include "levels.h"

// NumPy's pairwise summation, its eight partial sums held in one vector
// register: the same additions in the same order as NumPy's scalar loop
// (`pairwise_sum` in numpy/_core/src/umath/loops_utils.h.src), so the
// results are bit for bit NumPy's.

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>

#define COMBINE8(t) (((t[0] + t[1]) + (t[2] + t[3])) + ((t[4] + t[5]) + (t[6] + t[7])))

__attribute__((target("avx512f")))
static double pairwise512(const double *a, long n) {
    if (n < 8) {
        double res = 0.;
        for (long i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        __m512d r = _mm512_loadu_pd(a);
        long i = 8, end = n - n % 8;
        for (; i < end; i += 8) r = _mm512_add_pd(r, _mm512_loadu_pd(a + i));
        double t[8];
        _mm512_storeu_pd(t, r);
        double res = COMBINE8(t);
        for (; i < n; i++) res += a[i];
        return res;
    }
    long half = n / 2;
    half -= half % 8;
    return pairwise512(a, half) + pairwise512(a + half, n - half);
}

__attribute__((target("avx2")))
static double pairwise256(const double *a, long n) {
    if (n < 8) {
        double res = 0.;
        for (long i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        __m256d lo = _mm256_loadu_pd(a), hi = _mm256_loadu_pd(a + 4);
        long i = 8, end = n - n % 8;
        for (; i < end; i += 8) {
            lo = _mm256_add_pd(lo, _mm256_loadu_pd(a + i));
            hi = _mm256_add_pd(hi, _mm256_loadu_pd(a + i + 4));
        }
        double t[8];
        _mm256_storeu_pd(t, lo);
        _mm256_storeu_pd(t + 4, hi);
        double res = COMBINE8(t);
        for (; i < n; i++) res += a[i];
        return res;
    }
    long half = n / 2;
    half -= half % 8;
    return pairwise256(a, half) + pairwise256(a + half, n - half);
}

// The same for floats: eight float partial sums (one 256-bit register).
__attribute__((target("avx2")))
static float pairwise256f(const float *a, long n) {
    if (n < 8) {
        float res = 0.f;
        for (long i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        __m256 r = _mm256_loadu_ps(a);
        long i = 8, end = n - n % 8;
        for (; i < end; i += 8) r = _mm256_add_ps(r, _mm256_loadu_ps(a + i));
        float t[8];
        _mm256_storeu_ps(t, r);
        float res = COMBINE8(t);
        for (; i < n; i++) res += a[i];
        return res;
    }
    long half = n / 2;
    half -= half % 8;
    return pairwise256f(a, half) + pairwise256f(a + half, n - half);
}

int swarm_pairwise_f64(const double *a, long n, double *result) {
    int level = swarm_cpu_level();
    if (level >= 3) { *result = pairwise512(a, n); return 1; }
    if (level >= 2) { *result = pairwise256(a, n); return 1; }
    return 0;
}

int swarm_pairwise_f32(const float *a, long n, float *result) {
    if (swarm_cpu_level() < 2) return 0;
    *result = pairwise256f(a, n);
    return 1;
}

// Maximum and minimum with NaN propagation: lanes of running extrema, and
// a lane mask of "seen a NaN"; on a NaN the first one is returned.
__attribute__((target("avx512f")))
static int extremum512(const double *a, long n, int is_max, double *result) {
    if (n < 16) return 0;
    __m512d m = _mm512_loadu_pd(a);
    __mmask8 nan = _mm512_cmp_pd_mask(m, m, _CMP_UNORD_Q);
    long i = 8;
    for (; i + 8 <= n; i += 8) {
        __m512d x = _mm512_loadu_pd(a + i);
        nan |= _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q);
        m = is_max ? _mm512_max_pd(m, x) : _mm512_min_pd(m, x);
    }
    double t[8];
    _mm512_storeu_pd(t, m);
    double r = t[0];
    for (int k = 1; k < 8; k++) r = is_max ? (t[k] > r ? t[k] : r) : (t[k] < r ? t[k] : r);
    for (; i < n; i++) {
        double x = a[i];
        if (x != x) nan = 1;
        r = is_max ? (x > r ? x : r) : (x < r ? x : r);
    }
    if (nan) {
        for (long j = 0; j < n; j++) if (a[j] != a[j]) { *result = a[j]; return 1; }
    }
    *result = r;
    return 1;
}

__attribute__((target("avx2")))
static int extremum256(const double *a, long n, int is_max, double *result) {
    if (n < 16) return 0;
    __m256d m0 = _mm256_loadu_pd(a), m1 = _mm256_loadu_pd(a + 4);
    __m256d nan = _mm256_or_pd(_mm256_cmp_pd(m0, m0, _CMP_UNORD_Q), _mm256_cmp_pd(m1, m1, _CMP_UNORD_Q));
    long i = 8;
    for (; i + 8 <= n; i += 8) {
        __m256d x0 = _mm256_loadu_pd(a + i), x1 = _mm256_loadu_pd(a + i + 4);
        nan = _mm256_or_pd(nan, _mm256_or_pd(_mm256_cmp_pd(x0, x0, _CMP_UNORD_Q), _mm256_cmp_pd(x1, x1, _CMP_UNORD_Q)));
        m0 = is_max ? _mm256_max_pd(m0, x0) : _mm256_min_pd(m0, x0);
        m1 = is_max ? _mm256_max_pd(m1, x1) : _mm256_min_pd(m1, x1);
    }
    double t[8];
    _mm256_storeu_pd(t, m0);
    _mm256_storeu_pd(t + 4, m1);
    double r = t[0];
    for (int k = 1; k < 8; k++) r = is_max ? (t[k] > r ? t[k] : r) : (t[k] < r ? t[k] : r);
    int seen = _mm256_movemask_pd(nan) != 0;
    for (; i < n; i++) {
        double x = a[i];
        if (x != x) seen = 1;
        r = is_max ? (x > r ? x : r) : (x < r ? x : r);
    }
    if (seen) {
        for (long j = 0; j < n; j++) if (a[j] != a[j]) { *result = a[j]; return 1; }
    }
    *result = r;
    return 1;
}

int swarm_extremum_f64(const double *a, long n, int is_max, double *result) {
    int level = swarm_cpu_level();
    if (level >= 3) return extremum512(a, n, is_max, result);
    if (level >= 2) return extremum256(a, n, is_max, result);
    return 0;
}

#else

int swarm_pairwise_f64(const double *a, long n, double *result) { (void)a; (void)n; (void)result; return 0; }
int swarm_pairwise_f32(const float *a, long n, float *result) { (void)a; (void)n; (void)result; return 0; }
int swarm_extremum_f64(const double *a, long n, int is_max, double *result) {
    (void)a; (void)n; (void)is_max; (void)result;
    return 0;
}

#endif
