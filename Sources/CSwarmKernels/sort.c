#include "CSwarmKernels.h"
#include "levels.h"

// An AVX-512 quicksort of 64-bit and 32-bit integer keys (the algorithm is
// in sort_lanes.h, included once per width), the technique NumPy's
// `np.sort` uses on this hardware (x86-simd-sort; Bramas 2017, "A Novel
// Hybrid Quicksort Algorithm Vectorized using AVX-512 on Intel Skylake"):
//
//   - partitioning compares a register of keys against the pivot at once and writes
//     those below it to the left end and the rest to the right end of the
//     range, in place (a compress into a register, then a full-width store:
//     on AMD Zen 4 a compress straight to memory is microcoded and slow);
//   - ranges of at most 128 keys are sorted in sixteen vector registers by a
//     bitonic sorting network.
//
// Doubles sort as the signed integers `bits ^ ((bits >> 63) & INT64_MAX)`
// (floats likewise on 32 bits), whose order is the numbers' order (-0.0 just
// before 0.0): integer min and max never turn -0.0 into 0.0 as the
// floating-point ones would.
//
// The sort is not stable: SwarmArray uses it for `sorted(stable: false)`
// only, as NumPy's default `kind='quicksort'` is not stable either.

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>
#include <stdint.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

typedef __m512i V;

static int log2_floor(long n) {
    int k = 0;
    while (n > 1) {
        n >>= 1;
        k++;
    }
    return k;
}

// 64-bit keys, eight to a register.
#define KEY int64_t
#define KEY_MAX INT64_MAX
#define LANES 8
#define MASK __mmask8
#define SFX i64
#define PERMUTATIONS                                                                     \
    {                                                                                    \
        {1, 0, 3, 2, 5, 4, 7, 6}, {2, 3, 0, 1, 6, 7, 4, 5}, {4, 5, 6, 7, 0, 1, 2, 3},    \
            {0, 1, 2, 3, 4, 5, 6, 7}, { 7, 6, 5, 4, 3, 2, 1, 0 }                         \
    }
#define V_LOAD _mm512_loadu_si512
#define V_STORE _mm512_storeu_si512
#define V_MIN _mm512_min_epi64
#define V_MAX _mm512_max_epi64
#define V_PERM _mm512_permutexvar_epi64
#define V_BLEND _mm512_mask_blend_epi64
#define V_SET1 _mm512_set1_epi64
#define V_LT _mm512_cmplt_epi64_mask
#define V_LE _mm512_cmple_epi64_mask
#define V_COMPRESS _mm512_maskz_compress_epi64
#define V_EXPAND _mm512_maskz_expand_epi64
#define V_MASK_LOAD _mm512_mask_loadu_epi64
#define V_MASK_STORE _mm512_mask_storeu_epi64
#define V_MASKZ_LOAD _mm512_maskz_loadu_epi64
#include "sort_lanes.h"
#undef KEY
#undef KEY_MAX
#undef LANES
#undef MASK
#undef SFX
#undef PERMUTATIONS
#undef V_MIN
#undef V_MAX
#undef V_PERM
#undef V_BLEND
#undef V_SET1
#undef V_LT
#undef V_LE
#undef V_COMPRESS
#undef V_EXPAND
#undef V_MASK_LOAD
#undef V_MASK_STORE
#undef V_MASKZ_LOAD

// 32-bit keys, sixteen to a register.
#define KEY int32_t
#define KEY_MAX INT32_MAX
#define LANES 16
#define MASK __mmask16
#define SFX i32
#define PERMUTATIONS                                                                               \
    {                                                                                              \
        {1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14},                                    \
            {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13},                                \
            {4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11},                                \
            {8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7},                                \
            { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0 }                               \
    }
#define V_MIN _mm512_min_epi32
#define V_MAX _mm512_max_epi32
#define V_PERM _mm512_permutexvar_epi32
#define V_BLEND _mm512_mask_blend_epi32
#define V_SET1 _mm512_set1_epi32
#define V_LT _mm512_cmplt_epi32_mask
#define V_LE _mm512_cmple_epi32_mask
#define V_COMPRESS _mm512_maskz_compress_epi32
#define V_EXPAND _mm512_maskz_expand_epi32
#define V_MASK_LOAD _mm512_mask_loadu_epi32
#define V_MASK_STORE _mm512_mask_storeu_epi32
#define V_MASKZ_LOAD _mm512_maskz_loadu_epi32
#include "sort_lanes.h"
#undef KEY
#undef KEY_MAX
#undef LANES
#undef MASK
#undef SFX
#undef PERMUTATIONS

