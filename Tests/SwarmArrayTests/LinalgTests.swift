import Foundation
import Testing
@testable import SwarmArray

/// Skips (or, under SWARM_REQUIRE_BACKENDS=1, fails) when no BLAS/LAPACK is installed.
func requireLAPACK(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    if LinearAlgebraBackend.isAvailable { return true }
    if ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1" {
        Issue.record("BLAS/LAPACK is required (SWARM_REQUIRE_BACKENDS=1): \(LinearAlgebraBackend.description)",
                     sourceLocation: sourceLocation)
    }
    return false
}

/// Random matrices both sides can build: NumPy's default_rng(seed).random(shape) - 0.5.
func randomMatrix(_ seed: UInt64, _ shape: [Int]) -> NDArray<Double> {
    var g = Generator(seed: seed)
    return g.random(shape: shape) - 0.5
}
let pyRandom = """
def rnd(seed, shape): return np.random.default_rng(seed).random(shape) - 0.5
def crnd(seed, shape): return rnd(seed, shape) + 1j * rnd(seed + 100, shape)

"""
func complexRandom(_ seed: UInt64, _ shape: [Int]) -> NDArray<Complex<Double>> {
    let re = randomMatrix(seed, shape), im = randomMatrix(seed + 100, shape)
    return NDArray<Complex<Double>>(shape: shape, elements: zip(re.toArray(), im.toArray()).map { Complex($0, $1) })
}

/// Checks a complex array against NumPy's dump of its real and imaginary parts.
func checkComplex(_ a: NDArray<Complex<Double>>, _ name: String, _ e: Expected, rtol: Double = 1e-12, atol: Double = 0,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    let parts = a.toArray()
    #expect(a.shape == e.shape(name + "_re"), "\(name) shape", sourceLocation: sourceLocation)
    expectClose(parts.map(\.rawStorage.x), e.values(name + "_re"), rtol: rtol, atol: atol, name + ".real", sourceLocation: sourceLocation)
    expectClose(parts.map(\.rawStorage.y), e.values(name + "_im"), rtol: rtol, atol: atol, name + ".imag", sourceLocation: sourceLocation)
}

