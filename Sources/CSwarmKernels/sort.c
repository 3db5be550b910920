#include "CSwarmKernels.h"
#include "levels.h"

// An AVX-512 quicksort of 64-bit and 32-bit integer keys (the algorithm is
// in sort_lanes.h, included once per width), the technique NumPy's
// `np.sort` uses on this hardware (x86-simd-sort; Bramas 2017, "A Novel
// Hybrid Quicksort Algorithm Vectorized using AVX-512 on Intel Skylake"):
//
//   - partitioning compares a register of keys against the pivot at once
//     and writes those below it to the left end and the rest to the right
//     end of the range, in place (a compress into a register, then a
//     full-width store: on AMD Zen 4 a compress straight to memory is
//     microcoded and slow);
//   - ranges of at most sixteen registers of keys (128 of 64 bits, 256 of
//     32) are sorted in the registers by a bitonic sorting network.
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
#define FLOAT double
#define V_FLOAT __m512d
#define FSFX f64
#define F_LOAD _mm512_loadu_pd
#define F_UNORDERED(x) _mm512_cmp_pd_mask(x, x, _CMP_UNORD_Q)
#define F_BITS _mm512_castpd_si512
#define V_SIGN(b) _mm512_srai_epi64(b, 63)
#include "sort_lanes.h"

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
#define FLOAT float
#define V_FLOAT __m512
#define FSFX f32
#define F_LOAD _mm512_loadu_ps
#define F_UNORDERED(x) _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q)
#define F_BITS _mm512_castps_si512
#define V_SIGN(b) _mm512_srai_epi32(b, 31)
#include "sort_lanes.h"

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
