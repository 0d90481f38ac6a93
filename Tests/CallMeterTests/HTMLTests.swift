import Testing
@testable import CallMeter

@Test(arguments: [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
    ("&amp;", "&amp;amp;"),
    ("O'Brien & Söhne", "O&#39;Brien &amp; Söhne"),
    ("Zoë Müller", "Zoë Müller"),
    ("a\u{0}b\u{1B}[31mc\u{7F}", "a\u{FFFD}b\u{FFFD}[31mc\u{FFFD}"),
    ("abc\u{202E}fed", "abc\u{FFFD}fed"),
    ("line\nnext\ttab", "line\nnext\ttab"),
])
func escapesText(raw: String, escaped: String) {
    #expect(HTML.escape(raw) == escaped)
    let fragment: HTML = "<td title=\"\(raw)\">\(raw)</td>"
    #expect(fragment.markup == "<td title=\"\(escaped)\">\(escaped)</td>")
}

@Test func literalsAndFragmentsAreMarkupStringsAreNot() {
    let inner: HTML = "<b>\("<i>")</b>"
    let outer: HTML = "<p>\(inner)\(42)\(Int64(-7))\([HTML("<br>"), HTML(text: "<br>")])\(Optional<String>.none)</p>"
    #expect(outer.markup == "<p><b>&lt;i&gt;</b>42-7<br>&lt;br&gt;</p>")
    #expect(HTML.join(["<a>", "<b>"], separator: ", ").markup == "<a>, <b>")
}
