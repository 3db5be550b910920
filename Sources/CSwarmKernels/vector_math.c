#include "CSwarmKernels.h"
#include "levels.h"

#if defined(__x86_64__) && defined(__linux__)

#include <cpuid.h>
#include <dlfcn.h>
#include <immintrin.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// libmvec's names for each op (NULL: no vector library function; sqrt is an instruction).
static const char *const names[SWARM_VM_COUNT] = {
    NULL, "exp", "expm1", "exp2", "log", "log1p", "log2", "log10",
    "sin", "cos", "tan", "asin", "acos", "atan",
    "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "cbrt",
};

typedef __m512d (*v8d_fn)(__m512d);
typedef __m512 (*v16f_fn)(__m512);
typedef __m256d (*v4d_fn)(__m256d);
typedef __m256 (*v8f_fn)(__m256);

static v8d_fn e8d[SWARM_VM_COUNT];
static v16f_fn e16f[SWARM_VM_COUNT];
static v4d_fn d4d[SWARM_VM_COUNT];
static v8f_fn d8f[SWARM_VM_COUNT];
static int level;  // 0: none, 2: AVX2 + FMA, 3: AVX-512 F/DQ
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t xgetbv0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

// What the CPU offers and the OS saves on context switches.
static int detect(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int osxsave = (c >> 27) & 1, fma = (c >> 12) & 1;
    if (!osxsave) return 0;
    uint64_t xcr0 = xgetbv0();
    int ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1, avx512dq = (b >> 17) & 1;
    if (zmm && avx512f && avx512dq) return 3;
    if (ymm && avx2 && fma) return 2;
    return 0;
}

static void load(void) {
    const char *env = getenv("SWARM_VECTOR_MATH");
    if (env && strcmp(env, "0") == 0) return;
    level = detect();
    if (level == 0) return;
    void *lib = dlopen("libmvec.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) return;  // sqrt still works: it needs no library
    char name[64];
    for (int op = 0; op < SWARM_VM_COUNT; op++) {
        if (!names[op]) continue;
        if (level >= 3) {
            snprintf(name, sizeof name, "_ZGVeN8v_%s", names[op]);
            e8d[op] = (v8d_fn)dlsym(lib, name);
            snprintf(name, sizeof name, "_ZGVeN16v_%sf", names[op]);
            e16f[op] = (v16f_fn)dlsym(lib, name);
        }
        snprintf(name, sizeof name, "_ZGVdN4v_%s", names[op]);
        d4d[op] = (v4d_fn)dlsym(lib, name);
        snprintf(name, sizeof name, "_ZGVdN8v_%sf", names[op]);
        d8f[op] = (v8f_fn)dlsym(lib, name);
    }
}

// AVX-512: full vectors, then a masked tail (masked-off lanes read as 0).
__attribute__((target("avx512f,avx512dq")))
static void run_e8d(v8d_fn f, const double *x, double *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, f(_mm512_loadu_pd(x + i)));
    if (i < n) {
        __mmask8 m = (__mmask8)((1u << (n - i)) - 1);
        _mm512_mask_storeu_pd(y + i, m, f(_mm512_maskz_loadu_pd(m, x + i)));
    }
}

__attribute__((target("avx512f,avx512dq")))
static void run_e16f(v16f_fn f, const float *x, float *y, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, f(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, f(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

__attribute__((target("avx512f,avx512dq")))
static void sqrt_e8d(const double *x, double *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, _mm512_sqrt_pd(_mm512_loadu_pd(x + i)));
    if (i < n) {
        __mmask8 m = (__mmask8)((1u << (n - i)) - 1);
        _mm512_mask_storeu_pd(y + i, m, _mm512_sqrt_pd(_mm512_maskz_loadu_pd(m, x + i)));
    }
}

__attribute__((target("avx512f,avx512dq")))
static void sqrt_e16f(const float *x, float *y, long n) {
    long i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_sqrt_ps(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1);
        _mm512_mask_storeu_ps(y + i, m, _mm512_sqrt_ps(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

// AVX2: full vectors, then the tail through a zero-padded buffer.
__attribute__((target("avx2,fma")))
static void run_d4d(v4d_fn f, const double *x, double *y, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, f(_mm256_loadu_pd(x + i)));
    if (i < n) {
        double in[4] = {0, 0, 0, 0}, out[4];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(double));
        _mm256_storeu_pd(out, f(_mm256_loadu_pd(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(double));
    }
}

__attribute__((target("avx2,fma")))
static void run_d8f(v8f_fn f, const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, f(_mm256_loadu_ps(x + i)));
    if (i < n) {
        float in[8] = {0, 0, 0, 0, 0, 0, 0, 0}, out[8];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(float));
        _mm256_storeu_ps(out, f(_mm256_loadu_ps(in)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(float));
    }
}

__attribute__((target("avx2,fma")))
static void sqrt_d4d(const double *x, double *y, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _mm256_sqrt_pd(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) y[i] = __builtin_sqrt(x[i]);
}

__attribute__((target("avx2,fma")))
static void sqrt_d8f(const float *x, float *y, long n) {
    long i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_sqrt_ps(_mm256_loadu_ps(x + i)));
    for (; i < n; i++) y[i] = __builtin_sqrtf(x[i]);
}

int swarm_vm_f64(int op, const double *x, double *y, long n) {
    pthread_once(&once, load);
    if (op < 0 || op >= SWARM_VM_COUNT || level == 0) return 0;
    if (op == SWARM_VM_SQRT) {
        if (level >= 3) sqrt_e8d(x, y, n); else sqrt_d4d(x, y, n);
        return 1;
    }
    if (level >= 3 && e8d[op]) { run_e8d(e8d[op], x, y, n); return 1; }
    if (d4d[op]) { run_d4d(d4d[op], x, y, n); return 1; }
    return 0;
}

int swarm_vm_f32(int op, const float *x, float *y, long n) {
    pthread_once(&once, load);
    if (op < 0 || op >= SWARM_VM_COUNT || level == 0) return 0;
    if (op == SWARM_VM_SQRT) {
        if (level >= 3) sqrt_e16f(x, y, n); else sqrt_d8f(x, y, n);
        return 1;
    }
    if (level >= 3 && e16f[op]) { run_e16f(e16f[op], x, y, n); return 1; }
    if (d8f[op]) { run_d8f(d8f[op], x, y, n); return 1; }
    return 0;
}

int swarm_cpu_level(void) {
    pthread_once(&once, load);
    return level;
}

const char *swarm_vm_level(void) {
    pthread_once(&once, load);
    return level >= 3 ? "avx512" : (level == 2 ? "avx2" : "none");
}

#else

int swarm_cpu_level(void) { return 0; }
int swarm_vm_f64(int op, const double *x, double *y, long n) { (void)op; (void)x; (void)y; (void)n; return 0; }
int swarm_vm_f32(int op, const float *x, float *y, long n) { (void)op; (void)x; (void)y; (void)n; return 0; }
const char *swarm_vm_level(void) { return "none"; }

#endif
