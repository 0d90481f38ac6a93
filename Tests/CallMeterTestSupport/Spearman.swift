/// Spearman's rank correlation of two equally long series (average ranks for ties); 0 when one
/// of them does not vary.
public func spearman(_ a: [Double], _ b: [Double]) -> Double {
    func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var result = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { result[order[k]] = Double(i + j) / 2 + 1 }
            i = j + 1
        }
        return result
    }
    let ra = ranks(a), rb = ranks(b)
    let n = Double(a.count)
    let ma = ra.reduce(0, +) / n, mb = rb.reduce(0, +) / n
    var covariance = 0.0, va = 0.0, vb = 0.0
    for i in ra.indices {
        covariance += (ra[i] - ma) * (rb[i] - mb)
        va += (ra[i] - ma) * (ra[i] - ma)
        vb += (rb[i] - mb) * (rb[i] - mb)
    }
    return va > 0 && vb > 0 ? covariance / (va * vb).squareRoot() : 0
}
