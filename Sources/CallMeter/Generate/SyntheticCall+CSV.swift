/// The rows of one call in `cdr.csv` and `ratings.csv`.
extension SyntheticCall {
    static let cdrHeader: StaticString =
        "call_id,hotline,agent_id,started_at,answered_at,ended_at,disposition,talk_seconds,hold_seconds,wrap_seconds,caller,direction,queue,ended_by"
    static let ratingsHeader: StaticString = "call_id,rating,question,rated_at"

    /// `c` and the call's sequence number in 11 digits: `c00000000001` (enough for every valid run).
    static func appendCallID(_ sequence: Int, to writer: inout CSVFileWriter) {
        writer.appendByte(UInt8(ascii: "c"))
        writer.appendPadded(sequence, width: 11)
    }

    func writeCDR(sequence: Int, synthesizer: CallSynthesizer, to writer: inout CSVFileWriter) throws(GeneratorError) {
        let hotline = HotlineProfile.all[self.hotline]
        Self.appendCallID(sequence, to: &writer)
        writer.comma()
        writer.appendBytes(hotline.numberBytes)
        writer.comma()
        if let agent {
            writer.appendASCII("agent")
            writer.appendInt(synthesizer.agents[agent].number)
        }
        writer.comma()
        writer.appendTimestamp(startedAt)
        writer.comma()
        if let answeredAt { writer.appendTimestamp(answeredAt) }
        writer.comma()
        writer.appendTimestamp(endedAt)
        writer.comma()
        writer.appendASCII(disposition.storedName)
        writer.comma()
        writer.appendInt(talkSeconds)
        writer.comma()
        writer.appendInt(holdSeconds)
        writer.comma()
        writer.appendInt(wrapSeconds)
        writer.comma()
        synthesizer.callers.writeNumber(caller, to: &writer)
        writer.comma()
        writer.appendASCII(outbound ? "outbound" : "inbound")
        writer.comma()
        writer.appendBytes(hotline.queueBytes)
        writer.comma()
        writer.appendASCII(endedByAgent ? "agent" : "caller")
        try writer.endRow()
    }

    /// Writes the call's rating rows (none, `overall`, or `overall` and `resolved`); returns how many.
    func writeRatings(sequence: Int, to writer: inout CSVFileWriter) throws(GeneratorError) -> Int {
        guard let overall else { return 0 }
        try Self.writeRating(sequence: sequence, rating: overall.rating, question: "overall", ratedAt: overall.ratedAt, to: &writer)
        guard let resolved else { return 1 }
        try Self.writeRating(sequence: sequence, rating: resolved.rating, question: "resolved", ratedAt: resolved.ratedAt, to: &writer)
        return 2
    }

    private static func writeRating(
        sequence: Int, rating: Int, question: StaticString, ratedAt: Int, to writer: inout CSVFileWriter
    ) throws(GeneratorError) {
        appendCallID(sequence, to: &writer)
        writer.comma()
        writer.appendInt(rating)
        writer.comma()
        writer.appendASCII(question)
        writer.comma()
        writer.appendTimestamp(ratedAt)
        try writer.endRow()
    }
}
