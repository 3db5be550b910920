import Foundation
import Testing
@testable import SwarmArray

@Suite struct TextIOTests {
    @Test func textBothWaysWithNumPy() throws {
        let dir = temporaryDirectory("txt")
        guard let _ = try numpy(pyReference + """
            d = '\(dir)'
            np.savetxt(f'{d}/f.csv', ref('f8', (4, 3)) / 3, delimiter=',', header='x,y,z', footer='end')
            np.savetxt(f'{d}/i.txt', ref('i8', (3, 5)), fmt='%d')
            np.savetxt(f'{d}/v.txt', ref('f4', (6,)))
            np.savetxt(f'{d}/c.txt', ref('c16', (2, 2)))
            with open(f'{d}/mixed.txt', 'w') as f:
                f.write('# comment line\\nskip me\\n 1  2.5 nan # trailing\\n\\n4 -inf 6e-3\\n')
            print('ok')
            """) else { return }
        let f = try loadtxt(path: "\(dir)/f.csv", as: Double.self, delimiter: ",")
        #expect(f.shape == [4, 3])
        #expect(sameValues(f, reference(Double.self, [4, 3]) / 3))
        #expect(sameValues(try loadtxt(path: "\(dir)/i.txt", as: Int.self), reference(Int.self, [3, 5])))
        let v = try loadtxt(path: "\(dir)/v.txt", as: Float.self)
        #expect(v.shape == [6] && sameValues(v, reference(Float.self, [6])))
        #expect(sameValues(try loadtxt(path: "\(dir)/c.txt", as: Complex<Double>.self), reference(Complex<Double>.self, [2, 2])))
        let m = try loadtxt(path: "\(dir)/mixed.txt", as: Double.self, skipRows: 2)
        #expect(m.shape == [2, 3] && m[0, 1] == 2.5 && m[0, 2].isNaN && m[1, 1] == -.infinity && m[1, 2] == 6e-3)
        #expect(try loadtxt(path: "\(dir)/mixed.txt", as: Double.self, skipRows: 2, usecols: [-1, 0]).toArray().suffix(2) == [6e-3, 4])
        #expect(try loadtxt(path: "\(dir)/i.txt", as: Int.self, maxRows: 1).shape == [5])
        #expect(try loadtxt(path: "\(dir)/i.txt", as: Int.self, usecols: [2], ndmin: 2).shape == [3, 1])

        try savetxt(path: "\(dir)/ours.txt", reference(Double.self, [5, 4]) / 7)
        try savetxt(path: "\(dir)/ours.csv", reference(Int32.self, [2, 6]), format: "%d", delimiter: ",", header: "a header\nline two")
        try savetxt(path: "\(dir)/oursc.txt", reference(Complex<Double>.self, [3, 2]))
        try savetxt(path: "\(dir)/ours1.txt", reference(Float.self, [7]), format: "%.3f")
        guard let text = try numpy(pyReference + """
            d = '\(dir)'
            bad = []
            if not np.array_equal(np.loadtxt(f'{d}/ours.txt'), ref('f8', (5, 4)) / 7): bad.append('float')
            if not np.array_equal(np.loadtxt(f'{d}/ours.csv', delimiter=',', dtype=np.int32), ref('i4', (2, 6))): bad.append('int')
            if open(f'{d}/ours.csv').readline() != '# a header\\n': bad.append('header')
            if not np.array_equal(np.loadtxt(f'{d}/oursc.txt', dtype=complex), ref('c16', (3, 2))): bad.append('complex')
            if open(f'{d}/ours1.txt').read() != ''.join('%.3f\\n' % x for x in ref('f4', (7,))): bad.append('format')
            np.savetxt(f'{d}/theirs.txt', ref('f8', (5, 4)) / 7)
            if open(f'{d}/theirs.txt').read() != open(f'{d}/ours.txt').read(): bad.append('same text')
            print(json.dumps(bad))
            """) else { return }
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func badTextThrowsWithThePlace() throws {
        let dir = temporaryDirectory("badtxt")
        try "1 2 3\n4 five 6\n".write(toFile: "\(dir)/a.txt", atomically: true, encoding: .utf8)
        try "1 2 3\n4 5\n".write(toFile: "\(dir)/b.txt", atomically: true, encoding: .utf8)
        do {
            _ = try loadtxt(path: "\(dir)/a.txt", as: Double.self)
            Issue.record("no error")
        } catch {
            #expect(error.code == .badValue && error.message.contains("'five'") && error.message.contains("row 2, column 2"))
        }
        do {
            _ = try loadtxt(path: "\(dir)/b.txt", as: Double.self)
            Issue.record("no error")
        } catch {
            #expect(error.code == .badValue && error.message.contains("from 3 to 2 at row 2"))
        }
        #expect(throws: NDArrayError.self) { try loadtxt(path: "\(dir)/missing.txt", as: Double.self) }
    }
}