AVX512 static long to_keys(double *values, long n) {
    const V low63 = _mm512_set1_epi64(INT64_MAX);
    long nans = 0, i = 0;
    int64_t *k = (int64_t *)values;
    for (; i + 8 <= n; i += 8) {
        __m512d x = _mm512_loadu_pd(values + i);
        nans += __builtin_popcount(_mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q));
        V b = _mm512_castpd_si512(x);
        _mm512_storeu_si512(k + i, _mm512_xor_si512(b, _mm512_and_si512(_mm512_srai_epi64(b, 63), low63)));
    }
    for (; i < n; i++) {
        double x;
        int64_t b;
        __builtin_memcpy(&x, values + i, 8);
        nans += x != x;
        __builtin_memcpy(&b, &x, 8);
        b ^= (b >> 63) & INT64_MAX;
        __builtin_memcpy(k + i, &b, 8);
    }
    return nans;
}

AVX512 static void from_keys(int64_t *keys, long n) {
    // The map is its own inverse: the sign bit decides, and it is kept.
    const V low63 = _mm512_set1_epi64(INT64_MAX);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        V b = _mm512_loadu_si512(keys + i);
        _mm512_storeu_si512(keys + i, _mm512_xor_si512(b, _mm512_and_si512(_mm512_srai_epi64(b, 63), low63)));
    }
    for (; i < n; i++) keys[i] ^= (keys[i] >> 63) & INT64_MAX;
}

AVX512 static long to_keys32(float *values, long n) {
    const V low31 = _mm512_set1_epi32(INT32_MAX);
    long nans = 0, i = 0;
    int32_t *k = (int32_t *)values;
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(values + i);
        nans += __builtin_popcount(_mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q));
        V b = _mm512_castps_si512(x);
        _mm512_storeu_si512(k + i, _mm512_xor_si512(b, _mm512_and_si512(_mm512_srai_epi32(b, 31), low31)));
    }
    for (; i < n; i++) {
        float x;
        int32_t b;
        __builtin_memcpy(&x, values + i, 4);
        nans += x != x;
        __builtin_memcpy(&b, &x, 4);
        b ^= (b >> 31) & INT32_MAX;
        __builtin_memcpy(k + i, &b, 4);
    }
    return nans;
}

AVX512 static void from_keys32(int32_t *keys, long n) {
    const V low31 = _mm512_set1_epi32(INT32_MAX);
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        V b = _mm512_loadu_si512(keys + i);
        _mm512_storeu_si512(keys + i, _mm512_xor_si512(b, _mm512_and_si512(_mm512_srai_epi32(b, 31), low31)));
    }
    for (; i < n; i++) keys[i] ^= (keys[i] >> 31) & INT32_MAX;
}

long swarm_f32_to_keys(float *values, long n) {
    if (swarm_cpu_level() < 3) return -1;
    return to_keys32(values, n);
}

void swarm_keys_to_f32(int32_t *keys, long n) {
    if (swarm_cpu_level() >= 3) from_keys32(keys, n);
}

long swarm_f64_to_keys(double *values, long n) {
    if (swarm_cpu_level() < 3) return -1;
    return to_keys(values, n);
}

void swarm_keys_to_f64(int64_t *keys, long n) {
    if (swarm_cpu_level() >= 3) from_keys(keys, n);
}

#else

int swarm_sort_i64(int64_t *keys, long n) { (void)keys; (void)n; return 0; }
int swarm_sort_i32(int32_t *keys, long n) { (void)keys; (void)n; return 0; }
long swarm_split_i32(int32_t *keys, long n) { (void)keys; (void)n; return -1; }
long swarm_f32_to_keys(float *values, long n) { (void)values; (void)n; return -1; }
void swarm_keys_to_f32(int32_t *keys, long n) { (void)keys; (void)n; }
long swarm_split_i64(int64_t *keys, long n) { (void)keys; (void)n; return -1; }
long swarm_f64_to_keys(double *values, long n) { (void)values; (void)n; return -1; }
void swarm_keys_to_f64(int64_t *keys, long n) { (void)keys; (void)n; }

#endif
