import SwarmArray
import SwarmCore

/// One input as wire-format arrays and a few common value types.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let decoder = BinaryDecoder()
    if let a = try? decoder.decode(NDArray<Double>.self, from: bytes) { _ = a.sum() }
    if let a = try? decoder.decode(NDArray<Bool>.self, from: bytes) { _ = a.countNonzero() }
    _ = try? decoder.decode([String: [Int]].self, from: bytes)
    _ = try? decoder.decode([NDArray<Int32>].self, from: bytes)
    return 0
}

// SwiftPM links an executable's `main` to `<Target>_main`; with
// -parse-as-library there is none, so this one hands over to libFuzzer.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

@_cdecl("FuzzWire_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { data, size in fuzz(data, size) }
}
