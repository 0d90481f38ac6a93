/// Writes a payroll export: to a temporary file, flushed, then renamed over `path`, mode 0640
/// (pay data: the owner and the payroll group read it, nobody else).
public enum PayrollExportFile {
    /// The export of `payroll`'s lines.
    public static func write(_ payroll: PeriodPayroll, to path: String, dialect: ExportDialect) throws(AtomicFile.Failure) {
        try write(PayrollCSV.render(lines: payroll.lines, currency: payroll.currency, places: payroll.places, dialect: dialect), to: path)
    }

    /// Export bytes already rendered (the per-call rows, the unpriced calls).
    package static func write(_ bytes: [UInt8], to path: String) throws(AtomicFile.Failure) {
        try AtomicFile.write(bytes, to: path, permissions: 0o640)
    }
}
