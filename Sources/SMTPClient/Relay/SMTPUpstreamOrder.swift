/// The order in which one relay tries the upstreams: lower priority first; within one priority the start
/// rotates from relay to relay, so equal upstreams share the load and each is the other's fallback.
public enum SMTPUpstreamOrder {
    /// Indices into `priorities`.
    public static func order(priorities: [Int], rotation: Int) -> [Int] {
        let groups = Dictionary(grouping: priorities.indices, by: { priorities[$0] })
        return groups.keys.sorted().flatMap { priority -> [Int] in
            let members = groups[priority]!
            let start = rotation % members.count
            return Array(members[start...] + members[..<start])
        }
    }
}
