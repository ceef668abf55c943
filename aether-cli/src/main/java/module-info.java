/** The {@code aether} command: render patches, list node types. */
module org.aetherdsp.cli {
    requires org.aetherdsp.core;
    requires org.aetherdsp.io;
    requires org.aetherdsp.nodes.std; // the demo drives the step sequencer through its control interface
    requires org.aetherdsp.osc; // play --osc
    requires static org.aetherdsp.lv2; // optional: nodes --lv2 adds scale points and skipped plugins when it is there
    requires org.aetherdsp.state.json; // patch files are checked against the engine's registry, plugins included
    requires info.picocli;
    requires java.management; // aether bench reports the JVM flags and collectors
    requires java.desktop; // render --png draws with Java2D (headless) and writes with ImageIO
    requires me.tongfei.progressbar; // render's progress bar on a terminal
    requires HdrHistogram; // aether bench's block-time distribution

    // picocli fills the annotated option fields reflectively.
    opens org.aetherdsp.cli to info.picocli;

    uses org.aetherdsp.api.NodeProvider;
    // Patch files are read by whichever codec recognises them (JSON, Kryo, ...).
    uses org.aetherdsp.api.SnapshotCodec;
}
