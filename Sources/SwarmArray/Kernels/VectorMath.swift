import CSwarmKernels

/// The vector math kernels of CSwarmKernels, for contiguous `Double` and
/// `Float` blocks (AVX-512 or AVX2 variants of glibc's libmvec, and vector
/// square roots). `SWARM_VECTOR_MATH=0` turns them off.
@usableFromInline
enum _VectorMath {
    /// The functions, numbered as `CSwarmKernels.h` numbers them.
    @usableFromInline
    enum Op: Int32 {
        case sqrt = 0, exp, expm1, exp2, log, log1p, log2, log10
        case sin, cos, tan, asin, acos, atan
        case sinh, cosh, tanh, asinh, acosh, atanh, cbrt
    }

    /// `y[i] = op(x[i])` when a vector kernel exists for `T` and `op`;
    /// false (nothing written) otherwise.
    @inlinable @inline(__always)
    static func apply<T>(_ op: Op, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        if T.self == Double.self {
            return swarm_vm_f64(op.rawValue, UnsafeRawPointer(x).assumingMemoryBound(to: Double.self),
                                UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self), n) != 0
        }
        if T.self == Float.self {
            return swarm_vm_f32(op.rawValue, UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                                UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), n) != 0
        }
        return false
    }

    /// NumPy's pairwise sum of `n` contiguous plain `Double`s or `Float`s
    /// (`value` the identity `_SumValue`), bit for bit, from the vector
    /// kernel; nil when there is none.
    @inlinable @inline(__always)
    static func pairwiseSum<F: _NDUnaryFunction>(_ a: UnsafePointer<F.Input>, _ n: Int, _ value: F) -> F.Output? {
        if F.self == _SumValue<Double>.self {
            var r = 0.0
            guard swarm_pairwise_f64(UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), n, &r) != 0 else { return nil }
            return unsafeBitCast(r, to: F.Output.self)
        }
        if F.self == _SumValue<Float>.self {
            var r: Float = 0
            guard swarm_pairwise_f32(UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), n, &r) != 0 else { return nil }
            return unsafeBitCast(r, to: F.Output.self)
        }
        return nil
    }

    /// The maximum or minimum of `n` contiguous `Double`s with NaN
    /// propagation, from the vector kernel; nil when there is none.
    @inlinable @inline(__always)
    static func extremum<T>(_ a: UnsafePointer<T>, _ n: Int, max: Bool) -> T? {
        guard T.self == Double.self else { return nil }
        var r = 0.0
        guard swarm_extremum_f64(UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), n, max ? 1 : 0, &r) != 0
        else { return nil }
        return unsafeBitCast(r, to: T.self)
    }

    /// What the kernels run on here: `avx512`, `avx2` or `none`.
    static var level: String { String(cString: swarm_vm_level()) }
}

/// What SwarmArray found on this machine at run time.
public enum NDArrayRuntime {
    /// The vector instructions its kernels use: `avx512`, `avx2` or `none`
    /// (`SWARM_VECTOR_MATH=0` forces `none`).
    public static var vectorKernels: String { _VectorMath.level }
    /// The version of zlib loaded for compressed `.npz` archives, or nil.
    public static var zlibVersion: String? { _Zlib.library?.version }
}
