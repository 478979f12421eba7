import HTTPAPI
import ServiceLifecycle

/// Turns `/readyz` to 503 the moment graceful shutdown begins, so load balancers stop sending new
/// work while the other services drain. The group shuts services down in reverse order, so this one
/// is placed last to be told first.
struct ReadinessDrainService: Service {
    let readiness: Readiness

    func run() async throws {
        try? await gracefulShutdown()
        readiness.set(false)
    }
}
