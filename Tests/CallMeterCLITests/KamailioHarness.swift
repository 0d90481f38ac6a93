import Foundation
import Testing

/// Runs the real consumer of the kamailio feed for a test: a loopback-only Kamailio with the
/// dispatcher module reading the published list, `kamcmd` to inspect and reload it, and sipp as
/// the agents' phones (one UAS per agent) and as the callers (one UAC). Every process is started
/// here, waited for with a deadline and stopped by its PID.
enum KamailioTools {
    /// `kamailio`, `kamcmd` and `sipp` from PATH, and the folder of Kamailio's modules.
    static let found: (kamailio: String, kamcmd: String, sipp: String, modules: String)? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        func which(_ name: String) -> String? {
            path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
        let moduleFolders = ["/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/aarch64-linux-gnu/kamailio/modules",
                             "/usr/lib/kamailio/modules", "/usr/lib64/kamailio/modules", "/usr/local/lib64/kamailio/modules"]
        guard let kamailio = which("kamailio"), let kamcmd = which("kamcmd"), let sipp = which("sipp"),
              let modules = moduleFolders.first(where: { FileManager.default.fileExists(atPath: $0 + "/dispatcher.so") })
        else { return nil }
        return (kamailio, kamcmd, sipp, modules)
    }()

    static var available: Bool { found != nil }

    /// The trait of a test that needs them: skipped, saying what to install, when they are absent.
    static var required: ConditionTrait {
        .enabled(if: available, "needs kamailio, kamcmd and sipp on PATH and Kamailio's dispatcher module (apt-get install -y kamailio sip-tester)")
    }
}

/// A child process with its output in a file; waited for with `waitpid` and stopped by PID.
///
/// Spawned with `posix_spawn`, an empty signal mask and default signal actions: a test runner's
/// threads block most signals, and a child inheriting that mask would ignore SIGTERM.
final class Child {
    let name: String
    let log: URL
    private(set) var pid: pid_t = 0
    /// The exit status once it has ended (128 + N when killed by signal N).
    private(set) var exitStatus: Int32?

    init(_ executable: String, _ arguments: [String], name: String, log: URL) throws {
        self.name = name
        self.log = log
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw CocoaError(.executableLoad, userInfo: ["reason": "posix_spawn \(executable): \(rc)"]) }
        pid = child
    }

    deinit { stop() }

    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        guard rc == pid else { return rc == 0 }
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return false
    }

    /// Waits at most `seconds` for the process to end; true when it did.
    @discardableResult
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while isRunning && Date() < deadline { usleep(20_000) }
        return !isRunning
    }

    /// `first` (e.g. SIGUSR1, a graceful stop), then SIGTERM, then SIGKILL, each given a few
    /// seconds; always by this child's PID, and reaped.
    func stop(first: Int32 = SIGTERM) {
        for signal in [first, SIGTERM, SIGKILL] where isRunning {
            kill(pid, signal)
            if wait(seconds: signal == SIGKILL ? 10 : 5) { break }
        }
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
}

enum Loopback {
    /// UDP ports on 127.0.0.1 that are free right now, all different.
    static func freeUDPPorts(_ count: Int) -> [UInt16] {
        var ports: [UInt16] = []
        var sockets: [Int32] = []
        defer { sockets.forEach { close($0) } }
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { break }
            sockets.append(fd)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { break }
            ports.append(UInt16(bigEndian: address.sin_port))
        }
        return ports
    }

    /// Whether something listens on UDP `port` of 127.0.0.1 (binding it fails).
    static func isTaken(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        return !bound
    }

    /// Waits at most `seconds` until every port is taken.
    static func waitUntilTaken(_ ports: [UInt16], seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if ports.allSatisfy(isTaken) { return true }
            usleep(50_000)
        }
        return false
    }
}

