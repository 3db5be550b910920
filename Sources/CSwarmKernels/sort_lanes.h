// The AVX-512 quicksort of `sort.c`, written once for any lane width: sort.c
// includes this file twice, for 64-bit keys (8 lanes) and 32-bit keys (16
// lanes), after defining
//   KEY, KEY_MAX   the key type and its largest value
//   LANES, MASK    lanes in a 512-bit register, and the mask type for them
//   SFX            the suffix of every function name (i64, i32)
//   PERMUTATIONS   the lane permutations' table (see `permutations`)
//   FLOAT, FSFX    the floating-point type of the keys' width (f64, f32)
//   V_FLOAT, F_*, V_SIGN   its register type and intrinsics
//   V_*            the intrinsics of that width (see sort.c).
// Every name defined here, and those the includer defined for it (but
// V_LOAD and V_STORE, the same for both widths), is undefined at the end.

#define CAT2(a, b) a##_##b
#define CAT(a, b) CAT2(a, b)
#define NAME(x) CAT(x, SFX)
// Registers in the sorting network, and so the largest range it sorts.
#define REGISTERS 16
#define SMALL (REGISTERS * LANES)
#define ALL_LANES ((1u << LANES) - 1)

// The lanes at the bottom `count`, and at the top `count`.
INLINE MASK NAME(low_lanes)(int count) { return (MASK)((1u << count) - 1); }
INLINE MASK NAME(top_lanes)(int count) { return (MASK)(count == 0 ? 0 : (ALL_LANES << (LANES - count)) & ALL_LANES); }

// Lanes that keep the larger key in the bitonic sort's step (block k,
// distance j): those with bit j set, flipped in blocks that sort downwards.
INLINE MASK NAME(max_lanes)(int k, int j) {
    unsigned m = 0;
    for (int i = 0; i < LANES; i++)
        if (((i & j) != 0) != ((i & k) != 0 && k < LANES)) m |= 1u << i;
    return (MASK)m;
}

// Lane permutations: rows 0-3 exchange each lane with lane i ^ 1, 2, 4, 8;
// row 4 reverses the register (PERMUTATIONS comes from sort.c).
static const KEY NAME(permutations)[5][LANES] = PERMUTATIONS;

// The row of `permutations` for lane i ^ j.
INLINE int NAME(row)(int j) { return j == 1 ? 0 : j == 2 ? 1 : j == 4 ? 2 : 3; }

// Compare-exchange of every lane with lane i ^ j.
AVX512 INLINE V NAME(exchange)(V v, int j, MASK take_max) {
    V p = V_PERM(V_LOAD(NAME(permutations)[NAME(row)(j)]), v);
    return V_BLEND(take_max, V_MIN(v, p), V_MAX(v, p));
}

// Sorts the lanes of one register (a bitonic sorting network).
AVX512 INLINE V NAME(sort_register)(V v) {
#pragma clang loop unroll(full)
    for (int k = 2; k <= LANES; k *= 2)
#pragma clang loop unroll(full)
        for (int j = k / 2; j >= 1; j /= 2) v = NAME(exchange)(v, j, NAME(max_lanes)(k, j));
    return v;
}

// Sorts a register whose lanes form a bitonic sequence.
AVX512 INLINE V NAME(clean_register)(V v) {
#pragma clang loop unroll(full)
    for (int j = LANES / 2; j >= 1; j /= 2) v = NAME(exchange)(v, j, NAME(max_lanes)(LANES, j));
    return v;
}

// Sorts the bitonic sequence held in registers r[0..<k].
AVX512 INLINE void NAME(clean)(V *r, int k) {
    for (int d = k / 2; d >= 1; d /= 2)
        for (int i = 0; i < k; i++)
            if (!(i & d)) {
                V lo = V_MIN(r[i], r[i + d]), hi = V_MAX(r[i], r[i + d]);
                r[i] = lo;
                r[i + d] = hi;
            }
    for (int i = 0; i < k; i++) r[i] = NAME(clean_register)(r[i]);
}

