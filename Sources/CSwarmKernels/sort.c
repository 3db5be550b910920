#include "CSwarmKernels.h"
#include "levels.h"

// An AVX-512 quicksort of 64-bit integer keys, the technique NumPy's
// `np.sort` uses on this hardware (x86-simd-sort; Bramas 2017, "A Novel
// Hybrid Quicksort Algorithm Vectorized using AVX-512 on Intel Skylake"):
//
//   - partitioning compares eight keys against the pivot at once and writes
//     those below it to the left end and the rest to the right end of the
//     range, in place (a compress into a register, then a full-width store:
//     on AMD Zen 4 a compress straight to memory is microcoded and slow);
//   - ranges of at most 128 keys are sorted in sixteen vector registers by a
//     bitonic sorting network.
//
// Doubles sort as the signed integers `bits ^ ((bits >> 63) & INT64_MAX)`,
// whose order is the numbers' order (-0.0 just before 0.0): integer min and
// max never turn -0.0 into 0.0 as the floating-point ones would.
//
// The sort is not stable: SwarmArray uses it for `sorted(stable: false)`
// only, as NumPy's default `kind='quicksort'` is not stable either.

#if defined(__x86_64__) && defined(__linux__)
#include <immintrin.h>
#include <stdint.h>

#define AVX512 __attribute__((target("avx512f,avx512dq")))
#define INLINE static inline __attribute__((always_inline))

typedef __m512i V;

// Lane permutations: exchange with the lane at distance 1, 2, 4; reverse.
static const int64_t xor1[8] = {1, 0, 3, 2, 5, 4, 7, 6};
static const int64_t xor2[8] = {2, 3, 0, 1, 6, 7, 4, 5};
static const int64_t xor4[8] = {4, 5, 6, 7, 0, 1, 2, 3};
static const int64_t rev8[8] = {7, 6, 5, 4, 3, 2, 1, 0};

// Lanes that keep the larger key in the bitonic sort's step (block k,
// distance j): those with bit j set, flipped in blocks that sort downwards.
INLINE __mmask8 max_lanes(int k, int j) {
    unsigned m = 0;
    for (int i = 0; i < 8; i++)
        if (((i & j) != 0) != ((i & k) != 0 && k < 8)) m |= 1u << i;
    return (__mmask8)m;
}

AVX512 INLINE V exchange(V v, const int64_t *perm, __mmask8 take_max) {
    V p = _mm512_permutexvar_epi64(_mm512_loadu_si512(perm), v);
    return _mm512_mask_blend_epi64(take_max, _mm512_min_epi64(v, p), _mm512_max_epi64(v, p));
}

// Sorts the eight lanes of one register.
AVX512 INLINE V sort8(V v) {
    v = exchange(v, xor1, max_lanes(2, 1));
    v = exchange(v, xor2, max_lanes(4, 2));
    v = exchange(v, xor1, max_lanes(4, 1));
    v = exchange(v, xor4, max_lanes(8, 4));
    v = exchange(v, xor2, max_lanes(8, 2));
    return exchange(v, xor1, max_lanes(8, 1));
}

// Sorts a register whose lanes form a bitonic sequence.
AVX512 INLINE V clean8(V v) {
    v = exchange(v, xor4, 0xF0);
    v = exchange(v, xor2, 0xCC);
    return exchange(v, xor1, 0xAA);
}

// Sorts the bitonic sequence held in registers r[0..<k].
AVX512 INLINE void clean(V *r, int k) {
    for (int d = k / 2; d >= 1; d /= 2)
        for (int i = 0; i < k; i++)
            if (!(i & d)) {
                V lo = _mm512_min_epi64(r[i], r[i + d]), hi = _mm512_max_epi64(r[i], r[i + d]);
                r[i] = lo;
                r[i + d] = hi;
            }
    for (int i = 0; i < k; i++) r[i] = clean8(r[i]);
}

// Merges each pair of neighbouring sorted runs of k registers in r[0..<p].
AVX512 INLINE void merge_runs(V *r, int p, int k) {
    const V rev = _mm512_loadu_si512(rev8);
    for (int base = 0; base < p; base += 2 * k) {
        V *a = r + base, *b = r + base + k;
        // a, then b reversed, is bitonic; the half-cleaner splits it into
        // two bitonic halves with every key of the first below the second.
        for (int i = 0; i < k / 2; i++) {
            V t = b[i];
            b[i] = b[k - 1 - i];
            b[k - 1 - i] = t;
        }
        for (int i = 0; i < k; i++) b[i] = _mm512_permutexvar_epi64(rev, b[i]);
        for (int i = 0; i < k; i++) {
            V lo = _mm512_min_epi64(a[i], b[i]), hi = _mm512_max_epi64(a[i], b[i]);
            a[i] = lo;
            b[i] = hi;
        }
        clean(a, k);
        clean(b, k);
    }
}

