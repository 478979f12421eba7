import Foundation
import MailgateTestSupport
import Testing

/// Two `mailgate serve` replicas on one PostgreSQL database under a steady SMTP load: one is killed with SIGKILL
/// mid-run and restarted. Every message either replica answered 250 reaches the webhook receiver, signed; a
/// message that arrives twice arrives under the same `webhook-id` (a delivery in flight at the kill, taken over
/// after its lease), never as a second, different delivery.
@Suite(.serialized) struct ReplicaFailoverTests {
    /// The load: `threads` SMTP sessions per replica, each sending its share over STARTTLS with AUTH and
    /// reconnecting after a refused or broken connection (the killed replica comes back). One line per 250.
    static let load = #"""
        import smtplib, ssl, sys, threading, time
        ports, per_thread, threads, accepted_path, password = sys.argv[1].split(","), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
        lock = threading.Lock()
        out = open(accepted_path, "a", buffering=1)
        context = ssl.create_default_context(); context.check_hostname = False; context.verify_mode = ssl.CERT_NONE
        def work(port, thread):
            sent, tries, deadline, client = 0, 0, time.time() + 90, None
            while sent < per_thread and time.time() < deadline:
                # A new subject per try: a message the killed replica committed before its 250 reached us is
                # a message of its own, not the one the retry sends.
                tries += 1
                try:
                    if client is None:
                        client = smtplib.SMTP("127.0.0.1", int(port), timeout=10)
                        client.starttls(context=context); client.login("app", password)
                    subject = "load-%s-%d-%d" % (port, thread, tries)
                    message = "From: app@example.com\r\nTo: r@support.example.com\r\nSubject: %s\r\n\r\nload\r\n" % subject
                    client.sendmail("app@example.com", ["r@support.example.com"], message)
                    with lock: out.write(subject + "\n")
                    sent += 1
                except Exception:
                    # Not answered 250: not accepted, so not counted; the next attempt is a new message.
                    try: client.close()
                    except Exception: pass
                    client = None
                    time.sleep(0.2)
            if client is not None:
                try: client.quit()
                except Exception: pass
        workers = [threading.Thread(target=work, args=(port, t)) for port in ports for t in range(threads)]
        for w in workers: w.start()
        for w in workers: w.join()
        """#

    @Test func aReplicaKilledMidLoadLosesNothingAndTheOtherCarriesOn() async throws {
        let directory = try TemporaryDirectory()
        // Each delivery is held a little, so some are in flight when the replica dies.
        let receiver = try WebhookReceiver(directory: directory.path, behaviour: #"{"default": {"status": 200, "delay": 0.2}}"#)
        try await receiver.start()
        let routes = """
            routes:
              - name: support
                match: { recipient: "*@support.example.com" }
                webhook: { url: "\(receiver.url)/support", secret: "\(receiver.secret)", allow_loopback: true }
            delivery:
              # A dead replica's deliveries are taken over after this.
              lease: 3s
              poll_interval: 100ms
            """
        let first = try await GatewayInstance(store: .postgres, routes: routes)
        let second = try await GatewayInstance(routes: routes, storageURL: first.storageURL)
        try await first.start()
        try await second.start()

        let acceptedPath = directory.path + "/accepted.txt"
        _ = FileManager.default.createFile(atPath: acceptedPath, contents: nil)
        func accepted() -> [String] {
            ((try? String(contentsOfFile: acceptedPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let ports = "\(first.submissionPort),\(second.submissionPort)"
        let password = first.password
        let load = Task {
            try await ExternalTool.run(
                "python3", ["-c", Self.load, ports, "60", "3", acceptedPath, password], timeout: .seconds(150))
        }
        // Mid-run: a third of the load answered and deliveries under way.
        let deadline = ContinuousClock.now + .seconds(60)
        while accepted().count < 120, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let acceptedAtKill = accepted().count
        await first.kill()
        try await Task.sleep(for: .seconds(1))
        try await first.start()
        let finished = try await load.value
        #expect(finished.status == 0, "\(finished.output)")
        let sent = accepted()
        #expect(acceptedAtKill >= 60 && sent.count > acceptedAtKill, "the kill fell mid-run: \(acceptedAtKill) of \(sent.count)")

        let expected = Set(sent)
        func subject(_ request: WebhookReceiver.Request) -> String? {
            (request.json?["message"] as? [String: Any])?["subject"] as? String
        }
        let seen = try await receiver.wait(within: .seconds(90)) { requests in
            Set(requests.filter { $0.event == "answered" && $0.status == 200 }.compactMap(subject)).isSuperset(of: expected)
        }
        let delivered = seen.filter { $0.event == "answered" && $0.status == 200 }
        let deliveredSubjects = Set(delivered.compactMap(subject))
        #expect(expected.subtracting(deliveredSubjects).isEmpty, "lost: \(expected.subtracting(deliveredSubjects).sorted().prefix(10)) \(first.stderr)")
        #expect(delivered.allSatisfy { $0.verified }, "every delivery signed")
        // A message seen twice is one delivery retried (same webhook-id), not two deliveries.
        let idsBySubject = Dictionary(grouping: delivered, by: { subject($0) ?? "" }).mapValues { Set($0.map(\.webhookID)) }
        let twoDeliveries = idsBySubject.filter { $0.value.count > 1 }
        #expect(twoDeliveries.isEmpty, "delivered under two webhook-ids: \(twoDeliveries.keys.sorted().prefix(10))")
        let duplicates = delivered.count - deliveredSubjects.count
        print("ReplicaFailoverTests: \(sent.count) accepted (\(acceptedAtKill) before the kill), \(delivered.count) deliveries, \(duplicates) repeated after the kill")
        #expect(await second.stop() == 0, "\(second.stderr)")
        #expect(await first.stop() == 0, "\(first.stderr)")
        await receiver.stop()
    }
}
