/**
 * The standard node library, 26 node types: sources ({@code std.osc.sine}, {@code std.osc.saw},
 * {@code std.osc.square}, {@code std.osc.triangle}, {@code std.noise}, {@code std.lfo}),
 * instruments ({@code std.karplus}, {@code std.sampler}), envelopes and control
 * ({@code std.adsr}, {@code std.seq}), filters ({@code std.filter.svf}, {@code std.filter.biquad},
 * {@code std.filter.ladder}, {@code std.filter.formant}), effects ({@code std.delay},
 * {@code std.comb} (loops shorter than a block), {@code std.chorus}, {@code std.reverb}, {@code std.compressor}, {@code std.waveshaper},
 * {@code std.granular}) and utilities ({@code std.gain}, {@code std.mix}, {@code std.pan},
 * {@code std.meter}, {@code std.record}). The module depends on the plugin API only.
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
