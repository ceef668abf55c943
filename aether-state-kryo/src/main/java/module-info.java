/** Binary engine snapshots with Kryo: framed, versioned, checksummed, class registration required. */
module org.aetherdsp.state.kryo {
    requires transitive org.aetherdsp.api;
    requires com.esotericsoftware.kryo;

    exports org.aetherdsp.state.kryo;

    // No `opens`: the payload is written field by field by a registered serializer, so Kryo
    // never reflects on our classes (and never needs ReflectASM, which fails in a named module).
    provides org.aetherdsp.api.SnapshotCodec with org.aetherdsp.state.kryo.KryoSnapshotCodec;
}
