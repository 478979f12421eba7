import NIOCore

/// The lifecycle of one TLS connection, without OpenSSL or channel code: `TLSHandler` reports what happened
/// and runs the action it gets back.
struct TLSHandlerStateMachine {
    enum State {
        /// Added to a channel that is not active yet.
        case idle
        case handshaking
        case active
        /// Our close_notify is out; waiting for the peer's (or the timeout). Holds the user's close promise.
        case closing(EventLoopPromise<Void>?)
        case closed
    }

    private(set) var state: State = .idle

    var isActive: Bool {
        if case .active = self.state { return true }
        return false
    }

    var acceptsWrites: Bool {
        switch self.state {
        case .idle, .handshaking, .active: true
        case .closing, .closed: false
        }
    }

    /// Returns true when the handshake should start now.
    mutating func channelActivated() -> Bool {
        guard case .idle = self.state else { return false }
        self.state = .handshaking
        return true
    }

    /// Returns true when the connection just became usable.
    mutating func handshakeCompleted() -> Bool {
        guard case .handshaking = self.state else { return false }
        self.state = .active
        return true
    }

    enum ReadAction {
        case forward
        /// During the handshake the handler reads on its own; the user's read is honoured afterwards.
        case deferUntilHandshakeCompletes
        case ignore
    }

    func readRequested() -> ReadAction {
        switch self.state {
        case .idle, .active, .closing: .forward
        case .handshaking: .deferUntilHandshakeCompletes
        case .closed: .ignore
        }
    }

    enum CloseAction {
        /// Close the socket now with this promise (nothing to say to the peer yet, or already closed).
        case closeNow(EventLoopPromise<Void>?)
        /// Send close_notify, start the timeout and read until the peer answers.
        case sendCloseNotify
        /// A close is already under way; complete `new` together with it.
        case cascade(from: EventLoopPromise<Void>, to: EventLoopPromise<Void>)
        case none
    }

    mutating func closeRequested(promise: EventLoopPromise<Void>?) -> CloseAction {
        switch self.state {
        case .idle, .handshaking, .closed:
            self.state = .closed
            return .closeNow(promise)
        case .active:
            self.state = .closing(promise)
            return .sendCloseNotify
        case .closing(let existing):
            switch (existing, promise) {
            case (.some(let existing), .some(let promise)):
                return .cascade(from: existing, to: promise)
            case (.none, .some):
                self.state = .closing(promise)
                return .none
            case (_, .none):
                return .none
            }
        }
    }

    enum PeerCloseAction {
        /// The peer started the shutdown: answer with our close_notify, then close the socket.
        case replyAndClose
        /// The peer answered our close_notify: close the socket, completing the user's promise.
        case close(EventLoopPromise<Void>?)
        case none
    }

    mutating func peerCloseNotifyReceived() -> PeerCloseAction {
        switch self.state {
        case .active:
            self.state = .closed
            return .replyAndClose
        case .closing(let promise):
            self.state = .closed
            return .close(promise)
        case .idle, .handshaking, .closed:
            return .none
        }
    }

    /// Returns the promise to close with when the wait for the peer's close_notify is over.
    mutating func closeNotifyTimedOut() -> PeerCloseAction {
        guard case .closing(let promise) = self.state else { return .none }
        self.state = .closed
        return .close(promise)
    }

    enum FailureAction {
        case reportAndClose(EventLoopPromise<Void>?)
        /// Already closed: the error is a consequence, not news.
        case ignore
    }

    mutating func failed() -> FailureAction {
        switch self.state {
        case .idle, .handshaking, .active:
            self.state = .closed
            return .reportAndClose(nil)
        case .closing(let promise):
            self.state = .closed
            return .reportAndClose(promise)
        case .closed:
            return .ignore
        }
    }

    enum InactiveAction {
        case reportError(TLSError)
        case succeedClose(EventLoopPromise<Void>?)
        case none
    }

    mutating func channelInactive() -> InactiveAction {
        let previous = self.state
        self.state = .closed
        switch previous {
        case .idle, .closed:
            return .none
        case .handshaking:
            return .reportError(.eofDuringHandshake)
        case .active:
            return .reportError(.uncleanShutdown)
        case .closing(let promise):
            // We had already decided to close; the peer closing TCP without its close_notify loses nothing.
            return .succeedClose(promise)
        }
    }
}
