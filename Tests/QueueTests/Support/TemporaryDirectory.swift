import Foundation
import MailgateTestSupport

enum TemporaryDirectory {
    static func make() throws -> String {
        var template = Array("/tmp/mailgate-queue-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw TemporaryPostgres.HarnessError(description: "mkdtemp failed")
        }
        return String(cString: created)
    }
}
