import Foundation
import Testing
@testable import SwarmArray

/// A fresh temporary directory for one test.
func temporaryDirectory(_ name: String) -> String {
    let path = NSTemporaryDirectory() + "swarm-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The values both sides build for a dtype: NumPy's `ref(code, shape)` below.
func reference<T: NDArrayElement>(_ type: T.Type, _ shape: [Int]) -> NDArray<T> {
    let n = shape.reduce(1, *)
    let base = NDArray<Int>.arange(n) - n / 2
    switch T.dtype.kind {
    case .bool: return (base % 3 .== 0).astype(T.self).reshaped(shape)
    case .complex:
        let parts = base.astype(Double.self)
        let values = zip(parts.toArray(), parts.toArray()).map { Complex<Double>($0 * 0.5, -$1 * 2) }
        return NDArray<Complex<Double>>(values).astype(T.self).reshaped(shape)
    case .floatingPoint: return (base.astype(Double.self) * 0.25).astype(T.self).reshaped(shape)
    default: return (base * 37).astype(T.self).reshaped(shape)
    }
}

let pyReference = """
import os
def ref(code, shape):
    n = int(np.prod(shape))
    base = np.arange(n) - n // 2
    dt = np.dtype(code)
    if dt.kind == 'b': v = base % 3 == 0
    elif dt.kind == 'c': v = base * 0.5 - 2j * base
    elif dt.kind == 'f': v = base * 0.25
    else: v = base * 37
    return v.astype(dt).reshape(shape)
codes = ['?', 'i1', 'i2', 'i4', 'i8', 'u1', 'u2', 'u4', 'u8', 'f4', 'f8', 'c8', 'c16']

"""

/// Compares element values exactly (complex by raw parts).
func sameValues<T: NDArrayElement>(_ a: NDArray<T>, _ b: NDArray<T>) -> Bool {
    a.shape == b.shape && zip(a.toArray(), b.toArray()).allSatisfy { T._ndEqual($0, $1) }
}

@Suite struct IOTests {
    static let types: [(String, any NDArrayElement.Type)] = [
        ("?", Bool.self), ("i1", Int8.self), ("i2", Int16.self), ("i4", Int32.self), ("i8", Int.self),
        ("u1", UInt8.self), ("u2", UInt16.self), ("u4", UInt32.self), ("u8", UInt64.self),
        ("f4", Float.self), ("f8", Double.self), ("c8", Complex<Float>.self), ("c16", Complex<Double>.self),
    ]

    @Test func loadsWhatNumPyWrites() throws {
        let dir = temporaryDirectory("npy-in")
        guard let _ = try numpy(pyReference + """
            d = sys.argv[1] if len(sys.argv) > 1 else '\(dir)'
            for code in codes:
                for order in '<>':
                    for fortran in (False, True):
                        for shape in [(3, 4), (2, 3, 4), (), (0, 5)]:
                            a = ref(code, shape)
                            a = a.astype(np.dtype(code).newbyteorder(order) if np.dtype(code).itemsize > 1 else a.dtype)
                            if fortran: a = np.asfortranarray(a)
                            np.save(f'{d}/{code}{order}{int(fortran)}_{len(shape)}_{int(np.prod(shape))}.npy', a)
            np.lib.format.write_array(open(f'{d}/v2.npy', 'wb'), ref('f8', (5, 6)), version=(2, 0))
            np.lib.format.write_array(open(f'{d}/v3.npy', 'wb'), ref('i4', (7,)), version=(3, 0))
            print("ok")
            """) else { return }
        func check<T: NDArrayElement>(_ type: T.Type, _ code: String) throws {
            for order in ["<", ">"] {
                for fortran in [0, 1] {
                    for shape in [[3, 4], [2, 3, 4], [], [0, 5]] {
                        let path = "\(dir)/\(code)\(order)\(fortran)_\(shape.count)_\(shape.reduce(1, *)).npy"
                        let a = try NDArray<T>.load(path: path)
                        // NumPy's asfortranarray makes a 0-d array 1-d.
                        let shape = fortran == 1 && shape.isEmpty ? [1] : shape
                        #expect(sameValues(a, reference(T.self, shape)), "\(path)")
                        if fortran == 1 && shape.count > 1 && a.count > 0 { #expect(a.isFortranContiguous && !a.isContiguous) }
                        let any = try AnyNDArray.load(path: path)
                        #expect(any.dtype == T.dtype && any.shape == shape)
                    }
                }
            }
        }
        for (code, type) in Self.types { try check(type, code) }
        #expect(sameValues(try NDArray<Double>.load(path: "\(dir)/v2.npy"), reference(Double.self, [5, 6])))
        #expect(sameValues(try NDArray<Int32>.load(path: "\(dir)/v3.npy"), reference(Int32.self, [7])))
        // Another type than asked: an error that names both, or a conversion on request.
        #expect(throws: NDArrayError.self) { try NDArray<Float>.load(path: "\(dir)/f8<0_2_12.npy") }
        do {
            _ = try NDArray<Float>.load(path: "\(dir)/f8<0_2_12.npy")
        } catch {
            #expect(error.code == .typeMismatch && error.message.contains("float64"))
        }
        #expect(try NDArray<Float>.load(path: "\(dir)/f8<0_2_12.npy", converting: true) == reference(Float.self, [3, 4]))
    }

    @Test func numpyLoadsWhatWeWrite() throws {
        let dir = temporaryDirectory("npy-out")
        guard NumPyOracle.isAvailable else { _ = try numpy("pass"); return }
        func write<T: NDArrayElement>(_ type: T.Type, _ code: String) throws {
            for order in [ByteOrder.little, .big] {
                for storage in [StorageOrder.c, .fortran] {
                    for shape in [[3, 4], [2, 3, 4], [], [0, 5]] {
                        let name = "\(code)\(order == .little ? "<" : ">")\(storage == .c ? 0 : 1)_\(shape.count)_\(shape.reduce(1, *))"
                        // Written over a larger file: the rest must be cut off.
                        try NDArray<Double>.arange(5000.0).save(path: "\(dir)/\(name).npy")
                        try reference(T.self, shape).save(path: "\(dir)/\(name).npy", byteOrder: order, order: storage)
                        // Non-contiguous sources take the buffered path.
                        let view = reference(T.self, shape + [2]).transposed()
                        try view.save(path: "\(dir)/\(name)_view.npy", byteOrder: order, order: storage)
                    }
                }
            }
        }
        for (code, type) in Self.types { try write(type, code) }
        guard let text = try numpy(pyReference + """
            d = '\(dir)'
            bad = []
            for code in codes:
                for order in '<>':
                    for fortran in (0, 1):
                        for shape in [(3, 4), (2, 3, 4), (), (0, 5)]:
                            name = f'{code}{order}{fortran}_{len(shape)}_{int(np.prod(shape))}'
                            a = np.load(f'{d}/{name}.npy')
                            want = np.dtype(code).newbyteorder(order) if np.dtype(code).itemsize > 1 else np.dtype(code)
                            if a.dtype != want or a.shape != shape or not np.array_equal(a, ref(code, shape)): bad.append(name)
                            if fortran and len(shape) > 1 and a.size and not a.flags.f_contiguous: bad.append(name + ' order')
                            v = np.load(f'{d}/{name}_view.npy')
                            if not np.array_equal(v, ref(code, shape + (2,)).T): bad.append(name + ' view')
            print(json.dumps(bad))
            """) else { return }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func savingOverAnExistingFileRewritesItInPlace() throws {
        let dir = temporaryDirectory("npy-over")
        let path = "\(dir)/a.npy"
        let big = NDArray<Double>.arange(300_000.0).reshaped(1000, 300)
        let small = NDArray<Int32>([7, -8, 9])
        try big.save(path: path)
        let bigSize = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        try small.save(path: path)
        #expect(try NDArray<Int32>.load(path: path) == small)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == 128 + 12)
        try big.save(path: path, order: .fortran)
        #expect(try NDArray<Double>.load(path: path) == big)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == bigSize)
        // A save that stops before its header is written leaves a file that
        // fails to load: the magic is cleared first.
        let file = try _File(path, .rewrite)
        try file.write([UInt8](repeating: 0, count: 6), at: 0)
        #expect(throws: NDArrayError.self) { try NDArray<Double>.load(path: path) }
    }

    @Test func npzBothWays() throws {
        let dir = temporaryDirectory("npz")
        guard let _ = try numpy(pyReference + """
            d = '\(dir)'
            np.savez(f'{d}/plain.npz', ref('f8', (3, 4)), b=ref('i4', (5,)), c=ref('?', (2, 2)))
            np.savez_compressed(f'{d}/packed.npz', x=ref('c16', (4, 3)), y=ref('u2', (100,)))
            print("ok")
            """) else { return }
        for name in ["plain", "packed"] {
            let archive = try NPZArchive(path: "\(dir)/\(name).npz")
            if name == "plain" {
                #expect(archive.names.sorted() == ["arr_0", "b", "c"])
                #expect(sameValues(try archive.array("arr_0", as: Double.self), reference(Double.self, [3, 4])))
                #expect(sameValues(try archive.array("b", as: Int32.self), reference(Int32.self, [5])))
                #expect(sameValues(try archive.array("c").array(of: Bool.self)!, reference(Bool.self, [2, 2])))
            } else {
                #expect(archive.names == ["x", "y"])
                #expect(sameValues(try archive.array("x", as: Complex<Double>.self), reference(Complex<Double>.self, [4, 3])))
                #expect(sameValues(try archive.array("y", as: UInt16.self), reference(UInt16.self, [100])))
            }
            #expect(throws: NDArrayError.self) { try archive.array("missing") }
        }
        for compressed in [false, true] {
            try savez(path: "\(dir)/ours\(compressed).npz", ["a": AnyNDArray(reference(Double.self, [6, 7])),
                                                             "b": AnyNDArray(reference(Int8.self, [9])),
                                                             "c": AnyNDArray(reference(Complex<Float>.self, [2, 2, 2]))],
                      compressed: compressed)
        }
        try savez(path: "\(dir)/positional.npz", arrays: [AnyNDArray(reference(Float.self, [3])), AnyNDArray(reference(UInt64.self, [4]))])
        guard let text = try numpy(pyReference + """
            d = '\(dir)'
            bad = []
            for c in ('false', 'true'):
                z = np.load(f'{d}/ours{c}.npz')
                if sorted(z.files) != ['a', 'b', 'c']: bad.append('files')
                for k, code, shape in [('a', 'f8', (6, 7)), ('b', 'i1', (9,)), ('c', 'c8', (2, 2, 2))]:
                    if z[k].dtype != np.dtype(code) or not np.array_equal(z[k], ref(code, shape)): bad.append(c + k)
                info = __import__('zipfile').ZipFile(f'{d}/ours{c}.npz').infolist()
                if any(i.compress_type != (8 if c == 'true' else 0) for i in info): bad.append(c + ' method')
            z = np.load(f'{d}/positional.npz')
            if z.files != ['arr_0', 'arr_1'] or not np.array_equal(z['arr_1'], ref('u8', (4,))): bad.append('positional')
            print(json.dumps(bad))
            """) else { return }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func memoryMappedFiles() throws {
        let dir = temporaryDirectory("mmap")
        let a = reference(Double.self, [100, 10])
        try a.save(path: "\(dir)/a.npy")
        var m = try NDArray<Double>.load(path: "\(dir)/a.npy", memoryMapped: .copyOnWrite)
        #expect(m == a)
        m[0, 0] = 42
        #expect(try NDArray<Double>.load(path: "\(dir)/a.npy") == a)   // the file is untouched
        var w = try NDArray<Double>.load(path: "\(dir)/a.npy", memoryMapped: .readWrite)
        w[1, 2] = -7
        w = NDArray<Double>.zeros(1)   // unmaps
        #expect(try NDArray<Double>.load(path: "\(dir)/a.npy")[1, 2] == -7)
        var created = try NDArray<Int32>.createMemoryMapped(path: "\(dir)/new.npy", shape: [4, 5], order: .fortran)
        created[3, 4] = 9
        created = NDArray<Int32>.zeros(1)
        guard let text = try numpy("""
            a = np.load('\(dir)/new.npy'); print(json.dumps([a.shape, str(a.dtype), int(a[3, 4]), int(a.sum()), bool(a.flags.f_contiguous)]))
            """) else { return }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "[[4, 5], \"int32\", 9, 9, true]")
        try reference(Double.self, [3]).save(path: "\(dir)/big.npy", byteOrder: .big)
        #expect(throws: NDArrayError.self) { try NDArray<Double>.load(path: "\(dir)/big.npy", memoryMapped: .copyOnWrite) }
    }

    @Test func damagedFilesThrowClearErrors() throws {
        let good = reference(Double.self, [3, 4]).npyBytes()
        func expectError(_ bytes: [UInt8], _ code: NDArrayError.Code, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try AnyNDArray(npyBytes: bytes)
                Issue.record("no error for \(fragment)", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
                #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            }
        }
        func withHeader(_ text: String, version: UInt8 = 1, data: Int = 96) -> [UInt8] {
            var t = text
            while (10 + t.utf8.count + 1) % 64 != 0 { t += " " }
            t += "\n"
            let n = t.utf8.count
            return [0x93] + Array("NUMPY".utf8) + [version, 0, UInt8(n & 0xff), UInt8(n >> 8)] + Array(t.utf8) + [UInt8](repeating: 0, count: data)
        }
        expectError(Array(good.prefix(5)), .malformed, "too short")
        expectError([0x93] + Array("NUMPX".utf8) + Array(good.dropFirst(6)), .malformed, "magic")
        expectError(Array(good.prefix(40)), .malformed, "truncated header")
        expectError(Array(good.prefix(good.count - 1)), .malformed, "truncated data")
        expectError([UInt8](good.prefix(6)) + [9, 0] + Array(good.dropFirst(8)), .unsupported, "version")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 99999999999), }"), .malformed, "too many")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }"), .malformed, "truncated data")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }"), .malformed, "negative")
        expectError(withHeader("{'descr': '<f8', 'shape': (3,), }"), .malformed, "keys")
        expectError(withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }"), .unsupported, "dtype")
        expectError(withHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (3,), }"), .unsupported, "float16")
        expectError(withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }"), .unsupported, "structured")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (3,), }"), .malformed, "unexpected character")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': Truth, 'shape': (3,), }"), .malformed, "unknown name")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), } junk"), .malformed, "after")
        expectError(withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3,"), .malformed, "expected")
        // Python 2 long integers in shapes are accepted.
        let old = try NDArray<Double>(npyBytes: withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 4L), }"))
        #expect(old.shape == [3, 4])
        // A boolean byte other than 0 or 1 becomes true, never an invalid Bool.
        var flags = NDArray<Bool>([false, true, false]).npyBytes()
        flags[flags.count - 1] = 7
        #expect(try NDArray<Bool>(npyBytes: flags).toArray() == [false, true, true])
        // Damaged archives.
        let dir = temporaryDirectory("bad-npz")
        try savez(path: "\(dir)/z.npz", ["a": AnyNDArray(reference(Double.self, [50]))])
        var zip = try Array(Data(contentsOf: URL(fileURLWithPath: "\(dir)/z.npz")))
        zip[200] ^= 0xff   // inside the data: the CRC no longer matches
        try Data(zip).write(to: URL(fileURLWithPath: "\(dir)/crc.npz"))
        #expect(throws: NDArrayError.self) { try NPZArchive(path: "\(dir)/crc.npz").array("a") }
        try Data(zip.prefix(zip.count - 10)).write(to: URL(fileURLWithPath: "\(dir)/cut.npz"))
        #expect(throws: NDArrayError.self) { try NPZArchive(path: "\(dir)/cut.npz") }
        #expect(throws: NDArrayError.self) { try NDArray<Double>.load(path: "\(dir)/does-not-exist.npy") }
    }
}
