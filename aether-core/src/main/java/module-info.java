/**
 * The Aether engine: the arena, the graph model and plan compiler, the real-time
 * scheduler, and the {@link org.aetherdsp.core.engine.Engine} control API.
 */
module org.aetherdsp.core {
    requires transitive org.aetherdsp.api;
    requires org.jctools.core;
    requires HdrHistogram;
    // JCTools' Unsafe-based queues need sun.misc.Unsafe on the module path.
    requires jdk.unsupported;

    exports org.aetherdsp.core.engine;
    exports org.aetherdsp.core.graph;
    exports org.aetherdsp.core.arena;
    exports org.aetherdsp.core.rt;
    exports org.aetherdsp.core.param;

    uses org.aetherdsp.api.NodeProvider;
    uses org.aetherdsp.api.SnapshotCodec;
}
