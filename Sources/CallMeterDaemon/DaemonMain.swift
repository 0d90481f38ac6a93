import CallMeter
import Foundation
import Glibc

/// `callmeterd ARGUMENTS`: parses the options, takes the lock, loads the rules, opens the
/// database and runs the loop. Returns the exit status.
package enum DaemonMain {
    package static let version = "0.1.0"
    /// How long a starting daemon waits for a restore in progress.
    static let startWaitSeconds: Double = 60

    package static func run(_ arguments: [String]) -> Int32 {
        run(arguments, log: .standardError(), out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            workingDirectory: FileManager.default.currentDirectoryPath)
    }

    static func run(_ arguments: [String], log: EventLog, out: (String) -> Void, workingDirectory: String) -> Int32 {
        // Before any thread starts, so that every thread inherits the mask.
        SignalWatcher.blockSignals()

        let options: DaemonOptions
        do throws(DaemonUsageError) {
            switch try DaemonOptions.parse(arguments, workingDirectory: workingDirectory) {
            case .help:
                out(DaemonOptions.usage + "\n")
                return 0
            case .version:
                out("callmeterd \(version)\n")
                return 0
            case .run(let parsed):
                options = parsed
            }
        } catch {
            FileHandle.standardError.write(Data("Error: \(error.message)\nSee 'callmeterd --help'.\n".utf8))
            return 64
        }

        let control = DaemonControl()
        SignalWatcher.start(control: control, log: log)

        do {
            _ = try DatabaseLock.resolve(options.databasePath)
        } catch {
            log.error("cannot-start", ["reason": "database", "db": options.databasePath, "error": error.description])
            return 1
        }
        let lock: InstanceLock
        do {
            lock = try InstanceLock(path: InstanceLock.path(forDatabase: options.databasePath))
        } catch {
            log.error("refused", ["error": error.description])
            if case .held = error { return 75 }
            return 1
        }
        defer { withExtendedLifetime(lock) {} }
        // A writer for its whole life: `callmeter restore` does not swap the file under it.
        let writing: DatabaseLock
        do {
            writing = try DatabaseLock.acquire(
                database: options.databasePath, mode: .shared, command: "callmeterd", waitSeconds: startWaitSeconds
            ) { holders in
                log.info("database-busy", ["held_by": DatabaseLock.describe(holders), "action": "waiting up to \(Int(startWaitSeconds)) s"])
            }
        } catch {
            log.error("refused", ["db": options.databasePath, "error": error.description])
            return error.isTemporary ? 75 : 1
        }
        defer { withExtendedLifetime(writing) {} }

        // Every rule file is checked before anything is done with it; a broken asterisk.json
        // only holds back the Asterisk inbox folders (see Daemon+Rules).
        let rules: RuleSet
        do {
            rules = try RuleSet.load(directory: URL(fileURLWithPath: options.rulesDirectory, isDirectory: true))
        } catch {
            for problem in error.errors {
                log.error("cannot-start", ["reason": "rules", "at": Daemon.location(of: problem), "error": "\(problem)"])
            }
            return 1
        }
        let store: Store
        do {
            store = try Store(path: options.databasePath, create: true)
            // Another writer (a `callmeter ingest`) holds SQLite's write lock: wait for it as long as
            // it takes, quietly, with one line per wait; a stop request ends the wait.
            store.waitWhenBusy(limitSeconds: nil, onWait: {
                log.info("database-busy", ["held_by": DatabaseLock.describe(writing.otherHolders()), "action": "waiting for it"])
            }, giveUp: { control.stopRequested })
        } catch {
            log.error("cannot-start", ["reason": "database", "db": options.databasePath, "error": "\(error)"])
            return 1
        }
        let daemon = Daemon(options: options, store: store, rules: rules, log: log, control: control)
        do {
            try daemon.startUp()
        } catch {
            log.error("cannot-start", ["reason": "inbox", "inbox": options.inbox, "error": "\(error)"])
            return 1
        }
        return daemon.run()
    }
}