// Merges each pair of neighbouring sorted runs of k registers in r[0..<p].
AVX512 INLINE void NAME(merge_runs)(V *r, int p, int k) {
    const V rev = V_LOAD(NAME(permutations)[4]);
    for (int base = 0; base < p; base += 2 * k) {
        V *a = r + base, *b = r + base + k;
        // a, then b reversed, is bitonic; the half-cleaner splits it into
        // two bitonic halves with every key of the first below the second.
        for (int i = 0; i < k / 2; i++) {
            V t = b[i];
            b[i] = b[k - 1 - i];
            b[k - 1 - i] = t;
        }
        for (int i = 0; i < k; i++) b[i] = V_PERM(rev, b[i]);
        for (int i = 0; i < k; i++) {
            V lo = V_MIN(a[i], b[i]), hi = V_MAX(a[i], b[i]);
            a[i] = lo;
            b[i] = hi;
        }
        NAME(clean)(a, k);
        NAME(clean)(b, k);
    }
}

// Sorts n <= LANES * p keys in p registers (p a power of two), the tail
// padded with KEY_MAX.
AVX512 INLINE void NAME(sort_registers)(KEY *keys, long n, int p) {
    V r[REGISTERS];
    const V pad = V_SET1(KEY_MAX);
    for (int i = 0; i < p; i++) {
        long off = (long)LANES * i, left = n - off;
        if (left >= LANES) r[i] = V_LOAD(keys + off);
        else if (left > 0) r[i] = V_MASK_LOAD(pad, NAME(low_lanes)((int)left), keys + off);
        else r[i] = pad;
        r[i] = NAME(sort_register)(r[i]);
    }
    for (int k = 1; k < p; k *= 2) NAME(merge_runs)(r, p, k);
    for (int i = 0; i < p; i++) {
        long off = (long)LANES * i, left = n - off;
        if (left >= LANES) V_STORE(keys + off, r[i]);
        else if (left > 0) V_MASK_STORE(keys + off, NAME(low_lanes)((int)left), r[i]);
    }
}

// Sorts up to SMALL keys.
AVX512 static void NAME(sort_small)(KEY *keys, long n) {
    if (n <= 1) return;
    if (n <= LANES) NAME(sort_registers)(keys, n, 1);
    else if (n <= 2 * LANES) NAME(sort_registers)(keys, n, 2);
    else if (n <= 4 * LANES) NAME(sort_registers)(keys, n, 4);
    else if (n <= 8 * LANES) NAME(sort_registers)(keys, n, 8);
    else NAME(sort_registers)(keys, n, 16);
}