// Sorts n <= 8 * p keys in p registers (p a power of two), the tail padded
// with INT64_MAX.
AVX512 INLINE void sort_registers(int64_t *keys, long n, int p) {
    V r[16];
    const V pad = _mm512_set1_epi64(INT64_MAX);
    for (int i = 0; i < p; i++) {
        long off = 8L * i, left = n - off;
        if (left >= 8) r[i] = _mm512_loadu_si512(keys + off);
        else if (left > 0) r[i] = _mm512_mask_loadu_epi64(pad, (__mmask8)((1u << left) - 1), keys + off);
        else r[i] = pad;
        r[i] = sort8(r[i]);
    }
    for (int k = 1; k < p; k *= 2) merge_runs(r, p, k);
    for (int i = 0; i < p; i++) {
        long off = 8L * i, left = n - off;
        if (left >= 8) _mm512_storeu_si512(keys + off, r[i]);
        else if (left > 0) _mm512_mask_storeu_epi64(keys + off, (__mmask8)((1u << left) - 1), r[i]);
    }
}

AVX512 static void sort_small(int64_t *keys, long n) {
    if (n <= 1) return;
    if (n <= 8) sort_registers(keys, n, 1);
    else if (n <= 16) sort_registers(keys, n, 2);
    else if (n <= 32) sort_registers(keys, n, 4);
    else if (n <= 64) sort_registers(keys, n, 8);
    else sort_registers(keys, n, 16);
}

// The top `count` of eight lanes.
INLINE __mmask8 top_lanes(int count) { return (__mmask8)(0xFF00u >> count); }

// Partitions keys[0..<n] (n >= 2 * 8 * UNROLL) in place: the keys below
// `pivot` (at or below it when `or_equal`) first; returns how many they are.
//
// The first and last UNROLL registers of keys are loaded up front, which
// leaves 8 * UNROLL free slots at each end. Each step reads UNROLL registers
// from the end with less free room (afterwards both ends have at least that
// much), and writes the keys below the pivot at the left write point and
// the others just below the right one, with full-width stores whose unused
// lanes fall into free room. Choosing the end is a branch the CPU cannot
// predict, so it is taken once per UNROLL registers.
#define UNROLL 4
AVX512 static long partition(int64_t *keys, long n, int64_t pivot, int or_equal) {
    const V pv = _mm512_set1_epi64(pivot);
    V head[UNROLL], tail[UNROLL];
    for (int u = 0; u < UNROLL; u++) {
        head[u] = _mm512_loadu_si512(keys + 8 * u);
        tail[u] = _mm512_loadu_si512(keys + n - 8 * UNROLL + 8 * u);
    }
    long l = 8 * UNROLL, r = n - 8 * UNROLL, wl = 0, wr = n;
#define BELOW(v) (or_equal ? _mm512_cmple_epi64_mask(v, pv) : _mm512_cmplt_epi64_mask(v, pv))
#define PLACE(v, m, count)                                                                          \
    do {                                                                                            \
        int below = __builtin_popcount(m), above = (count) - below;                                 \
        _mm512_storeu_si512(keys + wl, _mm512_maskz_compress_epi64(m, v));                          \
        wl += below;                                                                                \
        V high = _mm512_maskz_compress_epi64((__mmask8)(~(m) & (0xFFu >> (8 - (count)))), v);       \
        _mm512_storeu_si512(keys + wr - 8, _mm512_maskz_expand_epi64(top_lanes(above), high));      \
        wr -= above;                                                                                \
    } while (0)
    while (r - l >= 8 * UNROLL) {
        long from;
        if (l - wl <= wr - r) {
            from = l;
            l += 8 * UNROLL;
        } else {
            r -= 8 * UNROLL;
            from = r;
        }
        V v[UNROLL];
        __mmask8 m[UNROLL];
        for (int u = 0; u < UNROLL; u++) {
            v[u] = _mm512_loadu_si512(keys + from + 8 * u);
            m[u] = BELOW(v[u]);
        }
        for (int u = 0; u < UNROLL; u++) PLACE(v[u], m[u], 8);
    }
    while (r - l >= 8) {
        V v;
        if (l - wl <= wr - r) {
            v = _mm512_loadu_si512(keys + l);
            l += 8;
        } else {
            r -= 8;
            v = _mm512_loadu_si512(keys + r);
        }
        __mmask8 m = BELOW(v);
        PLACE(v, m, 8);
    }
    // Everything left is in registers now, so [wl, wr) is all free room.
    long rest = r - l;
    if (rest > 0) {
        __mmask8 lanes = (__mmask8)((1u << rest) - 1);
        V v = _mm512_maskz_loadu_epi64(lanes, keys + l);
        __mmask8 m = BELOW(v) & lanes;
        PLACE(v, m, (int)rest);
    }
    for (int u = 0; u < UNROLL; u++) {
        __mmask8 m = BELOW(head[u]);
        PLACE(head[u], m, 8);
    }
    for (int u = 0; u < UNROLL - 1; u++) {
        __mmask8 m = BELOW(tail[u]);
        PLACE(tail[u], m, 8);
    }
    // Exactly eight slots are left: one register holds both parts.
    V last = tail[UNROLL - 1];
    __mmask8 m = BELOW(last);
    int below = __builtin_popcount(m);
    V low = _mm512_maskz_compress_epi64(m, last);
    V high = _mm512_maskz_expand_epi64(top_lanes(8 - below), _mm512_maskz_compress_epi64((__mmask8)~m, last));
    _mm512_storeu_si512(keys + wl, _mm512_mask_blend_epi64(top_lanes(8 - below), low, high));
#undef BELOW
#undef PLACE
    return wl + below;
}

