import Checkmate
import Foundation

/// Every `href` and `src` of an HTML page.
public func links(in html: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: "(?:href|src)=\"([^\"]*)\"")
    let range = NSRange(html.startIndex..., in: html)
    return pattern.matches(in: html, range: range).map { String(html[Range($0.range(at: 1), in: html)!]) }
}

/// Checkpoint all as a stage plan: each output kept from its computation to its last reader.
public func keepUntilLastUse(_ graph: TrainingGraph) -> StagePlan {
    var retain = StageMatrix(count: graph.count)
    for i in 0..<graph.count {
        guard let last = graph.users[i].last else { continue }
        for t in (i + 1)...last { retain[t, i] = true }
    }
    return StagePlan(graph: graph, retain: retain)
}
