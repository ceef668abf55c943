/** Binary engine snapshots with Kryo: framed, versioned, checksummed, class registration required. */
module org.aetherdsp.state.kryo {
    requires transitive org.aetherdsp.api;
    requires com.esotericsoftware.kryo;

}
