import Foundation
import Testing
@testable import SwarmArray

/// Parses NumPy's `json.dumps(a.tolist())` output for a float array, with
/// NaN and infinities written as strings by the scripts ("nan", "inf", "-inf").
func doubles(_ any: Any?) -> [Double] {
    func flat(_ x: Any?) -> [Double] {
        if let list = x as? [Any] { return list.flatMap(flat) }
        if let n = x as? NSNumber { return [n.doubleValue] }
        if let s = x as? String { return [s == "nan" ? .nan : (s == "inf" ? .infinity : -.infinity)] }
        return []
    }
    return flat(any)
}

/// Whether two doubles agree to `rtol` (relative) or are both NaN.
func close(_ a: Double, _ b: Double, rtol: Double = 1e-14, atol: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
    if a == b { return true }
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
}

func expectClose(_ ours: [Double], _ theirs: [Double], rtol: Double = 1e-14, atol: Double = 0,
                 _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(ours.count == theirs.count, "\(what): \(ours.count) values, numpy has \(theirs.count)", sourceLocation: sourceLocation)
    for (i, (x, y)) in zip(ours, theirs).enumerated() where !close(x, y, rtol: rtol, atol: atol) {
        Issue.record("\(what)[\(i)]: \(x) vs numpy \(y)", sourceLocation: sourceLocation)
        return
    }
}

/// A Python snippet that prints a dict of named arrays as JSON (shape + flat values).
let pyDump = """
def dump(**kw):
    out = {}
    for k, v in kw.items():
        v = np.asarray(v)
        vals = [("nan" if x != x else ("inf" if x == float('inf') else ("-inf" if x == -float('inf') else x))) for x in v.astype(float).ravel().tolist()]
        out[k] = {"shape": list(v.shape), "values": vals}
    print(json.dumps(out))
"""

struct Expected {
    let table: [String: Any]
    func shape(_ k: String) -> [Int] { ((table[k] as! [String: Any])["shape"] as! [NSNumber]).map(\.intValue) }
    func values(_ k: String) -> [Double] { doubles((table[k] as! [String: Any])["values"]) }
}

func numpyExpected(_ script: String) throws -> Expected? {
    guard let json = try numpyJSON(pyDump + "\n" + script) as? [String: Any] else { return nil }
    return Expected(table: json)
}

func check<T: NDArrayElement>(_ a: NDArray<T>, _ name: String, _ e: Expected, rtol: Double = 1e-14, atol: Double = 0,
                             sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.shape == e.shape(name), "\(name) shape \(a.shape) vs numpy \(e.shape(name))", sourceLocation: sourceLocation)
    expectClose(a.astype(Double.self).toArray(), e.values(name), rtol: rtol, atol: atol, name, sourceLocation: sourceLocation)
}
