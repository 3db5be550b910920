/// The argument tuple of a ``Pool/starmap(_:_:chunksize:)`` call for a
/// ``PoolFunction``: any number of `Codable` values, of any types.
///
/// A tuple is not `Codable` in Swift, so a starmap function for the process
/// backend takes its arguments wrapped in `Arguments`:
///
/// ```swift
/// struct Power: PoolFunction {
///     func callAsFunction(_ a: Arguments<Int, Int>) -> Int {
///         let (base, exponent) = a.values
///         return (0..<exponent).reduce(1) { acc, _ in acc * base }
///     }
/// }
/// let r = try pool.starmap(Power(), [(2, 3), (3, 2)])  // [8, 9]
/// ```
public struct Arguments<each Value: Codable & Sendable>: Codable, Sendable {
    /// The arguments, as a tuple.
    public var values: (repeat each Value)

    /// Wraps a tuple of arguments.
    @inlinable
    public init(_ values: repeat each Value) {
        self.values = (repeat each values)
    }

    /// Encodes the values in order, one after another.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for value in repeat each values {
            try container.encode(value)
        }
    }

    /// Decodes the values in the order `encode(to:)` wrote them.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        values = (repeat try container.decode((each Value).self))
    }
}
