/**
 * Tools that prove real-time safety instead of claiming it, for Aether itself and for plugin
 * authors: ArchUnit and bytecode rules for code that runs on the RT thread, and a JUnit 5
 * conformance suite for node types.
 */
module org.aetherdsp.testkit {
    requires transitive org.aetherdsp.api;
    requires transitive org.aetherdsp.core;
    requires transitive org.junit.jupiter.api;
    requires transitive com.tngtech.archunit;
    requires org.objectweb.asm;
    // com.sun.management.ThreadMXBean: per-thread allocated bytes.
    requires jdk.management;

    exports org.aetherdsp.testkit;
}
