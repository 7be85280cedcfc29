/// The binomial counts of revolve (Griewank and Walther 2000).
extension Griewank {
    /// The fewest forward steps that reverse a chain of `steps` equal steps
    /// with `slots` checkpoint slots besides the stored initial state.
    ///
    /// With `c = slots + 1` snapshots this is the closed form
    /// `r * l - binomial(c + r, r - 1)`, where the repetition number `r` is the
    /// least with `binomial(c + r, c) >= l`. It counts the first sweep's
    /// `l - 1` advances too, not the final forward step of each reversal.
    ///
    ///     Griewank.advances(steps: 3, slots: 0)   // 3: advance 2 steps, then 1
    public static func advances(steps l: Int, slots: Int) -> Int {
        precondition(l >= 0 && slots >= 0)
        guard l > 1 else { return 0 }
        let c = slots + 1
        // beta(c, r) = binomial(c + r, c), grown until it reaches l.
        var r = 0
        var beta = 1
        while beta < l {
            r += 1
            beta = beta * (c + r) / r
        }
        let previous = beta * r / (c + r)        // beta(c, r - 1)
        return r * l - previous * (c + r) / (c + 1)  // binomial(c + r, r - 1)
    }

    /// The number of steps to advance before storing the next state when
    /// reversing `l` steps with `slots > 0` slots: the largest `j` that attains
    /// ``advances(steps:slots:)`` as `j + advances(l - j, slots - 1) + advances(j, slots)`.
    static func firstAdvance(steps l: Int, slots: Int) -> Int {
        precondition(l > 1 && slots > 0)
        let best = advances(steps: l, slots: slots)
        return stride(from: l - 1, through: 1, by: -1).first { j in
            j + advances(steps: l - j, slots: slots - 1) + advances(steps: j, slots: slots) == best
        }!
    }
}
