import Foundation
import MailgateTestSupport
import Testing

/// The crash test as part of the suite: `QueueCrashTest` enqueues and delivers 10,000 jobs in a child process
/// that it SIGKILLs and restarts several times; every acknowledged job must be delivered at least once, none
/// may be stuck, and duplicates are bounded by the jobs in flight at each kill. Real stores, real processes.
@Suite(.serialized) struct CrashTests {
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("QueueCrashTest").path
    }

    @Test(arguments: StoreKind.underTest)
    func killedWorkersLoseNothing(_ kind: StoreKind) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build QueueCrashTest first (swift build --build-tests builds it)")
        let url = try kind.makeURL()
        let directory = try TemporaryDirectory.make()
        let arguments = [Self.binary, "run", "--url", url, "--dir", directory, "--target", "10000", "--kills", "4"]
        // The driver blocks in waitpid; it runs on a thread of its own, off the cooperative pool.
        let result: Result<String, any Error> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: Result { try TemporaryPostgres.run(arguments) })
            }
        }
        let output = try result.get()
        #expect(output.hasSuffix("PASS\n"), "\(output)")
        #expect(output.contains(" missing=0 ") && output.contains(" stuck=0 ") && output.contains(" dead=0 "), "\(output)")
        #expect(output.components(separatedBy: "SIGKILL").count - 1 == 4, "\(output)")
    }
}
