import Testing

/// The suites that build `EmbeddedTLSPair`s, one test at a time: the pairs of a test are shut down when
/// its suite instance goes away, which must not happen while another test still uses its own pairs.
@Suite(.serialized) enum EmbeddedTLSSuites {}
