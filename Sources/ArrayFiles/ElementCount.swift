/// Element and byte counts computed from shapes read out of files, with overflow-checked
/// arithmetic: a header that claims `(2**62, 4)` must end in a clear error, not a trap or a
/// wrapped count that then passes the size check (issue 12, finding 8).
enum ElementCount {
    /// The product of `shape`'s entries, or nil when it does not fit in an `Int`. A shape with
    /// a zero entry holds no elements, whatever the other entries are.
    static func of(_ shape: [Int]) -> Int? {
        if shape.contains(0) { return 0 }
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }

    /// The bytes of `shape` elements of `itemSize` bytes each, or nil on overflow.
    static func bytes(_ shape: [Int], itemSize: Int) -> Int? {
        guard let n = of(shape) else { return nil }
        let (b, overflow) = n.multipliedReportingOverflow(by: itemSize)
        return overflow ? nil : b
    }
}
