import Testing
@testable import CallMeter

@Test(arguments: [
    ("Anna\u{1B}]0;evil\u{7}", "Anna\\e]0;evil\\u{7}"),
    ("a\u{1B}[2Jb", "a\\e[2Jb"),
    ("line\nbreak\r\tx", "line\\nbreak\\r\\tx"),
    ("c1\u{9B}31m del\u{7F} nul\u{0}", "c1\\u{9B}31m del\\u{7F} nul\\u{0}"),
    ("abc\u{202E}fed\u{2066}\u{200F}", "abc\\u{202E}fed\\u{2066}\\u{200F}"),
    ("Zoë Müller 山田 👋", "Zoë Müller 山田 👋"),
    ("back\\slash", "back\\slash"),
    ("", ""),
])
func controlCharactersAreShownEscaped(_ text: String, _ shown: String) {
    #expect(TerminalText.escaped(text) == shown)
}

@Test func wholeLinesKeepTheirLineBreaks() {
    #expect(TerminalText.escapedKeepingNewlines("a\u{1B}[31m\nb\r\n") == "a\\e[31m\nb\\r\n")
}
