import Foundation
import MailgateTestSupport
import Testing

/// The store failing under a real session: the client gets 451 4.3.0, the session goes on, and nothing of the
/// refused message stays in the store.
@Suite(.serialized) struct StoreFailureTests {
    @Test func aFailingCommitIs451AndLeavesNothingHalfWritten() async throws {
        let server = try await SMTPSecurityTests.mx()
        let database = server.directory.path + "/queue.db"
        // A trigger makes every message insert fail inside the commit, as a full disk or a broken database would.
        let trigger = try await ExternalTool.run("sqlite3", [
            database, "CREATE TRIGGER refuse BEFORE INSERT ON queue_messages BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
        ])
        try #require(trigger.status == 0, "\(trigger.output)")

        let connection = try RawSMTPConnection(port: server.port)
        try await SMTPSecurityTests.openTransaction(connection)
        // Larger than a store chunk (256 KiB), so part of the body is written to the store before the commit.
        let line = String(repeating: "x", count: 76) + "\r\n"
        connection.send("Subject: refused\r\n\r\n" + String(repeating: line, count: 4_000) + ".\r\n")
        let refused = await connection.readReply() ?? ""
        #expect(refused.hasPrefix("451 4.3.0"), "\(refused)")

        let dropped = try await ExternalTool.run("sqlite3", [database, "DROP TRIGGER refuse;"])
        try #require(dropped.status == 0, "\(dropped.output)")
        #expect(await connection.command("MAIL FROM:<a@sender.test>")?.hasPrefix("250") == true, "the session goes on")
        #expect(await connection.command("RCPT TO:<victim@local.test>")?.hasPrefix("250") == true)
        #expect(await connection.command("DATA")?.hasPrefix("354") == true)
        connection.send("Subject: accepted\r\n\r\nok\r\n.\r\n")
        let accepted = await connection.readReply() ?? ""
        #expect(accepted.hasPrefix("250 2.0.0"), "\(accepted)")
        _ = await connection.command("QUIT")
        try await Task.sleep(for: .milliseconds(200))
        try await server.stop()

        let messages = try await server.acceptedMessages()
        #expect(messages.count == 1)
        #expect(messages.first?.body.contains("Subject: accepted") == true)
        let leftovers = try await ExternalTool.run("sqlite3", [
            database, "SELECT COUNT(*) FROM queue_message_chunks WHERE message_id NOT IN (SELECT id FROM queue_messages);",
        ])
        #expect(leftovers.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "no chunk of the refused message remains")
    }
}
