package import CallMeter

/// Ingests one inbox file of a kind and format into the store. A seam: the formats the daemon can
/// read are those of this build.
package protocol FileIngesting {
    /// - Parameters:
    ///   - path: where to read the file (the daemon passes `/proc/self/fd/N` of the file it checked).
    ///   - name: the file name to record in the batch.
    /// - Throws: `IngestFileError` or `UnsupportedFormat` when nothing of the file can be stored (the
    ///   daemon moves it to `failed/`); any other error is taken as temporary (the file stays and is
    ///   tried again).
    func ingest(
        file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings, store: Store
    ) throws -> IngestReport
}

/// A format this build cannot read.
package struct UnsupportedFormat: Error, CustomStringConvertible, Sendable {
    package let format: String

    package var description: String {
        "the \(format) format is not supported yet by this callmeterd; the file was not read. "
            + "Move it back into its inbox folder once a callmeterd that reads \(format) is installed."
    }
}

/// The ingest of this build: CallMeter's native CSV formats and the Asterisk formats
/// (`asterisk-csv`, `asterisk-cdr-table`, `asterisk-queue-log`).
package struct StoreFileIngester: FileIngesting {
    package init() {}

    package func ingest(
        file path: String, name: String, kind: IngestReport.Kind, format: String, settings: IngestSettings, store: Store
    ) throws -> IngestReport {
        guard let known = IngestFormat(rawValue: format) else { throw UnsupportedFormat(format: format) }
        var settings = settings
        settings.format = known
        return try Ingestion(store: store).ingest(file: path, named: name, kind: kind, settings: settings)
    }
}