/// The configuration of ../shared/kamailio/kamailio.cfg, adapted: its own port, control socket and
/// list file, the dispatcher `algorithm` (9: weight, 11: relative weight), and retransmitted
/// INVITEs absorbed by the transaction layer before dispatching (so a slow machine cannot advance
/// the algorithm's counter twice for one call).
func kamailioConfiguration(port: UInt16, runDirectory: String, listFile: String, modules: String, algorithm: Int = 9) -> String {
    """
    #!KAMAILIO
    # Loopback-only weight-dispatching proxy for the feed test.
    debug=2
    log_stderror=yes
    fork=yes
    children=2
    tcp_children=0
    disable_tcp=yes
    disable_sctp=yes
    auto_aliases=no
    listen=udp:127.0.0.1:\(port)

    mpath="\(modules)/"
    loadmodule "kex.so"
    loadmodule "corex.so"
    loadmodule "tm.so"
    loadmodule "sl.so"
    loadmodule "rr.so"
    loadmodule "pv.so"
    loadmodule "maxfwd.so"
    loadmodule "siputils.so"
    loadmodule "textops.so"
    loadmodule "xlog.so"
    loadmodule "ctl.so"
    loadmodule "dispatcher.so"

    modparam("ctl", "binrpc", "unix:\(runDirectory)/kamailio_ctl")
    modparam("dispatcher", "list_file", "\(listFile)")
    modparam("dispatcher", "ds_ping_interval", 0)
    modparam("dispatcher", "flags", 2)
    modparam("rr", "enable_full_lr", 1)

    request_route {
        if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
        if (has_totag()) {
            if (loose_route()) { t_relay(); exit; }
            if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
            sl_send_reply("404", "Not here"); exit;
        }
        if (is_method("CANCEL")) { if (t_check_trans()) t_relay(); exit; }
        if (is_method("INVITE")) {
            if (t_check_trans()) { exit; }
            record_route();
            if (!ds_select_dst("1", "\(algorithm)", "1")) { sl_send_reply("503", "No destination"); exit; }
            xlog("L_INFO", "DISPATCH ci=$ci du=$du\\n");
            t_relay();
            exit;
        }
        sl_send_reply("405", "Method not allowed");
    }

    """
}

/// An agent's phone: logs the Call-ID of every INVITE, answers it with 200 at once (copying the
/// Record-Route, so ACK and BYE come back through the proxy), then waits for ACK and BYE.
let sippAgentScenario = """
    <?xml version="1.0" encoding="ISO-8859-1" ?>
    <scenario name="agent">
      <recv request="INVITE" crlf="true">
        <action>
          <log message="INVITE [call_id]"/>
        </action>
      </recv>
      <send>
        <![CDATA[

          SIP/2.0 200 OK
          [last_Via:]
          [last_From:]
          [last_To:];tag=[pid]SIPpTag01[call_number]
          [last_Call-ID:]
          [last_CSeq:]
          [last_Record-Route:]
          Contact: <sip:[local_ip]:[local_port];transport=[transport]>
          Content-Length: 0

        ]]>
      </send>
      <recv request="ACK"/>
      <recv request="BYE"/>
      <send>
        <![CDATA[

          SIP/2.0 200 OK
          [last_Via:]
          [last_From:]
          [last_To:]
          [last_Call-ID:]
          [last_CSeq:]
          Content-Length: 0

        ]]>
      </send>
    </scenario>

    """

/// A caller: INVITE to the queue, keep the route set from the 200, ACK and BYE along it.
let sippCallerScenario = """
    <?xml version="1.0" encoding="ISO-8859-1" ?>
    <scenario name="caller">
      <send retrans="500">
        <![CDATA[

          INVITE sip:queue@[remote_ip]:[remote_port] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: caller <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: <sip:queue@[remote_ip]:[remote_port]>
          Call-ID: [call_id]
          CSeq: 1 INVITE
          Contact: <sip:caller@[local_ip]:[local_port]>
          Max-Forwards: 70
          Content-Length: 0

        ]]>
      </send>
      <recv response="100" optional="true"/>
      <recv response="200" rrs="true"/>
      <send>
        <![CDATA[

          ACK [next_url] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: caller <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: <sip:queue@[remote_ip]:[remote_port]>[peer_tag_param]
          Call-ID: [call_id]
          CSeq: 1 ACK
          [routes]
          Max-Forwards: 70
          Content-Length: 0

        ]]>
      </send>
      <send retrans="500">
        <![CDATA[

          BYE [next_url] SIP/2.0
          Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
          From: caller <sip:caller@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
          To: <sip:queue@[remote_ip]:[remote_port]>[peer_tag_param]
          Call-ID: [call_id]
          CSeq: 2 BYE
          [routes]
          Max-Forwards: 70
          Content-Length: 0

        ]]>
      </send>
      <recv response="200" crlf="true"/>
    </scenario>

    """

/// `URI → WEIGHT` from `kamcmd dispatcher.list`.
func dispatcherWeights(_ output: String) -> [String: Int] {
    dispatcherValues(output, field: "WEIGHT").compactMapValues { Int($0) }
}