// The median of `samples` keys spread evenly over keys[0..<n].
AVX512 static int64_t pick_pivot(const int64_t *keys, long n, int samples) {
    int64_t s[128];
    long stride = n / samples;
    for (int i = 0; i < samples; i++) s[i] = keys[stride / 2 + i * stride];
    sort_small(s, samples);
    return s[samples / 2];
}

static void sift_down(int64_t *a, long root, long n) {
    int64_t x = a[root];
    for (;;) {
        long child = 2 * root + 1;
        if (child >= n) break;
        if (child + 1 < n && a[child + 1] > a[child]) child++;
        if (a[child] <= x) break;
        a[root] = a[child];
        root = child;
    }
    a[root] = x;
}

// The fallback when pivots keep splitting badly: O(n log n) whatever the input.
static void heap_sort(int64_t *a, long n) {
    for (long i = n / 2 - 1; i >= 0; i--) sift_down(a, i, n);
    for (long end = n - 1; end > 0; end--) {
        int64_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

// Splits keys[0..<n] around a pivot; returns the split, after which neither
// side is empty unless every key is equal (then n).
AVX512 static long split(int64_t *keys, long n, int samples) {
    int64_t pivot = pick_pivot(keys, n, samples);
    long mid = partition(keys, n, pivot, 0);
    if (mid == 0) {
        // The pivot is the smallest key: put every copy of it first; that
        // part is sorted, and the rest is above the pivot.
        mid = partition(keys, n, pivot, 1);
    }
    return mid;
}

AVX512 static void quicksort(int64_t *keys, long n, int depth) {
    while (n > 128) {
        if (depth-- == 0) {
            heap_sort(keys, n);
            return;
        }
        int64_t pivot = pick_pivot(keys, n, n >= 4096 ? 64 : 8);
        long mid = partition(keys, n, pivot, 0);
        if (mid == 0) {
            // Every copy of the smallest key goes first, where it is sorted.
            mid = partition(keys, n, pivot, 1);
            keys += mid;
            n -= mid;
            continue;
        }
        // Recurse on the smaller side, loop on the larger.
        if (mid < n - mid) {
            quicksort(keys, mid, depth);
            keys += mid;
            n -= mid;
        } else {
            quicksort(keys + mid, n - mid, depth);
            n = mid;
        }
    }
    sort_small(keys, n);
}

static int log2_floor(long n) {
    int k = 0;
    while (n > 1) {
        n >>= 1;
        k++;
    }
    return k;
}

int swarm_sort_i64(int64_t *keys, long n) {
    if (swarm_cpu_level() < 3) return 0;
    quicksort(keys, n, 2 * log2_floor(n) + 4);
    return 1;
}

long swarm_split_i64(int64_t *keys, long n) {
    if (swarm_cpu_level() < 3 || n <= 128) return -1;
    return split(keys, n, 128);
}

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

long swarm_f64_to_keys(double *values, long n) {
    if (swarm_cpu_level() < 3) return -1;
    return to_keys(values, n);
}

void swarm_keys_to_f64(int64_t *keys, long n) {
    if (swarm_cpu_level() >= 3) from_keys(keys, n);
}

#else

int swarm_sort_i64(int64_t *keys, long n) { (void)keys; (void)n; return 0; }
long swarm_split_i64(int64_t *keys, long n) { (void)keys; (void)n; return -1; }
long swarm_f64_to_keys(double *values, long n) { (void)values; (void)n; return -1; }
void swarm_keys_to_f64(int64_t *keys, long n) { (void)keys; (void)n; }

#endif
