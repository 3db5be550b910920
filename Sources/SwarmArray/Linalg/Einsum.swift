// NumPy's `einsum`: Einstein summation over labelled axes, reduced to
// diagonals, sums and batched matrix products (so that it runs on BLAS).
//
// Each operand's repeated labels first become a diagonal; labels found in
// one operand only and not in the output are summed away; then operands
// are contracted left to right, each pair as a `matmul` over
// [shared-and-kept, own, shared-and-summed] axes; last, the result's axes
// are put in the output's order.

/// Einstein summation (NumPy's `einsum`), for example `"ij,jk->ik"`
/// (matrix product), `"bij,bjk->bik"` (batched), `"ii"` (trace), `"ij->ji"`,
/// `"i,j->ij"` (outer), `"...ij,...jk->...ik"`.
///
/// Without `->` the output is the ellipsis axes followed by the labels that
/// occur once, in alphabetical order, as in NumPy.
///
/// Traps on subscripts that do not fit the operands, naming the problem.
@inlinable
public func einsum<T: NDArrayNumeric>(_ subscripts: String, _ operands: NDArray<T>...) -> NDArray<T> {
    einsum(subscripts, operands)
}

/// ``einsum(_:_:)-(String,NDArray<T>...)`` with the operands in an array.
@inlinable
public func einsum<T: NDArrayNumeric>(_ subscripts: String, _ operands: [NDArray<T>]) -> NDArray<T> {
    let spec = _EinsumSpec(subscripts, operands.map(\.shape))
    var terms: [(NDArray<T>, [UInt32])] = []
    for (k, operand) in operands.enumerated() {
        var (a, labels) = (operand, spec.inputs[k])
        // Repeated labels: take the diagonal (it becomes the last axis).
        while let label = labels.first(where: { l in labels.filter { $0 == l }.count > 1 }) {
            let first = labels.firstIndex(of: label)!, second = labels[(first + 1)...].firstIndex(of: label)!
            precondition(a.shape[first] == a.shape[second],
                         "einsum: dimensions of repeated label '\(_EinsumSpec.name(label))' differ in operand \(k): \(a.shape[first]) and \(a.shape[second])")
            a = a.diagonal(axis1: first, axis2: second)
            labels.remove(at: second)
            labels.remove(at: first)
            labels.append(label)
        }
        terms.append((a, labels))
    }
    // Sum labels that no other operand has and the output does not keep.
    for k in terms.indices {
        let others = Set(terms.enumerated().filter { $0.offset != k }.flatMap { $0.element.1 })
        let drop = terms[k].1.indices.filter { !others.contains(terms[k].1[$0]) && !spec.output.contains(terms[k].1[$0]) }
        if !drop.isEmpty {
            terms[k].0 = terms[k].0.sum(axes: drop).astype(T.self)
            terms[k].1 = terms[k].1.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
    }
    var (result, labels) = terms[0]
    for k in 1..<Swift.max(terms.count, 1) where k < terms.count {
        let later = Set(terms[(k + 1)...].flatMap(\.1)).union(spec.output)
        (result, labels) = _einsumContract((result, labels), terms[k], keep: later)
    }
    // Labels left that the output does not have (a single operand's shared ones).
    let extra = labels.indices.filter { !spec.output.contains(labels[$0]) }
    if !extra.isEmpty {
        result = result.sum(axes: extra).astype(T.self)
        labels = labels.enumerated().filter { !extra.contains($0.offset) }.map(\.element)
    }
    let order = spec.output.map { labels.firstIndex(of: $0)! }
    return result.transposed(order).contiguous()
}

/// The contraction of two labelled operands, keeping the labels in `keep`.
@inlinable
func _einsumContract<T: NDArrayNumeric>(_ x: (NDArray<T>, [UInt32]), _ y: (NDArray<T>, [UInt32]), keep: Set<UInt32>)
    -> (NDArray<T>, [UInt32]) {
    let (a, la) = x, (b, lb) = y
    let shared = la.filter { lb.contains($0) }
    let batch = shared.filter { keep.contains($0) }, summed = shared.filter { !keep.contains($0) }
    let freeA = la.filter { !lb.contains($0) }, freeB = lb.filter { !la.contains($0) }
    func axes(_ labels: [UInt32], _ of: [UInt32]) -> [Int] { labels.map { of.firstIndex(of: $0)! } }
    func size(_ array: NDArray<T>, _ labels: [UInt32], _ of: [UInt32]) -> Int { axes(labels, of).reduce(1) { $0 * array.shape[$1] } }
    for l in summed {
        precondition(a.shape[la.firstIndex(of: l)!] == b.shape[lb.firstIndex(of: l)!],
                     "einsum: operands could not be broadcast together: label '\(_EinsumSpec.name(l))' has sizes \(a.shape[la.firstIndex(of: l)!]) and \(b.shape[lb.firstIndex(of: l)!])")
    }
    let batchShapeA = axes(batch, la).map { a.shape[$0] }, batchShapeB = axes(batch, lb).map { b.shape[$0] }
    let m = size(a, freeA, la), n = size(b, freeB, lb), k = size(a, summed, la)
    let left = a.transposed(axes(batch, la) + axes(freeA, la) + axes(summed, la)).reshaped(batchShapeA + [m, k])
    let right = b.transposed(axes(batch, lb) + axes(summed, lb) + axes(freeB, lb)).reshaped(batchShapeB + [k, n])
    let product = matmul(left, right)
    let batchShape = Array(product.shape.dropLast(2))
    let shape = batchShape + axes(freeA, la).map { a.shape[$0] } + axes(freeB, lb).map { b.shape[$0] }
    return (product.reshaped(shape), batch + freeA + freeB)
}

/// Parsed subscripts: each operand's labels (ellipsis axes as labels of
/// their own, aligned from the right) and the output's.
@usableFromInline
struct _EinsumSpec {
    @usableFromInline var inputs: [[UInt32]] = []
    @usableFromInline var output: [UInt32] = []

    /// Labels of ellipsis axes: 0x10000 + position from the right.
    @usableFromInline static let ellipsisBase: UInt32 = 0x10000

    @usableFromInline
    static func name(_ label: UInt32) -> String {
        label >= ellipsisBase ? "...\(label - ellipsisBase)" : String(UnicodeScalar(label).map(Character.init) ?? "?")
    }

    @usableFromInline
    init(_ subscripts: String, _ shapes: [[Int]]) {
        let text = subscripts.filter { !$0.isWhitespace }
        let parts = text.components(separatedBy: "->")
        precondition(parts.count <= 2, "einsum: more than one '->' in '\(subscripts)'")
        let terms = parts[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        precondition(terms.count == shapes.count, "einsum: \(terms.count) operand subscripts for \(shapes.count) operands in '\(subscripts)'")
        var ellipsisDims = 0
        for (k, term) in terms.enumerated() {
            let (letters, hasEllipsis, before) = Self.parse(term, subscripts)
            let ndim = shapes[k].count
            precondition(letters.count <= ndim && (hasEllipsis || letters.count == ndim),
                         "einsum: operand \(k) has \(ndim) dimensions but subscripts '\(term)' name \(letters.count)")
            var labels = letters
            if hasEllipsis {
                let e = ndim - letters.count
                ellipsisDims = Swift.max(ellipsisDims, e)
                let dots = (0..<e).map { Self.ellipsisBase + UInt32(e - 1 - $0) }
                labels = Array(letters[..<before]) + dots + Array(letters[before...])
            }
            inputs.append(labels)
        }
        let dots = (0..<ellipsisDims).map { Self.ellipsisBase + UInt32(ellipsisDims - 1 - $0) }
        if parts.count == 2 {
            let (letters, hasEllipsis, before) = Self.parse(parts[1], subscripts)
            output = hasEllipsis ? Array(letters[..<before]) + dots + Array(letters[before...]) : letters
            let all = Set(inputs.flatMap { $0 })
            for l in letters {
                precondition(all.contains(l), "einsum: output subscript '\(Self.name(l))' does not appear in the input subscripts")
            }
            precondition(Set(letters).count == letters.count, "einsum: output subscript repeated in '\(parts[1])'")
        } else {
            var counts: [UInt32: Int] = [:]
            for l in inputs.flatMap({ $0 }) where l < Self.ellipsisBase { counts[l, default: 0] += 1 }
            output = dots + counts.filter { $0.value == 1 }.keys.sorted()
        }
    }

    /// The letters of a term, whether it has `...`, and how many letters precede it.
    static func parse(_ term: String, _ whole: String) -> ([UInt32], Bool, Int) {
        var letters: [UInt32] = []
        var hasEllipsis = false, before = 0
        var rest = Substring(term)
        while let c = rest.first {
            if rest.hasPrefix("...") {
                precondition(!hasEllipsis, "einsum: more than one ellipsis in '\(term)'")
                hasEllipsis = true
                before = letters.count
                rest = rest.dropFirst(3)
                continue
            }
            precondition(c.isLetter && c.isASCII, "einsum: invalid subscript '\(c)' in '\(whole)'")
            letters.append(c.unicodeScalars.first!.value)
            rest = rest.dropFirst()
        }
        return (letters, hasEllipsis, before)
    }
}
