/**
 * The standard node library: oscillators, gain and mixer.
 *
 * <p>Its node types are contributed to the engine through {@link org.aetherdsp.api.NodeProvider}
 * by {@link org.aetherdsp.nodes.std.StdNodeProvider}.
 */
module org.aetherdsp.nodes.std {
    // transitive: the exported node classes implement and expose API types (DspNode,
    // NodeDescriptor), so a module that uses them must read the API too.
    requires transitive org.aetherdsp.api;
    // Reads the VM's UseFMA flag once, on the control thread: see FusedMultiplyAdd.
    requires jdk.management;

    exports org.aetherdsp.nodes.std;

    provides org.aetherdsp.api.NodeProvider with org.aetherdsp.nodes.std.StdNodeProvider;
}