// Partitions keys[0..<n] (n >= 2 * LANES * UNROLL) in place: the keys below
// `pivot` (at or below it when `or_equal`) first; returns how many they are.
//
// The first and last UNROLL registers of keys are loaded up front, which
// leaves LANES * UNROLL free slots at each end. Each step reads UNROLL
// registers from the end with less free room (afterwards both ends have at
// least that much), and writes the keys below the pivot at the left write
// point and the others just below the right one, with full-width stores
// whose unused lanes fall into free room. Choosing the end is a branch the
// CPU cannot predict, so it is taken once per UNROLL registers.
#define UNROLL 4
AVX512 static long NAME(partition)(KEY *keys, long n, KEY pivot, int or_equal) {
    const V pv = V_SET1(pivot);
    V head[UNROLL], tail[UNROLL];
    for (int u = 0; u < UNROLL; u++) {
        head[u] = V_LOAD(keys + LANES * u);
        tail[u] = V_LOAD(keys + n - LANES * UNROLL + LANES * u);
    }
    long l = LANES * UNROLL, r = n - LANES * UNROLL, wl = 0, wr = n;
#define BELOW(v) (or_equal ? V_LE(v, pv) : V_LT(v, pv))
#define PLACE(v, m, count)                                                                  \
    do {                                                                                    \
        int below = __builtin_popcount((unsigned)(m)), above = (count) - below;             \
        V_STORE(keys + wl, V_COMPRESS(m, v));                                               \
        wl += below;                                                                        \
        V high = V_COMPRESS((MASK)(~(unsigned)(m) & NAME(low_lanes)(count)), v);            \
        V_STORE(keys + wr - LANES, V_EXPAND(NAME(top_lanes)(above), high));                 \
        wr -= above;                                                                        \
    } while (0)
    while (r - l >= LANES * UNROLL) {
        long from;
        if (l - wl <= wr - r) {
            from = l;
            l += LANES * UNROLL;
        } else {
            r -= LANES * UNROLL;
            from = r;
        }
        V v[UNROLL];
        MASK m[UNROLL];
        for (int u = 0; u < UNROLL; u++) {
            v[u] = V_LOAD(keys + from + LANES * u);
            m[u] = BELOW(v[u]);
        }
        for (int u = 0; u < UNROLL; u++) PLACE(v[u], m[u], LANES);
    }
    while (r - l >= LANES) {
        V v;
        if (l - wl <= wr - r) {
            v = V_LOAD(keys + l);
            l += LANES;
        } else {
            r -= LANES;
            v = V_LOAD(keys + r);
        }
        MASK m = BELOW(v);
        PLACE(v, m, LANES);
    }
    // Everything left is in registers now, so [wl, wr) is all free room.
    long rest = r - l;
    if (rest > 0) {
        MASK lanes = NAME(low_lanes)((int)rest);
        V v = V_MASKZ_LOAD(lanes, keys + l);
        MASK m = BELOW(v) & lanes;
        PLACE(v, m, (int)rest);
    }
    for (int u = 0; u < UNROLL; u++) {
        MASK m = BELOW(head[u]);
        PLACE(head[u], m, LANES);
    }
    for (int u = 0; u < UNROLL - 1; u++) {
        MASK m = BELOW(tail[u]);
        PLACE(tail[u], m, LANES);
    }
    // Exactly LANES slots are left: one register holds both parts.
    V last = tail[UNROLL - 1];
    MASK m = BELOW(last);
    int below = __builtin_popcount((unsigned)m);
    V low = V_COMPRESS(m, last);
    MASK top = NAME(top_lanes)(LANES - below);
    V high = V_EXPAND(top, V_COMPRESS((MASK)~(unsigned)m, last));
    V_STORE(keys + wl, V_BLEND(top, low, high));
#undef BELOW
#undef PLACE
    return wl + below;
}
#undef UNROLL

// The median of `samples` (at most 128) keys spread evenly over keys[0..<n].
AVX512 static KEY NAME(pick_pivot)(const KEY *keys, long n, int samples) {
    KEY s[128];
    long stride = n / samples;
    for (int i = 0; i < samples; i++) s[i] = keys[stride / 2 + i * stride];
    NAME(sort_small)(s, samples);
    return s[samples / 2];
}

