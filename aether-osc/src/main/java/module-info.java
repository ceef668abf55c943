/**
 * An Open Sound Control server beside an engine: {@link org.aetherdsp.osc.OscServer}. UDP and TCP
 * (SLIP-framed as OSC 1.1 says, or length-prefixed as OSC 1.0 and liblo do), a documented address
 * space over the engine's control API, and time-tagged bundles executed on the engine's clock.
 * The codec is JavaOSC's.
 */
module org.aetherdsp.osc {
    requires transitive org.aetherdsp.core;
    requires org.aetherdsp.nodes.std; // meter subscriptions read std.meter through its Meter interface
    requires javaosc.core; // automatic module (the 0.8 jar names none)
    requires org.slf4j; // JavaOSC's parser and serializer log through it

    exports org.aetherdsp.osc;

    uses org.aetherdsp.api.SnapshotCodec;
}