@Suite struct MatmulTests {
    @Test func matmulFollowsNumPysRules() throws {
        guard let e = try numpyExpected(pyRandom + """
            a = rnd(1, (4, 3)); b = rnd(2, (3, 5)); s = rnd(3, (2, 4, 3)); v = rnd(4, (3,)); w = rnd(5, (4,))
            big = rnd(6, (70, 90)); big2 = rnd(7, (90, 60)); ca = crnd(8, (3, 4)); cb = crnd(9, (4, 2))
            i = np.arange(12).reshape(3, 4) - 5; j = np.arange(8).reshape(4, 2) * 3 - 7
            dump(ab=a @ b, sb=s @ b, vv=v @ v, av=a @ v, wa=w @ a, tt=b.T @ a.T, st=s @ s.transpose(0, 2, 1),
                 bcast=rnd(10, (3, 1, 2, 4)) @ rnd(11, (5, 4, 6)), big=big @ big2, ij=i @ j,
                 strided=a[::2, ::-1] @ b[::-1, 1::2], ca_re=(ca @ cb).real, ca_im=(ca @ cb).imag,
                 dot=np.dot(s, b), dotv=np.dot(s, v), inner=np.inner(a, s), outer=np.outer(v, w),
                 td=np.tensordot(rnd(12, (3, 4, 5)), rnd(13, (4, 3, 2)), axes=([0, 1], [1, 0])), td2=np.tensordot(a, b, 1),
                 kron=np.kron(a[:2, :2], b[:2, :3]), tr=np.trace(s, axis1=1, axis2=2), tr1=np.trace(big, offset=3),
                 mp=np.linalg.matrix_power(a[:3, :3], 5), vd=np.vdot(a, a))
            """) else { return }
        let a = randomMatrix(1, [4, 3]), b = randomMatrix(2, [3, 5]), s = randomMatrix(3, [2, 4, 3])
        let v = randomMatrix(4, [3]), w = randomMatrix(5, [4])
        check(matmul(a, b), "ab", e, rtol: 1e-13)
        check(matmul(s, b), "sb", e, rtol: 1e-13)
        check(matmul(v, v), "vv", e, rtol: 1e-13)
        check(matmul(a, v), "av", e, rtol: 1e-13)
        check(matmul(w, a), "wa", e, rtol: 1e-13)
        check(matmul(b.T, a.T), "tt", e, rtol: 1e-13)
        check(matmul(s, s.transposed([0, 2, 1])), "st", e, rtol: 1e-13)
        check(matmul(randomMatrix(10, [3, 1, 2, 4]), randomMatrix(11, [5, 4, 6])), "bcast", e, rtol: 1e-13)
        check(matmul(randomMatrix(6, [70, 90]), randomMatrix(7, [90, 60])), "big", e, rtol: 1e-12)
        check(matmul(NDArray<Int>.arange(12).reshaped(3, 4) - 5, NDArray<Int>.arange(8).reshaped(4, 2) * 3 - 7), "ij", e)
        check(matmul(a[NDIndex.slice(step: 2), NDIndex.slice(step: -1)], b[NDIndex.slice(step: -1), NDIndex.slice(1, nil, step: 2)]), "strided", e, rtol: 1e-13)
        checkComplex(matmul(complexRandom(8, [3, 4]), complexRandom(9, [4, 2])), "ca", e)
        check(dot(s, b), "dot", e, rtol: 1e-13)
        check(dot(s, v), "dotv", e, rtol: 1e-13)
        check(inner(a, s), "inner", e, rtol: 1e-13)
        check(outer(v, w), "outer", e)
        check(tensordot(randomMatrix(12, [3, 4, 5]), randomMatrix(13, [4, 3, 2]), axes: ([0, 1], [1, 0])), "td", e, rtol: 1e-13)
        check(tensordot(a, b, axes: 1), "td2", e, rtol: 1e-13)
        check(kron(a[0..<2, 0..<2], b[0..<2, 0..<3]), "kron", e)
        check(trace(s, axis1: 1, axis2: 2), "tr", e, rtol: 1e-13)
        check(NDArray(scalar: trace(randomMatrix(6, [70, 90]), offset: 3)), "tr1", e, rtol: 1e-13)
        check(try matrixPower(a[0..<3, 0..<3], 5), "mp", e, rtol: 1e-12)
        check(NDArray(scalar: vdot(a, a)), "vd", e, rtol: 1e-13)
    }

    @Test func swiftKernelMatchesBLAS() {
        // The Swift GEMM (used for integers and when no BLAS is installed) on floats.
        let a = randomMatrix(21, [37, 53]), b = randomMatrix(22, [53, 41]).T.copy().T
        let c = NDArray<Double>.zeros(37, 41)
        let layout = _GemmLayout(ar: a.strides[0], ac: a.strides[1], br: b.strides[0], bc: b.strides[1], m: 37, n: 41, k: 53)
        _gemmSwift(a._base, b._base, c._base, layout, parallel: true)
        let blasOrNot = matmul(a, b)
        #expect(allclose(c, blasOrNot, rtol: 1e-12, atol: 1e-13))
    }
}

