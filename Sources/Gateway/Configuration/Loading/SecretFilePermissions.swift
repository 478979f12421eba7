import Foundation

/// Whether a file holding a secret (a private key, the users or API-keys file, a `*_file` secret) is closed to
/// other users. PostgreSQL's rule for its key file: the owner only (0600 or less), or, when root owns it, group
/// read as well (0640 or less), which is how Kubernetes mounts secrets (root-owned, `defaultMode: 0440`, the pod's
/// `fsGroup`). OpenSSH is laxer (it looks only at files the user owns); a gateway's secrets are worth the stricter rule.
enum SecretFilePermissions {
    /// The fix for a file that fails the rule, in the words an operator types.
    static func fix(_ path: String) -> String {
        "chmod 600 \(path)"
    }

    /// Why this mode is too open, or nil when it is closed enough.
    static func problem(mode: mode_t, ownerIsRoot: Bool) -> String? {
        let access = mode & 0o777
        if access & 0o077 == 0 { return nil }
        // Root-owned: the group may read (not write or execute); others nothing.
        if ownerIsRoot && access & 0o037 == 0 { return nil }
        let who = access & 0o007 != 0 ? "others" : "its group"
        return "is open to \(who) (mode \(String(format: "%04o", access)))"
    }

    /// The problem with a file, worded with its path and the fix; nil when it is fine or does not exist (a missing
    /// or unreadable file is reported by whoever reads it).
    static func check(_ path: String) -> String? {
        var status = stat()
        // Only regular files (after symlinks, as Kubernetes mounts them): a device or a pipe is not a stored secret.
        guard stat(path, &status) == 0, status.st_mode & 0o170000 == 0o100000 else { return nil }
        guard let problem = problem(mode: status.st_mode, ownerIsRoot: status.st_uid == 0) else { return nil }
        return "\(path) holds a secret and \(problem): run \(fix(path))"
    }
}
