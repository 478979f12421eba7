import Metrics
import Prometheus

/// Installs the Prometheus registry behind swift-metrics for the whole process; `/metrics` serves it.
public enum MetricsBootstrap {
    public static func install() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