/// `URI → value of FIELD` (`WEIGHT`, `RWEIGHT`, `FLAGS`) from `kamcmd dispatcher.list`.
func dispatcherValues(_ output: String, field: String) -> [String: String] {
    var values: [String: String] = [:]
    var uri: String?
    for line in output.split(separator: "\n") {
        let text = line.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("URI: ") { uri = String(text.dropFirst(5)) }
        if text.hasPrefix(field + ": "), let current = uri, values[current] == nil {
            values[current] = String(text.dropFirst(field.count + 2))
        }
    }
    return values
}

/// A loopback Kamailio dispatching with `algorithm` from `listFile`, started by PID, up when its
/// control socket answers (at most 15 s), and `kamcmd` on that socket.
final class KamailioProxy {
    let child: Child
    private let tools: (kamailio: String, kamcmd: String, sipp: String, modules: String)
    private let work: URL
    private let control: String

    init(tools: (kamailio: String, kamcmd: String, sipp: String, modules: String), work: URL, port: UInt16, listFile: String,
         algorithm: Int) throws {
        self.tools = tools
        self.work = work
        control = "unix:" + work.appendingPathComponent("kamailio_ctl").path
        let configuration = work.appendingPathComponent("kamailio.cfg")
        try Data(kamailioConfiguration(port: port, runDirectory: work.path, listFile: listFile, modules: tools.modules, algorithm: algorithm).utf8)
            .write(to: configuration)
        child = try Child(tools.kamailio, ["-f", configuration.path, "-DD", "-E", "-Y", work.path],
                          name: "kamailio", log: work.appendingPathComponent("kamailio.log"))
        for _ in 0..<75 where child.isRunning {
            if try kamcmd("dispatcher.list").contains("URI: ") { break }
            usleep(200_000)
        }
    }

    deinit { child.stop() }

    /// `kamcmd -s CONTROL ARGUMENTS`: its output (at most 10 s).
    func kamcmd(_ arguments: String...) throws -> String {
        let child = try Child(tools.kamcmd, ["-s", control] + arguments, name: "kamcmd",
                              log: work.appendingPathComponent("kamcmd-\(UUID().uuidString).log"))
        if !child.wait(seconds: 10) { child.stop() }
        return child.output
    }

    /// `dispatcher.reload`; a reload within reload_delta (5 s) of the last one answers "Ongoing
    /// reload": tried again, at most 10 times a second apart. Returns the last answer.
    func reload() throws -> String {
        var answer = ""
        for _ in 0..<10 {
            answer = try kamcmd("dispatcher.reload")
            if answer.contains("successfully reloaded") { break }
            sleep(1)
        }
        return answer
    }
}

/// One sipp UAS per agent, `calls` calls from one sipp UAC through the proxy; returns the calls
/// each agent (`a1`, `a2`, … by port) received.
func placeSippCalls(
    _ calls: Int, round: Int, tools: (kamailio: String, kamcmd: String, sipp: String, modules: String), work: URL,
    proxyPort: UInt16, callerPort: UInt16, agentPorts: [UInt16]
) throws -> [String: Int] {
    try Data(sippAgentScenario.utf8).write(to: work.appendingPathComponent("agent.xml"))
    try Data(sippCallerScenario.utf8).write(to: work.appendingPathComponent("caller.xml"))
    var agents: [(id: String, child: Child, calls: URL)] = []
    defer { for agent in agents { agent.child.stop(first: SIGUSR1) } }
    for (index, port) in agentPorts.enumerated() {
        let log = work.appendingPathComponent("agent\(index + 1)-round\(round)-calls.log")
        let child = try Child(tools.sipp, ["-sf", work.appendingPathComponent("agent.xml").path, "-i", "127.0.0.1", "-p", String(port),
                                           "-timeout", "120s", "-nostdin", "-trace_logs", "-log_file", log.path],
                              name: "sipp agent \(index + 1)", log: work.appendingPathComponent("agent\(index + 1)-round\(round).log"))
        agents.append(("a\(index + 1)", child, log))
    }
    try #require(Loopback.waitUntilTaken(agentPorts, seconds: 10), "the sipp agents did not start")

    // At 200 calls a second: 2,000 calls take 10 s, well inside sipp's own timeout.
    let caller = try Child(tools.sipp, ["-sf", work.appendingPathComponent("caller.xml").path, "127.0.0.1:\(proxyPort)",
                                        "-i", "127.0.0.1", "-p", String(callerPort), "-m", String(calls), "-r", "200", "-l", "200",
                                        "-timeout", "90s", "-nostdin"],
                           name: "sipp caller", log: work.appendingPathComponent("caller-round\(round).log"))
    if !caller.wait(seconds: 100) { caller.stop() }
    #expect(caller.exitStatus == 0, "sipp caller, round \(round): \(caller.output.suffix(1500))")

    // Calls are counted by Call-ID, not by sipp's call statistics: on a busy machine the proxy
    // may retransmit an INVITE after the agent's sipp has finished that call, and sipp then counts
    // it as one more (never completed) call.
    for agent in agents { agent.child.stop(first: SIGUSR1) }
    return Dictionary(uniqueKeysWithValues: agents.map { ($0.id, receivedCalls($0.calls) ?? -1) })
}

