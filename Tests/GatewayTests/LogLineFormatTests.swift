import Foundation
import Logging
import Testing

@testable import Gateway

@Suite struct LogLineFormatTests {
    let record = LogRecord(
        timestamp: Date(timeIntervalSince1970: 1_800_000_000.25), level: .warning, label: "mailgate.smtp",
        message: "client said \"hi\"\nand left", metadata: ["remote_ip": "127.0.0.1", "user id": "a=b", "count": .stringConvertible(3)],
        source: "Gateway")

    @Test func logfmtQuotesAndEscapesOnlyWhatNeedsIt() {
        let line = LogLineFormat.logfmt.render(record)
        #expect(line == #"ts=2027-01-15T08:00:00.250Z level=warning logger=mailgate.smtp msg="client said \"hi\"\nand left" count=3 remote_ip=127.0.0.1 user_id="a=b""#)
        #expect(!line.contains("\n"))
    }

    @Test func jsonIsOneObjectPerLine() throws {
        let line = LogLineFormat.json.render(record)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["level"] as? String == "warning")
        #expect(object["msg"] as? String == "client said \"hi\"\nand left")
        #expect(object["logger"] as? String == "mailgate.smtp")
        #expect(object["remote_ip"] as? String == "127.0.0.1")
        #expect(object["count"] as? String == "3")
        #expect(object["ts"] as? String == "2027-01-15T08:00:00.250Z")
    }

    @Test func levelSwitchChangesEveryHandler() {
        let levelSwitch = LogLevelSwitch(.info)
        let handler = LineLogHandler(label: "x", format: .logfmt, levelSwitch: levelSwitch)
        #expect(handler.logLevel == .info)
        levelSwitch.level = .debug
        #expect(handler.logLevel == .debug)
    }
}