@Suite struct SolveTests {
    @Test func solveInvDetMatchNumPy() throws {
        guard let e = try numpyExpected(pyRandom + """
            a4 = rnd(1, (4, 4)); a30 = rnd(2, (30, 30)); b4 = rnd(3, (4,)); b30 = rnd(4, (30, 3)); st = rnd(5, (3, 6, 6))
            ca = crnd(6, (12, 12)); cb = crnd(7, (12,))
            hilbert = 1.0 / (np.arange(1, 9)[:, None] + np.arange(8)[None, :])
            s, l = np.linalg.slogdet(a30); ss, ll = np.linalg.slogdet(st)
            dump(x4=np.linalg.solve(a4, b4), x30=np.linalg.solve(a30, b30), xst=np.linalg.solve(st, rnd(8, (6, 2))),
                 xsv=np.linalg.solve(st, rnd(9, (6,))), i4=np.linalg.inv(a4), i30=np.linalg.inv(a30), ist=np.linalg.inv(st),
                 d4=np.linalg.det(a4), d30=np.linalg.det(a30), dst=np.linalg.det(st), s=s, l=l, ss=ss, ll=ll,
                 xc_re=np.linalg.solve(ca, cb).real, xc_im=np.linalg.solve(ca, cb).imag,
                 ic_re=np.linalg.inv(ca).real, ic_im=np.linalg.inv(ca).imag, hinv=np.linalg.inv(hilbert), hdet=np.linalg.det(hilbert))
            """) else { return }
        let a4 = randomMatrix(1, [4, 4]), a30 = randomMatrix(2, [30, 30]), st = randomMatrix(5, [3, 6, 6])
        check(try solve(a4, randomMatrix(3, [4])), "x4", e, rtol: 1e-12)
        check(try solve(a30, randomMatrix(4, [30, 3])), "x30", e, rtol: 1e-10)
        check(try solve(st, randomMatrix(8, [6, 2])), "xst", e, rtol: 1e-11)
        check(try solve(st, randomMatrix(9, [6])), "xsv", e, rtol: 1e-11)
        check(try inv(a4), "i4", e, rtol: 1e-12)
        check(try inv(a30), "i30", e, rtol: 1e-10)
        check(try inv(st), "ist", e, rtol: 1e-11)
        check(NDArray(scalar: det(a4)), "d4", e, rtol: 1e-12)
        check(NDArray(scalar: det(a30)), "d30", e, rtol: 1e-10)
        check(dets(st), "dst", e, rtol: 1e-12)
        let (s, l) = slogdet(a30)
        check(NDArray(scalar: s), "s", e)
        check(NDArray(scalar: l), "l", e, rtol: 1e-12)
        let (ss, ll) = slogdets(st)
        check(ss, "ss", e)
        check(ll, "ll", e, rtol: 1e-12)
        checkComplex(try solve(complexRandom(6, [12, 12]), complexRandom(7, [12])), "xc", e, rtol: 1e-10)
        checkComplex(try inv(complexRandom(6, [12, 12])), "ic", e, rtol: 1e-10)
        // Ill-conditioned: the 8×8 Hilbert matrix (condition ≈ 1.5e10).
        let i = NDArray<Double>.arange(1, 9).reshaped(8, 1) + NDArray<Double>.arange(8).reshaped(1, 8)
        let hilbert = 1.0 / i
        check(try inv(hilbert), "hinv", e, rtol: 1e-5)
        check(NDArray(scalar: det(hilbert)), "hdet", e, rtol: 1e-5)
    }

    @Test func singularMatricesThrow() {
        let singular = NDArray<Double>([[1, 2], [2, 4]])
        #expect(throws: LinearAlgebraError.self) { try inv(singular) }
        do {
            _ = try solve(NDArray<Double>.zeros(20, 20), NDArray<Double>.ones(20))
            Issue.record("no error")
        } catch {
            #expect(error.code == .singular && error.info == 1)
        }
        var stack = NDArray<Double>.zeros(3, 12, 12)
        for k in 0..<3 { for d in 0..<12 where k != 2 || d != 5 { stack[k, d, d] = 1 } }
        do {
            _ = try inv(stack)
            Issue.record("no error")
        } catch {
            #expect(error.code == .singular && error.matrixIndex == 2)
        }
        #expect(det(singular) == 0)
        #expect(slogdet(singular).logAbsDet == -.infinity)
    }
}
