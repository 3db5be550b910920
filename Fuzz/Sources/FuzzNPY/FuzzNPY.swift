import SwarmArray

/// One input: as `.npy` bytes and as an `.npz` archive. Anything may be
/// thrown; nothing may crash, hang or allocate without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let array = try? AnyNDArray(npyBytes: bytes) {
        // Touch every element, and write the array back out.
        _ = array.converted(to: Double.self).toArray().reduce(0, +)
        _ = array.npyBytes(byteOrder: .big, order: .fortran)
    }
    if let archive = try? NPZArchive(bytes: bytes) {
        for name in archive.names { _ = try? archive.array(name) }
    }
    return 0
}

// SwiftPM links an executable's `main` to `<Target>_main`; with
// -parse-as-library there is none, so this one hands over to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("FuzzNPY_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzz(data, size) }
}
