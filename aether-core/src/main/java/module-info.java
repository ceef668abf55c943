/**
 * The Aether engine. Exported: the {@link org.aetherdsp.core.engine.Engine} facade and what it
 * hands out ({@code engine}), polyphonic voices ({@code poly}), the graph's vocabulary and errors ({@code graph}), the host side of
 * parameters ({@code param}) and generational handles ({@code arena}). Internal: the graph model
 * and plan compiler ({@code model}: the control side builds) and the real-time scheduler and
 * plans ({@code rt}: the RT thread runs).
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
    exports org.aetherdsp.core.param;
    exports org.aetherdsp.core.poly;

    uses org.aetherdsp.api.NodeProvider;
    uses org.aetherdsp.api.SnapshotCodec;

    provides org.aetherdsp.api.NodeProvider with org.aetherdsp.core.poly.PolyNodeProvider;
}
