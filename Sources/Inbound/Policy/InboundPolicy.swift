import SMTPProtocol
import SMTPServer

/// The inbound domain as the SMTP side sees it: sender rules at MAIL FROM, the route table at RCPT TO,
/// and the message plan at the final dot, each read from the rules in force when it is made (a reload
/// applies to the next command).
public struct InboundPolicy: SMTPMailPolicy {
    public let planner: InboundMessagePlanner

    public init(planner: InboundMessagePlanner) {
        self.planner = planner
    }

    public var routes: RouteTable { planner.rules.current.routes }
    public var senders: SenderRules { planner.rules.current.senders }

    public func senderRefusal(_ path: SMTPReversePath, user: String?, mode: SMTPSessionMode) -> SMTPRefusal? {
        // Mail arriving over MX comes from anyone's server: sender rules bind the gateway's own users.
        guard mode != .inbound else { return nil }
        return senders.mailFromRefusal(path, user: user)
    }

    /// MX mode is never an open relay: a recipient is accepted only if a route takes it. On the submission
    /// listeners the default route (or holding) takes what no route matches.
    public func recipientVerdict(
        _ path: SMTPForwardPath, context: SMTPEnvelopeRecipientContext, mode: SMTPSessionMode
    ) -> SMTPRecipientVerdict {
        let submission = mode != .inbound
        guard let address = path.mailbox?.description else { return submission ? .accept : .unknownRecipient }
        switch routes.decideRecipient(address, authUser: context.authenticatedUser, submission: submission) {
        case .accept: return .accept
        case .unknown: return .unknownRecipient
        case .reject(let rejection):
            return .reject(SMTPRefusal(SMTPReply(rejection.code, rejection.enhancedCode, "<\(address)>: \(rejection.text)"), .routeRejected))
        }
    }

    public func plan(_ envelope: SMTPEnvelope, session: SMTPSessionInfo, headerBlock: [UInt8], headerTruncated: Bool) -> SMTPMessagePlan {
        planner.plan(envelope, session: session, headerBlock: headerBlock, headerTruncated: headerTruncated)
    }
}
