import NIOCore
import NIOEmbedded
import Testing

@testable import TLS

@Suite struct TLSHandlerStateMachineTests {
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

    @Test func channelInactiveReportsWhatWasLost() {
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
                #expect(error == expected, "after \(steps)")
            case .succeedClose, .none:
                #expect(expected == nil, "after \(steps)")
            }
        }
    }

    @Test func readsAreDeferredOnlyDuringHandshake() {
        let cases: [(steps: [Step], deferred: Bool)] = [
            ([], false), ([.activate], true), ([.activate, .handshake], false),
        ]
        for (steps, deferred) in cases {
            let action = self.machine(after: steps).readRequested()
            if case .deferUntilHandshakeCompletes = action {
                #expect(deferred, "after \(steps)")
            } else {
                #expect(!deferred, "after \(steps)")
            }
        }
    }

    @Test func closeWhileActiveSendsCloseNotifyAndCompletesOnReply() throws {
        let loop = EmbeddedEventLoop()
        var machine = self.machine(after: [.activate, .handshake])
        let promise = loop.makePromise(of: Void.self)
        guard case .sendCloseNotify = machine.closeRequested(promise: promise) else {
            Issue.record("expected close_notify"); return
        }
        #expect(!machine.acceptsWrites)
        let second = loop.makePromise(of: Void.self)
        guard case .cascade(let from, let to) = machine.closeRequested(promise: second) else {
            Issue.record("expected cascade"); return
        }
        #expect(from.futureResult === promise.futureResult)
        #expect(to.futureResult === second.futureResult)
        from.futureResult.cascade(to: to)
        guard case .close(let returned) = machine.peerCloseNotifyReceived() else { Issue.record("expected close"); return }
        #expect(returned?.futureResult === promise.futureResult)
        guard case .none = machine.closeNotifyTimedOut() else { Issue.record("timeout after close must do nothing"); return }
        promise.succeed()
        try second.futureResult.wait()
    }

    @Test func closeDuringHandshakeClosesAtOnce() {
        var machine = self.machine(after: [.activate])
        guard case .closeNow = machine.closeRequested(promise: nil) else { Issue.record("expected immediate close"); return }
        guard case .ignore = machine.failed() else { Issue.record("failure after close is not news"); return }
    }

    @Test func peerCloseNotifyWhileActiveIsAnswered() {
        var machine = self.machine(after: [.activate, .handshake])
        guard case .replyAndClose = machine.peerCloseNotifyReceived() else { Issue.record("expected reply"); return }
        guard case .none = machine.channelInactive() else { Issue.record("clean close expected"); return }
    }
}
