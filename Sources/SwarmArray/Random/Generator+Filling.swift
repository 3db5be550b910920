extension Generator {
    /// A new C-order array of `shape` whose elements are `draw`n in order,
    /// as NumPy's `*_fill` loops: element `k` of the flat array is draw `k`.
    mutating func _filled<Value: NDArrayElement>(
        _ function: StaticString, shape: [Int], _ draw: (inout PCG64) -> Value
    ) -> NDArray<Value> {
        precondition(
            shape.allSatisfy { $0 >= 0 },
            "Generator.\(function): negative dimensions are not allowed, got shape \(shape)")
        return NDArray(unsafeUninitializedShape: shape) { buffer in
            for index in buffer.indices {
                buffer.initializeElement(at: index, to: draw(&bitGenerator))
            }
        }
    }
}