static void NAME(sift_down)(KEY *a, long root, long n) {
    KEY x = a[root];
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
static void NAME(heap_sort)(KEY *a, long n) {
    for (long i = n / 2 - 1; i >= 0; i--) NAME(sift_down)(a, i, n);
    for (long end = n - 1; end > 0; end--) {
        KEY t = a[0];
        a[0] = a[end];
        a[end] = t;
        NAME(sift_down)(a, 0, end);
    }
}

// Splits keys[0..<n] (n > SMALL) around the median of 128 samples; returns
// the split, after which neither side is empty unless every key is equal
// (then n).
AVX512 static long NAME(split)(KEY *keys, long n) {
    KEY pivot = NAME(pick_pivot)(keys, n, 128);
    long mid = NAME(partition)(keys, n, pivot, 0);
    if (mid == 0) {
        // The pivot is the smallest key: put every copy of it first; that
        // part is sorted, and the rest is above the pivot.
        mid = NAME(partition)(keys, n, pivot, 1);
    }
    return mid;
}

AVX512 static void NAME(quicksort)(KEY *keys, long n, int depth) {
    while (n > SMALL) {
        if (depth-- == 0) {
            NAME(heap_sort)(keys, n);
            return;
        }
        KEY pivot = NAME(pick_pivot)(keys, n, n >= 4096 ? 64 : 8);
        long mid = NAME(partition)(keys, n, pivot, 0);
        if (mid == 0) {
            // Every copy of the smallest key goes first, where it is sorted.
            mid = NAME(partition)(keys, n, pivot, 1);
            keys += mid;
            n -= mid;
            continue;
        }
        // Recurse on the smaller side, loop on the larger.
        if (mid < n - mid) {
            NAME(quicksort)(keys, mid, depth);
            keys += mid;
            n -= mid;
        } else {
            NAME(quicksort)(keys + mid, n - mid, depth);
            n = mid;
        }
    }
    NAME(sort_small)(keys, n);
}

int NAME(swarm_sort)(KEY *keys, long n) {
    if (swarm_cpu_level() < 3) return 0;
    NAME(quicksort)(keys, n, 2 * log2_floor(n) + 4);
    return 1;
}

long NAME(swarm_split)(KEY *keys, long n) {
    if (swarm_cpu_level() < 3 || n <= SMALL) return -1;
    return NAME(split)(keys, n);
}

// Floating-point values to keys in place: bits ^ ((bits >> (w-1)) & KEY_MAX)
// orders them as the numbers (-0.0 just below 0.0; NaNs with the sign bit
// clear above +inf, with it set below -inf). Returns the NaN count.
AVX512 static long NAME(to_keys)(FLOAT *values, long n) {
    const V magnitude = V_SET1(KEY_MAX);
    long nans = 0, i = 0;
    KEY *k = (KEY *)values;
    for (; i + LANES <= n; i += LANES) {
        V_FLOAT x = F_LOAD(values + i);
        nans += __builtin_popcount((unsigned)F_UNORDERED(x));
        V b = F_BITS(x);
        V_STORE(k + i, _mm512_xor_si512(b, _mm512_and_si512(V_SIGN(b), magnitude)));
    }
    for (; i < n; i++) {
        FLOAT x;
        KEY b;
        __builtin_memcpy(&x, values + i, sizeof x);
        nans += x != x;
        __builtin_memcpy(&b, &x, sizeof b);
        b ^= (KEY)((b < 0 ? (KEY)-1 : 0) & KEY_MAX);
        __builtin_memcpy(k + i, &b, sizeof b);
    }
    return nans;
}

// Keys back to the floating-point values: the map is its own inverse (the
// sign bit decides, and it is kept).
AVX512 static void NAME(from_keys)(KEY *keys, long n) {
    const V magnitude = V_SET1(KEY_MAX);
    long i = 0;
    for (; i + LANES <= n; i += LANES) {
        V b = V_LOAD(keys + i);
        V_STORE(keys + i, _mm512_xor_si512(b, _mm512_and_si512(V_SIGN(b), magnitude)));
    }
    for (; i < n; i++) keys[i] ^= (KEY)((keys[i] < 0 ? (KEY)-1 : 0) & KEY_MAX);
}

long CAT(CAT(swarm, FSFX), to_keys)(FLOAT *values, long n) {
    if (swarm_cpu_level() < 3) return -1;
    return NAME(to_keys)(values, n);
}

void CAT(swarm_keys_to, FSFX)(KEY *keys, long n) {
    if (swarm_cpu_level() >= 3) NAME(from_keys)(keys, n);
}

#undef CAT2
#undef CAT
#undef NAME
#undef REGISTERS
#undef SMALL
#undef ALL_LANES
// The includer's definitions too, so the next width starts clean.
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
#undef FLOAT
#undef V_FLOAT
#undef FSFX
#undef F_LOAD
#undef F_UNORDERED
#undef F_BITS
#undef V_SIGN
