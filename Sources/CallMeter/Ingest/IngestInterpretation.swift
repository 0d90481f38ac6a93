import Foundation

extension IngestSettings {
    /// The options that change what a file's rows become, as one canonical text stored with the
    /// batch (`batches.options`). A file is "already ingested" only when its bytes, kind, format
    /// *and* this text match a batch that was not voided: the same bytes read with another
    /// `--timezone` or column mapping are another interpretation (after the wrong one is voided).
    ///
    /// Every option that changes what is stored must be listed here, in a fixed order, each as
    /// `name=value`, separated by `;`. Options that only change what is reported are not. The
    /// rules files are not part of it: a changed `Rules/asterisk.json` applies to the files that
    /// come after it (a stored file is re-read under new rules by voiding and ingesting it again).
    package var interpretation: String {
        var parts: [String] = []
        // Native files carry an offset on every instant; only Asterisk's wall-clock times are
        // read in a zone.
        if format.isAsterisk { parts.append("timezone=\(timeZone.identifier)") }
        if let seventeenthColumn { parts.append("columns=\(seventeenthColumn.rawValue)") }
        // By name: a layout's columns changed in asterisk.json under the same name read the same
        // file another way only after its first reading is voided, like any rules change.
        if let asteriskLayout { parts.append("layout=\(asteriskLayout.name)") }
        return parts.joined(separator: ";")
    }
}
