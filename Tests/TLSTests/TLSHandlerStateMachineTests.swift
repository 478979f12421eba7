import NIOCore
import NIOEmbedded
import XCTest

@testable import TLS

final class TLSHandlerStateMachineTests: XCTestCase {
    private enum Step {
        case activate, handshake, close, peerCloseNotify, timeout
    }

    private func machine(after steps: [Step]) -> TLSHandlerStateMachine {
        var machine = TLSHandlerStateMachine()
        for step in steps {
            switch step {
            case .activate: _ = machine.channelActivated()
            case .handshake: _ = machine.handshakeCompleted()
            case .close: _ = machine.closeRequested(promise: nil)
            case .peerCloseNotify: _ = machine.peerCloseNotifyReceived()
            case .timeout: _ = machine.closeNotifyTimedOut()
            }
        }
        return machine
    }

    func testChannelInactiveReportsWhatWasLost() {
        let cases: [(steps: [Step], expected: TLSError?)] = [
            ([], nil),
            ([.activate], .eofDuringHandshake),
            ([.activate, .handshake], .uncleanShutdown),
            ([.activate, .handshake, .close], nil),
            ([.activate, .handshake, .peerCloseNotify], nil),
            ([.activate, .close], nil),
        ]
        for (steps, expected) in cases {
            var machine = self.machine(after: steps)
            switch machine.channelInactive() {
            case .reportError(let error):
                XCTAssertEqual(error, expected, "after \(steps)")
            case .succeedClose, .none:
                XCTAssertNil(expected, "after \(steps)")
            }
        }
    }

    func testReadsAreDeferredOnlyDuringHandshake() {
        let cases: [(steps: [Step], deferred: Bool)] = [
            ([], false), ([.activate], true), ([.activate, .handshake], false),
        ]
        for (steps, deferred) in cases {
            let action = self.machine(after: steps).readRequested()
            if case .deferUntilHandshakeCompletes = action {
                XCTAssertTrue(deferred, "after \(steps)")
            } else {
                XCTAssertFalse(deferred, "after \(steps)")
            }
        }
    }

    func testCloseWhileActiveSendsCloseNotifyAndCompletesOnReply() throws {
        let loop = EmbeddedEventLoop()
        var machine = self.machine(after: [.activate, .handshake])
        let promise = loop.makePromise(of: Void.self)
        guard case .sendCloseNotify = machine.closeRequested(promise: promise) else {
            return XCTFail("expected close_notify")
        }
        XCTAssertFalse(machine.acceptsWrites)
        let second = loop.makePromise(of: Void.self)
        guard case .cascade(let from, let to) = machine.closeRequested(promise: second) else {
            return XCTFail("expected cascade")
        }
        XCTAssertTrue(from.futureResult === promise.futureResult)
        XCTAssertTrue(to.futureResult === second.futureResult)
        from.futureResult.cascade(to: to)
        guard case .close(let returned) = machine.peerCloseNotifyReceived() else { return XCTFail("expected close") }
        XCTAssertTrue(returned?.futureResult === promise.futureResult)
        guard case .none = machine.closeNotifyTimedOut() else { return XCTFail("timeout after close must do nothing") }
        promise.succeed()
        try second.futureResult.wait()
    }

    func testCloseDuringHandshakeClosesAtOnce() {
        var machine = self.machine(after: [.activate])
        guard case .closeNow = machine.closeRequested(promise: nil) else { return XCTFail("expected immediate close") }
        guard case .ignore = machine.failed() else { return XCTFail("failure after close is not news") }
    }

    func testPeerCloseNotifyWhileActiveIsAnswered() {
        var machine = self.machine(after: [.activate, .handshake])
        guard case .replyAndClose = machine.peerCloseNotifyReceived() else { return XCTFail("expected reply") }
        guard case .none = machine.channelInactive() else { return XCTFail("clean close expected") }
    }
}
