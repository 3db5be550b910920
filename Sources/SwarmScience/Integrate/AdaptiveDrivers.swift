// QUADPACK's adaptive drivers with extrapolation: `qagse` (finite range,
// also used for infinite ranges through `qagie`'s transformation) and
// `qagpe` (finite range with break points). They bisect the subinterval
// with the largest error until the sum of errors meets the tolerance, and
// run Wynn's epsilon algorithm on the sequence of results as the smallest
// intervals shrink, which handles integrable singularities at the ends.
// The numbered labels of the Fortran are noted where control joins them.

/// What an adaptive driver ends with.
struct _AdaptiveOutcome {
    var result: Double
    var error: Double
    /// QUADPACK's final `ier` (0 to 5).
    var code: Int
    /// How many subintervals were made (`last`).
    var last: Int
}

/// QUADPACK's roundoff counters (`iroff1`, `iroff2`, `iroff3`): how often
/// a bisection barely changed the integral while its error stayed large.
struct _RoundoffCounters {
    var beforeExtrapolation = 0, duringExtrapolation = 0, errorGrew = 0

    /// Counts the bisection of an interval whose integral was `previous`.
    mutating func record(previous: Double, _ left: _RuleEstimate, _ right: _RuleEstimate, errmax: Double,
                         extrapolating: Bool, last: Int) {
        guard left.deviation != left.error && right.deviation != right.error else { return }
        let area12 = left.result + right.result, erro12 = left.error + right.error
        if Swift.abs(previous - area12) <= 1e-5 * Swift.abs(area12) && erro12 >= 0.99 * errmax {
            if extrapolating { duringExtrapolation += 1 } else { beforeExtrapolation += 1 }
        }
        if last > 10 && erro12 > errmax { errorGrew += 1 }
    }

    /// Sets `ier = 2` (roundoff) and `ierro = 3` (roundoff in the
    /// extrapolation) when the counts say so.
    func flag(ier: inout Int, ierro: inout Int) {
        if beforeExtrapolation + duringExtrapolation >= 10 || errorGrew >= 20 { ier = 2 }
        if duringExtrapolation >= 5 { ierro = 3 }
    }
}

/// Where a driver goes after its main loop (QUADPACK's labels).
private enum _Finish {
    /// 110: the test for divergence, then 130.
    case divergenceTest
    /// 115: the result is the sum of the subintervals.
    case sum
    /// 130: the result stands.
    case done
}

/// Decides how an integration that stopped early reports (labels 100–105).
private func _finish(ier: inout Int, ierro: Int, result: Double, abserr: inout Double,
                     area: Double, errsum: Double, correction: Double) -> _Finish {
    if abserr == _Machine.overflow { return .sum }
    guard ier + ierro != 0 else { return .divergenceTest }
    if ierro == 3 { abserr += correction }
    if ier == 0 { ier = 3 }
    if result != 0 && area != 0 {
        return abserr / Swift.abs(result) > errsum / Swift.abs(area) ? .sum : .divergenceTest
    }
    if abserr > errsum { return .sum }
    return area == 0 ? .done : .divergenceTest
}

