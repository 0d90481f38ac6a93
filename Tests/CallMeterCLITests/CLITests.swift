import Testing
import CallMeterCLI

@Test func runsWithoutArguments() {
    #expect(CLI.run([]) == 0)
}
