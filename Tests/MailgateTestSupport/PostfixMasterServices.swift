/// The `master.cf` of the tests' private Postfix instances: no chroot (the instance's files are outside any
/// jail) and only the services a test instance uses. The SMTP client services (`smtp`, `relay`) are there only
/// for an instance that relays onward.
public enum PostfixMasterServices {
    public static func configuration(smtpdPort: Int, relaysOnward: Bool) -> String {
        let client = relaysOnward ? "smtp unix - - n - - smtp\nrelay unix - - n - - smtp\n" : ""
        return """
            127.0.0.1:\(smtpdPort) inet n - n - - smtpd
            pickup unix n - n 60 1 pickup
            cleanup unix n - n - 0 cleanup
            qmgr unix n - n 300 1 qmgr
            tlsmgr unix - - n 1000? 1 tlsmgr
            rewrite unix - - n - - trivial-rewrite
            bounce unix - - n - 0 bounce
            defer unix - - n - 0 bounce
            trace unix - - n - 0 bounce
            verify unix - - n - 1 verify
            flush unix n - n 1000? 0 flush
            proxymap unix - - n - - proxymap

            """ + client + """
            showq unix n - n - - showq
            error unix - - n - - error
            retry unix - - n - - error
            discard unix - - n - - discard
            anvil unix - - n - 1 anvil
            scache unix - - n - 1 scache
            postlog unix-dgram n - n - 1 postlogd

            """
    }
}
