import CallMeterDaemon
import Foundation

exit(DaemonMain.run(Array(CommandLine.arguments.dropFirst())))