/// The distinct Call-IDs in a sipp agent's log (`-trace_logs`): the calls it received. A
/// retransmitted INVITE carries the Call-ID of its call, so it is not counted twice.
func receivedCalls(_ file: URL) -> Int? {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
    return Set(text.split(separator: "\n").filter { $0.hasPrefix("INVITE ") }).count
}

/// `agent → value of ATTRIBUTE` (`weight`, `rweight`) from a published dispatcher list.
func listedValues(_ feed: URL, attribute: String) throws -> [String: Int] {
    let text = try String(contentsOf: feed, encoding: .utf8)
    var result: [String: Int] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let attributes = line.split(separator: " ").last ?? ""
        let pairs = attributes.split(separator: ";").map { $0.split(separator: "=", maxSplits: 1) }
        guard let id = pairs.first(where: { $0.first == "duid" })?.last,
              let value = pairs.first(where: { $0.first.map(String.init) == attribute })?.last.flatMap({ Int($0) }) else { continue }
        result[String(id)] = value
    }
    return result
}

/// The scene of both Kamailio tests: five agents a1…a5, each with a free loopback port for its
/// sipp phone, in dispatcher set 1 of a fixture's directory, and a scoring run that weighs them
/// 100, 80, 80, 80, 100 (never published before); ports for the proxy and the caller.
struct KamailioScene {
    let tools: (kamailio: String, kamcmd: String, sipp: String, modules: String)
    let proxyPort: UInt16
    let callerPort: UInt16
    let agentPorts: [UInt16]
    let agentIDs = ["a1", "a2", "a3", "a4", "a5"]
    let uris: [String]
    let fixture: WeightsCLIFixture
    var work: URL { fixture.directory }

    init() throws {
        tools = try #require(KamailioTools.found)
        let ports = Loopback.freeUDPPorts(7)
        try #require(ports.count == 7, "no free UDP ports on 127.0.0.1")
        proxyPort = ports[0]
        callerPort = ports[1]
        agentPorts = Array(ports[2...])
        uris = agentPorts.enumerated().map { "sip:a\($0 + 1)@127.0.0.1:\($1)" }
        fixture = try WeightsCLIFixture(agentsCSV: "agent_id,name,sip_uri,active,dispatch_set\n"
            + zip(agentIDs, uris).map { "\($0),Agent \($0),\($1),true,1\n" }.joined())
        fixture.runs = [scoringRun(1, "2026-10-31", [("a1", 853, "excellent"), ("a2", 612, "watch"), ("a3", 304, "poor"),
                                                     ("a4", 700, "good"), ("a5", nil, "insufficient")])]
    }

    /// Publishes the feed in `format` to `file` in the work folder and reads each agent's
    /// `attribute` back from it.
    func publish(_ format: String, to file: String, attribute: String) throws -> (feed: URL, values: [String: Int]) {
        let feed = work.appendingPathComponent(file)
        let result = fixture.run(["weights", "publish", "--format", format, "--out", feed.path])
        #expect(result.status == 0, "\(result.err)")
        return (feed, try listedValues(feed, attribute: attribute))
    }

    /// A running Kamailio dispatching from `listFile` with `algorithm`.
    func startProxy(listFile: URL, algorithm: Int) throws -> KamailioProxy {
        let proxy = try KamailioProxy(tools: tools, work: work, port: proxyPort, listFile: listFile.path, algorithm: algorithm)
        try #require(proxy.child.isRunning, "kamailio stopped:\n\(proxy.child.output.suffix(2000))")
        return proxy
    }

    /// `calls` calls through the proxy to the agents' phones: what each agent received.
    func placeCalls(_ calls: Int, round: Int) throws -> [String: Int] {
        try placeSippCalls(calls, round: round, tools: tools, work: work, proxyPort: proxyPort, callerPort: callerPort,
                                         agentPorts: agentPorts)
    }
}