/// `qagse` with the rule `rule` on [a, b] (a finite range of the
/// integration variable, which for infinite ranges is [0, 1]).
func _integrateExtrapolated(_ a: Double, _ b: Double, epsabs: Double, epsrel: Double, limit: Int,
                            rule: (Double, Double) -> _RuleEstimate) -> _AdaptiveOutcome {
    let epmach = _Machine.epsilon, uflow = _Machine.underflow, oflow = _Machine.overflow
    var ier = 0
    // The first approximation to the integral.
    let first = rule(a, b)
    var result = first.result, abserr = first.error
    let defabs = first.absolute, resabs = first.deviation
    let dres = Swift.abs(result)
    var errbnd = Swift.max(epsabs, epsrel * dres)
    if abserr <= 100 * epmach * defabs && abserr > errbnd { ier = 2 }
    if limit == 1 { ier = 1 }
    if ier != 0 || (abserr <= errbnd && abserr != resabs) || abserr == 0 {
        return _AdaptiveOutcome(result: result, error: abserr, code: ier, last: 1)
    }

    return _withScratch(limit: limit) { list, epsilonTable in
        list.lower[1] = a; list.upper[1] = b; list.integral[1] = result; list.error[1] = abserr
        list.order[1] = 1
        epsilonTable.append(result)
        var errmax = abserr, maxerr = 1, area = result, errsum = abserr
        abserr = oflow
        var nrmax = 1, ktmin = 0, ierro = 0, roundoff = _RoundoffCounters()
        var extrap = false, noext = false
        let ksgn = dres >= (1 - 50 * epmach) * defabs ? 1 : -1
        var small = 0.0, erlarg = 0.0, ertest = 0.0, correction = 0.0
        var last = 1
        var finish = _Finish.divergenceTest
        var summed = false

        mainLoop: for current in 2...limit {
            last = current
            // Bisect the subinterval with the largest error estimate.
            let a1 = list.lower[maxerr], b1 = 0.5 * (list.lower[maxerr] + list.upper[maxerr])
            let a2 = b1, b2 = list.upper[maxerr]
            let erlast = errmax
            let left = rule(a1, b1), right = rule(a2, b2)
            let area12 = left.result + right.result, erro12 = left.error + right.error
            errsum = errsum + erro12 - errmax
            area = area + area12 - list.integral[maxerr]
            roundoff.record(previous: list.integral[maxerr], left, right, errmax: errmax,
                            extrapolating: extrap, last: last)
            errbnd = Swift.max(epsabs, epsrel * Swift.abs(area))
            // Roundoff, the limit, or an interval too small to bisect.
            roundoff.flag(ier: &ier, ierro: &ierro)
            if last == limit { ier = 1 }
            if Swift.max(Swift.abs(a1), Swift.abs(b2)) <= (1 + 100 * epmach) * (Swift.abs(a2) + 1000 * uflow) { ier = 4 }
            list.storeHalves(of: maxerr, as: last, a1, b1, b2, left, right)
            list.reorder(last: last, maxErr: &maxerr, maxError: &errmax, nrmax: &nrmax)
            if errsum <= errbnd { summed = true; break mainLoop }  // 115
            if ier != 0 { break mainLoop }  // 100
            if last == 2 {
                small = Swift.abs(b - a) * 0.375
                erlarg = errsum
                ertest = errbnd
                epsilonTable.append(area)
                continue
            }
            if noext { continue }
            erlarg -= erlast
            if Swift.abs(b1 - a1) > small { erlarg += erro12 }
            if !extrap {
                // Extrapolate only once the interval to bisect is among the smallest.
                if Swift.abs(list.upper[maxerr] - list.lower[maxerr]) > small { continue }
                extrap = true
                nrmax = 2
            }
            if ierro != 3 && erlarg > ertest {
                // Bisect the large intervals first: the extrapolation is only
                // sound once every interval left with a large error is small.
                let jupbnd = last > 2 + limit / 2 ? limit + 3 - last : last
                for _ in stride(from: nrmax, through: jupbnd, by: 1) {
                    maxerr = list.order[nrmax]
                    errmax = list.error[maxerr]
                    if Swift.abs(list.upper[maxerr] - list.lower[maxerr]) > small { continue mainLoop }
                    nrmax += 1
                }
            }
            // Extrapolate.
            epsilonTable.append(area)
            let (reseps, abseps) = epsilonTable.extrapolate()
            ktmin += 1
            if ktmin > 5 && abserr < 1e-3 * errsum { ier = 5 }
            if abseps < abserr {
                ktmin = 0
                abserr = abseps
                result = reseps
                correction = erlarg
                ertest = Swift.max(epsabs, epsrel * Swift.abs(reseps))
                if abserr <= ertest { break mainLoop }
            }
            // Prepare to bisect the smallest interval.
            if epsilonTable.count == 1 { noext = true }
            if ier == 5 { break mainLoop }
            maxerr = list.order[1]
            errmax = list.error[maxerr]
            nrmax = 1
            extrap = false
            small *= 0.5
            erlarg = errsum
        }

        if !summed {
            finish = _finish(ier: &ier, ierro: ierro, result: result, abserr: &abserr,
                             area: area, errsum: errsum, correction: correction)
        } else {
            finish = .sum
        }
        switch finish {
        case .divergenceTest:
            if !(ksgn == -1 && Swift.max(Swift.abs(result), Swift.abs(area)) <= defabs * 0.01) {
                if 0.01 > result / area || result / area > 100 || errsum > Swift.abs(area) { ier = 6 }
            }
        case .sum:
            result = list.totalIntegral(last: last)
            abserr = errsum
        case .done:
            break
        }
        if ier > 2 { ier -= 1 }
        return _AdaptiveOutcome(result: result, error: abserr, code: ier, last: last)
    }
}

