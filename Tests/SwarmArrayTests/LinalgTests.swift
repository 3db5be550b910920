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

    @Test func smallMatrixPathsMatchNumPy() throws {
        // Up to 8 × 8: Gauss–Jordan in vector registers for doubles (4 and
        // 8 lanes, padded), the Swift LU for the other types; strided inputs.
        guard let e = try numpyExpected(pyRandom + """
            out = {}
            for n in (1, 2, 3, 4, 5, 7, 8):
                a = rnd(30 + n, (n, n)); b = rnd(40 + n, (n, 3))
                out[f"i{n}"] = np.linalg.inv(a); out[f"x{n}"] = np.linalg.solve(a, b)
                out[f"v{n}"] = np.linalg.solve(a.T, b[:, 1]); out[f"d{n}"] = np.linalg.det(a)
                out[f"f{n}"] = np.linalg.inv(a.astype(np.float32))
                c = crnd(50 + n, (n, n)); out[f"c{n}_re"] = np.linalg.inv(c).real; out[f"c{n}_im"] = np.linalg.inv(c).imag
            dump(**out)
            """) else { return }
        for n in [1, 2, 3, 4, 5, 7, 8] {
            let a = randomMatrix(UInt64(30 + n), [n, n]), b = randomMatrix(UInt64(40 + n), [n, 3])
            check(try inv(a), "i\(n)", e, rtol: 1e-11, atol: 1e-13)
            check(try solve(a, b), "x\(n)", e, rtol: 1e-11, atol: 1e-13)
            check(try solve(a.T, b[.all, 1]), "v\(n)", e, rtol: 1e-11, atol: 1e-13)
            check(NDArray(scalar: det(a)), "d\(n)", e, rtol: 1e-12)
            check(try inv(a.astype(Float.self)), "f\(n)", e, rtol: 1e-4, atol: 1e-5)
            checkComplex(try inv(complexRandom(UInt64(50 + n), [n, n])), "c\(n)", e, rtol: 1e-11, atol: 1e-13)
        }
        // A zero pivot is reported at the step LAPACK reports it.
        for n in [2, 4, 6, 8] {
            var a = NDArray<Double>.eye(n)
            a[n - 1, n - 1] = 0
            do { _ = try inv(a); Issue.record("no error") } catch { #expect(error.code == .singular && error.info == n) }
            do { _ = try solve(a, .ones(n)); Issue.record("no error") } catch { #expect(error.code == .singular && error.info == n) }
        }
        do { _ = try inv(NDArray<Double>([[1, 2], [2, 4]])); Issue.record("no error") } catch { #expect(error.info == 2) }
    }

    @Test func swiftLUSolvesLargeSystems() throws {
        // The path taken without LAPACK, on a 30 × 30 system.
        guard let e = try numpyExpected(pyRandom + "dump(x30=np.linalg.solve(rnd(2, (30, 30)), rnd(4, (30, 3))), d=np.linalg.det(rnd(2, (30, 30))))") else { return }
        let a = randomMatrix(2, [30, 30]).copy()
        let b = randomMatrix(4, [30, 3]).copy()
        let pivots = UnsafeMutablePointer<Int>.allocate(capacity: 30)
        defer { pivots.deallocate() }
        let lu = _SmallLU(a._base, 30, pivots: pivots)
        #expect(lu.zeroPivot == nil)
        lu.solve(b._base, columns: 3)
        check(b, "x30", e, rtol: 1e-10)
        check(NDArray(scalar: lu.determinant), "d", e, rtol: 1e-10)
        withExtendedLifetime(a) {}
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

@Suite struct DecompositionTests {
    @Test func decompositionsMatchNumPy() throws {
        guard requireLAPACK() else { return }
        guard let e = try numpyExpected(pyRandom + """
            a = rnd(1, (6, 4)); sq = rnd(2, (5, 5)); spd = sq @ sq.T + 5 * np.eye(5); st = rnd(3, (2, 4, 4))
            sym = sq + sq.T; c = crnd(4, (4, 4)); herm = c @ c.conj().T + np.eye(4)
            qr_q, qr_r = np.linalg.qr(a); qc_q, qc_r = np.linalg.qr(a, mode='complete'); h, tau = np.linalg.qr(a, mode='raw')
            u, s, vh = np.linalg.svd(a); ur, sr, vhr = np.linalg.svd(a, full_matrices=False)
            w, v = np.linalg.eigh(sym); wh, vhh = np.linalg.eigh(herm)
            ev = np.linalg.eigvals(sq); evs = np.sort_complex(ev)
            x, res, rank, sv = np.linalg.lstsq(a, rnd(5, (6,)))
            xm, resm, rankm, svm = np.linalg.lstsq(rnd(6, (3, 5)), rnd(7, (3, 2)))
            dump(chol=np.linalg.cholesky(spd), cholu=np.linalg.cholesky(spd, upper=True), cst=np.linalg.cholesky(st @ st.transpose(0, 2, 1) + np.eye(4)),
                 chc_re=np.linalg.cholesky(herm).real, chc_im=np.linalg.cholesky(herm).imag,
                 qr_r=qr_r, qc_r=qc_r, r=np.linalg.qr(a, mode='r'), tau=tau, s=s, sr=sr, svst=np.linalg.svd(st, compute_uv=False),
                 w=w, wh=wh, wst=np.linalg.eigvalsh(st + st.transpose(0, 2, 1)), evr=evs.real, evi=evs.imag,
                 x=x, res=res, rank=rank, sv=sv, xm=xm, resm=resm, rankm=rankm,
                 pinv=np.linalg.pinv(a), mr=np.linalg.matrix_rank(a @ rnd(8, (4, 7))), mr2=np.linalg.matrix_rank(np.outer(rnd(9, (5,)), rnd(10, (6,)))),
                 n=np.linalg.norm(a), n1=np.linalg.norm(a, 1), ninf=np.linalg.norm(a, np.inf), n2=np.linalg.norm(a, 2), nn=np.linalg.norm(a, 'nuc'),
                 nm2=np.linalg.norm(a, -2), nv3=np.linalg.norm(rnd(11, (7,)), 3), nv0=np.linalg.norm(np.array([0., 2, 0, -1]), 0),
                 nax=np.linalg.norm(st, axis=1), naxk=np.linalg.norm(st, np.inf, axis=(1, 2), keepdims=True), nfro=np.linalg.norm(st, 'fro', axis=(2, 1)),
                 cond=np.linalg.cond(sq), cond1=np.linalg.cond(sq, 1), condst=np.linalg.cond(st))
            """) else { return }
        let a = randomMatrix(1, [6, 4]), sq = randomMatrix(2, [5, 5]), st = randomMatrix(3, [2, 4, 4])
        let spd = matmul(sq, sq.T) + NDArray<Double>.eye(5) * 5
        let sym = sq + sq.T
        let c = complexRandom(4, [4, 4])
        let herm = matmul(c, c._map { $0._conjugate }.T) + NDArray<Complex<Double>>.eye(4)
        check(try cholesky(spd), "chol", e, rtol: 1e-12)
        check(try cholesky(spd, upper: true), "cholu", e, rtol: 1e-12)
        check(try cholesky(matmul(st, st.transposed([0, 2, 1])) + NDArray<Double>.eye(4)), "cst", e, rtol: 1e-12)
        checkComplex(try cholesky(herm), "chc", e)
        let q = try qr(a)
        check(q.r, "qr_r", e, rtol: 1e-12)
        #expect(allclose(matmul(q.q, q.r), a, atol: 1e-13) && allclose(matmul(q.q.T, q.q), .eye(4), atol: 1e-13))
        let qc = try qr(a, mode: .complete)
        check(qc.r, "qc_r", e, rtol: 1e-12)
        #expect(qc.q.shape == [6, 6] && allclose(matmul(qc.q, qc.r), a, atol: 1e-13))
        check(try qr(a, mode: .r).r, "r", e, rtol: 1e-12)
        check(try qr(a, mode: .raw).tau, "tau", e, rtol: 1e-12)
        let full = try svd(a), reduced = try svd(a, fullMatrices: false)
        check(full.s, "s", e, rtol: 1e-12)
        check(reduced.s, "sr", e, rtol: 1e-12)
        #expect(full.u.shape == [6, 6] && full.vh.shape == [4, 4] && reduced.u.shape == [6, 4])
        #expect(allclose(matmul(reduced.u * reduced.s.reshaped(1, 4), reduced.vh), a, atol: 1e-13))
        check(try svdvals(st), "svst", e, rtol: 1e-12)
        let eh = try eigh(sym)
        check(eh.values, "w", e, rtol: 1e-12)
        #expect(allclose(matmul(sym, eh.vectors), eh.vectors * eh.values.reshaped(1, 5), atol: 1e-12))
        let ehc = try eigh(herm)
        check(ehc.values, "wh", e, rtol: 1e-12)
        check(try eigvalsh(st + st.transposed([0, 2, 1])), "wst", e, rtol: 1e-12)
        let general = try eig(sq)
        let sorted = general.values.sorted()
        check(sorted.astype(Double.self), "evr", e, rtol: 1e-11)
        check(NDArray<Double>(sorted.toArray().map(\.rawStorage.y)), "evi", e, rtol: 1e-11, atol: 1e-13)
        let sqc = sq.astype(Complex<Double>.self)
        #expect(allclose(abs(matmul(sqc, general.vectors) - general.vectors * general.values.reshaped(1, 5)), NDArray<Double>.zeros(5, 5), atol: 1e-12))
        let ls = try lstsq(a, randomMatrix(5, [6]))
        check(ls.x, "x", e, rtol: 1e-11)
        check(ls.residuals, "res", e, rtol: 1e-10)
        check(NDArray(scalar: ls.rank), "rank", e)
        check(ls.singularValues, "sv", e, rtol: 1e-12)
        let lsm = try lstsq(randomMatrix(6, [3, 5]), randomMatrix(7, [3, 2]))
        check(lsm.x, "xm", e, rtol: 1e-11)
        check(lsm.residuals, "resm", e)
        check(NDArray(scalar: lsm.rank), "rankm", e)
        check(try pinv(a), "pinv", e, rtol: 1e-11)
        check(try matrixRank(matmul(a, randomMatrix(8, [4, 7]))), "mr", e)
        check(try matrixRank(outer(randomMatrix(9, [5]), randomMatrix(10, [6]))), "mr2", e)
        check(try norm(a), "n", e, rtol: 1e-13)
        check(try norm(a, .p(1)), "n1", e, rtol: 1e-13)
        check(try norm(a, .infinity), "ninf", e, rtol: 1e-13)
        check(try norm(a, .p(2)), "n2", e, rtol: 1e-12)
        check(try norm(a, .nuclear), "nn", e, rtol: 1e-12)
        check(try norm(a, .p(-2)), "nm2", e, rtol: 1e-12)
        check(try norm(randomMatrix(11, [7]), .p(3)), "nv3", e, rtol: 1e-13)
        check(try norm(NDArray<Double>([0, 2, 0, -1]), .p(0)), "nv0", e)
        check(try norm(st, axes: [1]), "nax", e, rtol: 1e-13)
        check(try norm(st, .infinity, axes: [1, 2], keepdims: true), "naxk", e, rtol: 1e-13)
        check(try norm(st, .frobenius, axes: [2, 1]), "nfro", e, rtol: 1e-13)
        check(try cond(sq), "cond", e, rtol: 1e-10)
        check(try cond(sq, .p(1)), "cond1", e, rtol: 1e-10)
        check(try cond(st), "condst", e, rtol: 1e-10)
    }

    @Test func failuresAreTypedErrors() throws {
        guard requireLAPACK() else { return }
        #expect(throws: LinearAlgebraError.self) { try cholesky(NDArray<Double>([[1, 2], [2, 1]])) }
        do {
            _ = try cholesky(NDArray<Double>([[1, 2], [2, 1]]))
        } catch {
            #expect(error.code == .notPositiveDefinite && error.info == 2)
        }
        #expect(throws: LinearAlgebraError.self) { try svd(NDArray<Double>([[1, .nan], [0, 1]])) }
        #expect(throws: LinearAlgebraError.self) { try eig(NDArray<Double>([[.infinity, 0], [0, 1]])) }
    }
}

@Suite struct EinsumTests {
    @Test func einsumMatchesNumPy() throws {
        guard let e = try numpyExpected(pyRandom + """
            a = rnd(1, (3, 4)); b = rnd(2, (4, 5)); s = rnd(3, (2, 3, 4)); t = rnd(4, (2, 4, 5)); q = rnd(5, (4, 4)); v = rnd(6, (4,))
            x = rnd(7, (3, 4, 5)); y = rnd(8, (4, 3, 6)); c = rnd(9, (5, 6)); e5 = rnd(10, (6, 2, 3, 4))
            dump(mm=np.einsum('ij,jk->ik', a, b), imp=np.einsum('ij,jk', a, b), bmm=np.einsum('bij,bjk->bik', s, t),
                 tr=np.einsum('ji', a), diag=np.einsum('ii->i', q), trace=np.einsum('ii', q), total=np.einsum('ij->', a),
                 dot=np.einsum('i,i', v, v), outer=np.einsum('i,j->ij', v, v), ell=np.einsum('...ij,...jk->...ik', s, t),
                 td=np.einsum('ijk,jil->kl', x, y), chain=np.einsum('ij,jk,kl->il', a, b, c), rowsum=np.einsum('ij->i', a),
                 mv=np.einsum('ij,j->i', a, v), bil=np.einsum('bn,anm,bm->ba', rnd(11, (2, 3)), rnd(12, (4, 3, 5)), rnd(13, (2, 5))),
                 ell2=np.einsum('...i,...i->...', e5, e5), perm=np.einsum('abcd->dbca', e5), ints=np.einsum('ij,jk', np.arange(6).reshape(2, 3), np.arange(12).reshape(3, 4)))
            """) else { return }
        let a = randomMatrix(1, [3, 4]), b = randomMatrix(2, [4, 5]), s = randomMatrix(3, [2, 3, 4]), t = randomMatrix(4, [2, 4, 5])
        let q = randomMatrix(5, [4, 4]), v = randomMatrix(6, [4]), x = randomMatrix(7, [3, 4, 5]), y = randomMatrix(8, [4, 3, 6])
        let c = randomMatrix(9, [5, 6]), e5 = randomMatrix(10, [6, 2, 3, 4])
        check(einsum("ij,jk->ik", a, b), "mm", e, rtol: 1e-13)
        check(einsum("ij,jk", a, b), "imp", e, rtol: 1e-13)
        check(einsum("bij,bjk->bik", s, t), "bmm", e, rtol: 1e-13)
        check(einsum("ji", a), "tr", e)
        check(einsum("ii->i", q), "diag", e)
        check(einsum("ii", q), "trace", e, rtol: 1e-13)
        check(einsum("ij->", a), "total", e, rtol: 1e-13)
        check(einsum("i,i", v, v), "dot", e, rtol: 1e-13)
        check(einsum("i,j->ij", v, v), "outer", e)
        check(einsum("...ij,...jk->...ik", s, t), "ell", e, rtol: 1e-13)
        check(einsum("ijk,jil->kl", x, y), "td", e, rtol: 1e-13)
        check(einsum("ij,jk,kl->il", a, b, c), "chain", e, rtol: 1e-13)
        check(einsum("ij->i", a), "rowsum", e, rtol: 1e-13)
        check(einsum("ij,j->i", a, v), "mv", e, rtol: 1e-13)
        check(einsum("bn,anm,bm->ba", randomMatrix(11, [2, 3]), randomMatrix(12, [4, 3, 5]), randomMatrix(13, [2, 5])), "bil", e, rtol: 1e-13)
        check(einsum("...i,...i->...", e5, e5), "ell2", e, rtol: 1e-13)
        check(einsum("abcd->dbca", e5), "perm", e)
        check(einsum("ij,jk", NDArray<Int>.arange(6).reshaped(2, 3), NDArray<Int>.arange(12).reshaped(3, 4)), "ints", e)
    }
}
