/// Where a chart of the QA report draws: its plot area, from `left` for `width` across and from
/// `top` down to `baseline`, inside a drawing with room right of it and below it for labels. The
/// score histogram and the funnel plot draw their grid and axis through it, so they look alike.
struct PlotArea {
    let left: Double
    let width: Double
    let top: Double
    let baseline: Double
    /// The whole drawing: the plot area and the room right of it and below the baseline.
    let drawingWidth: Double
    let drawingHeight: Double

    init(left: Double, width: Double, top: Double, baseline: Double, roomRight: Double, roomBelow: Double) {
        self.left = left
        self.width = width
        self.top = top
        self.baseline = baseline
        drawingWidth = left + width + roomRight
        drawingHeight = baseline + roomBelow
    }

    var right: Double { left + width }
    var height: Double { baseline - top }

    /// A light grid line across the plot area at `y`, with its value labelled left of the area.
    func gridLine(y: Double, label: String) -> HTML {
        let f = ReportFormat.coordinate
        return """
            <line x1="\(f(left))" y1="\(f(y))" x2="\(f(right))" y2="\(f(y))" stroke="#d0d7de" stroke-width="1"/>\
            <text x="\(f(left - 6))" y="\(f(y + 4))" font-size="12" text-anchor="end" fill="#57606a">\(label)</text>
            """
    }

    /// The x axis along the baseline.
    var axis: HTML {
        let f = ReportFormat.coordinate
        return "<line x1=\"\(f(left))\" y1=\"\(f(baseline))\" x2=\"\(f(right))\" y2=\"\(f(baseline))\" stroke=\"#1f2328\" stroke-width=\"1.5\"/>"
    }

    /// The `<svg>` element of the drawing around `body`, with `class` and the accessible name.
    func svg(class name: String, label: HTML, _ body: HTML) -> HTML {
        let f = ReportFormat.coordinate
        return """
            <svg class="\(name)" viewBox="0 0 \(f(drawingWidth)) \(f(drawingHeight))" width="\(f(drawingWidth))" height="\(f(drawingHeight))" role="img" \
            aria-label="\(label)">\(body)</svg>
            """
    }
}