/// `qagpe`: [lower, upper] with the sorted interior break points `points`,
/// where the integrand may be singular or discontinuous. Each piece
/// between break points starts as its own interval, and extrapolation
/// works by bisection level rather than by length.
func _integrateWithBreakPoints(_ lower: Double, _ upper: Double, points: [Double], epsabs: Double,
                               epsrel: Double, limit: Int,
                               rule: (Double, Double) -> _RuleEstimate) -> _AdaptiveOutcome {
    let epmach = _Machine.epsilon, uflow = _Machine.underflow, oflow = _Machine.overflow
    var ier = 0
    let pts = [lower] + points + [upper]
    let nint = pts.count - 1
    return _withScratch(limit: limit) { list, epsilonTable in
        // The first approximations, one per piece.
        var result = 0.0, abserr = 0.0, resabs = 0.0
        var flagged = [Bool](repeating: false, count: nint + 1)
        for i in 1...nint {
            let estimate = rule(pts[i - 1], pts[i])
            abserr += estimate.error
            result += estimate.result
            // A piece whose error equals its deviation has an unreliable estimate.
            flagged[i] = estimate.error == estimate.deviation && estimate.error != 0
            resabs += estimate.absolute
            list.level[i] = 0
            list.error[i] = estimate.error
            list.lower[i] = pts[i - 1]; list.upper[i] = pts[i]
            list.integral[i] = estimate.result
            list.order[i] = i
        }
        var errsum = 0.0
        for i in 1...nint {
            if flagged[i] { list.error[i] = abserr }
            errsum += list.error[i]
        }
        var last = nint
        let dres = Swift.abs(result)
        var errbnd = Swift.max(epsabs, epsrel * dres)
        if abserr <= 100 * epmach * resabs && abserr > errbnd { ier = 2 }
        if nint != 1 {
            // Order the pieces by decreasing error.
            for i in 1..<nint {
                var best = list.order[i], k = i
                for j in (i + 1)...nint {
                    let candidate = list.order[j]
                    if list.error[best] > list.error[candidate] { continue }
                    best = candidate
                    k = j
                }
                if best != list.order[i] {
                    list.order[k] = list.order[i]
                    list.order[i] = best
                }
            }
            if limit < pts.count { ier = 1 }
        }
        if ier != 0 || abserr <= errbnd {
            if ier > 2 { ier -= 1 }
            return _AdaptiveOutcome(result: result, error: abserr, code: ier, last: last)
        }

        epsilonTable.append(result)
        var maxerr = list.order[1], errmax = list.error[maxerr], area = result
        var nrmax = 1, ktmin = 0, ierro = 0, roundoff = _RoundoffCounters()
        var extrap = false, noext = false
        var erlarg = errsum, ertest = errbnd, levmax = 1, correction = 0.0
        abserr = oflow
        let ksgn = dres >= (1 - 50 * epmach) * resabs ? 1 : -1
        var summed = false

        mainLoop: for current in stride(from: pts.count, through: limit, by: 1) {
            last = current
            let levcur = list.level[maxerr] + 1
            let a1 = list.lower[maxerr], b1 = 0.5 * (list.lower[maxerr] + list.upper[maxerr])
            let a2 = b1, b2 = list.upper[maxerr]
            let erlast = errmax
            let left = rule(a1, b1), right = rule(a2, b2)
            let area12 = left.result + right.result, erro12 = left.error + right.error
            errsum = errsum + erro12 - errmax
            area = area + area12 - list.integral[maxerr]
            roundoff.record(previous: list.integral[maxerr], left, right, errmax: errmax,
                            extrapolating: extrap, last: last)
            list.level[maxerr] = levcur
            list.level[last] = levcur
            errbnd = Swift.max(epsabs, epsrel * Swift.abs(area))
            // Roundoff, the limit, or an interval too small to bisect.
            roundoff.flag(ier: &ier, ierro: &ierro)
            if last == limit { ier = 1 }
            if Swift.max(Swift.abs(a1), Swift.abs(b2)) <= (1 + 100 * epmach) * (Swift.abs(a2) + 1000 * uflow) { ier = 4 }
            list.storeHalves(of: maxerr, as: last, a1, b1, b2, left, right)
            list.reorder(last: last, maxErr: &maxerr, maxError: &errmax, nrmax: &nrmax)
            if errsum <= errbnd { summed = true; break mainLoop }  // 190
            if ier != 0 { break mainLoop }  // 170
            if noext { continue }
            erlarg -= erlast
            if levcur + 1 <= levmax { erlarg += erro12 }
            if !extrap {
                // Extrapolate once the interval to bisect is on the deepest level.
                if list.level[maxerr] + 1 <= levmax { continue }
                extrap = true
                nrmax = 2
            }
            if ierro != 3 && erlarg > ertest {
                let jupbnd = last > 2 + limit / 2 ? limit + 3 - last : last
                for _ in stride(from: nrmax, through: jupbnd, by: 1) {
                    maxerr = list.order[nrmax]
                    errmax = list.error[maxerr]
                    if list.level[maxerr] + 1 <= levmax { continue mainLoop }
                    nrmax += 1
                }
            }
            epsilonTable.append(area)
            if epsilonTable.count > 2 {
                let (reseps, abseps) = epsilonTable.extrapolate()
                ktmin += 1
                if ktmin > 5 && abserr < 1e-3 * errsum { ier = 5 }
                if abseps < abserr {
                    ktmin = 0
                    abserr = abseps
                    result = reseps
                    correction = erlarg
                    ertest = Swift.max(epsabs, epsrel * Swift.abs(reseps))
                    if abserr < ertest { break mainLoop }
                }
                if epsilonTable.count == 1 { noext = true }
                if ier >= 5 { break mainLoop }
            }
            // 155: prepare to bisect the intervals of the next level.
            maxerr = list.order[1]
            errmax = list.error[maxerr]
            nrmax = 1
            extrap = false
            levmax += 1
            erlarg = errsum
        }

        let finish: _Finish = summed ? .sum
            : _finish(ier: &ier, ierro: ierro, result: result, abserr: &abserr,
                      area: area, errsum: errsum, correction: correction)
        switch finish {
        case .divergenceTest:
            if !(ksgn == -1 && Swift.max(Swift.abs(result), Swift.abs(area)) <= resabs * 0.01) {
                if 0.01 > result / area || result / area > 100 || errsum > Swift.abs(area) { ier = 6 }
            }
        case .sum:
            result = list.totalIntegral(last: last)
            abserr = errsum
        case .done:
            break
        }
        if ier > 2 { ier -= 1 }
        return _AdaptiveOutcome(result: result, error: abserr, code: ier, last: last)
    }
}
