import Testing
@testable import MailAuth
