/// The rows of one agent in `agents.csv` and `truth.csv`.
extension SyntheticAgent {
    static let agentsHeader: StaticString = "agent_id,name,sip_uri,active,started_on,dispatch_set"
    static let truthHeader: StaticString = "agent_id,hidden_quality"
    /// With planted behaviours, `truth.csv` has a third column: the behaviour, empty for honest agents.
    static let plantedTruthHeader: StaticString = "agent_id,hidden_quality,behaviour"

    func writeAgentRow(to writer: inout CSVFileWriter) throws(GeneratorError) {
        writer.appendASCII("agent")
        writer.appendInt(number)
        writer.comma()
        writer.appendField(name)
        writer.comma()
        writer.appendASCII("sip:agent")
        writer.appendInt(number)
        writer.appendASCII("@10.")
        let host = sipHost
        writer.appendInt(host.0)
        writer.appendByte(UInt8(ascii: "."))
        writer.appendInt(host.1)
        writer.appendByte(UInt8(ascii: "."))
        writer.appendInt(host.2)
        writer.comma()
        writer.appendASCII(active ? "true" : "false")
        writer.comma()
        writer.appendDate(days: startedOn)
        writer.comma()
        writer.appendInt(dispatchSet)
        try writer.endRow()
    }

    /// `agent1001,0.7315`: the quality with exactly four decimals, from the integer basis points; with
    /// `behaviourColumn`, then `,dodger` (or `,solicitor`, `,short-calls`, or `,` for an honest agent).
    func writeTruthRow(behaviourColumn: Bool, to writer: inout CSVFileWriter) throws(GeneratorError) {
        writer.appendASCII("agent")
        writer.appendInt(number)
        writer.comma()
        writer.appendInt(qualityBasisPoints / 10_000)
        writer.appendByte(UInt8(ascii: "."))
        writer.appendPadded(qualityBasisPoints % 10_000, width: 4)
        if behaviourColumn {
            writer.comma()
            if let behaviour { writer.appendASCII(behaviour.truthName) }
        }
        try writer.endRow()
    }
}
