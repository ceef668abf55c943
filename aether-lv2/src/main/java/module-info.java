/**
 * LV2 plugins as Aether nodes: every installed plugin is a node type {@code lv2:<URI>}
 * ({@link org.aetherdsp.lv2.Lv2NodeProvider}, found by ServiceLoader), run on the RT thread
 * through a small native host built on lilv ({@link org.aetherdsp.lv2.Lv2Host}). Optional: without
 * liblilv on the machine the provider contributes no types.
 */
module org.aetherdsp.lv2 {
    requires transitive org.aetherdsp.api;
    requires transitive org.aetherdsp.io; // MidiInput feeds the plugins' MIDI inputs

    exports org.aetherdsp.lv2;

    provides org.aetherdsp.api.NodeProvider with org.aetherdsp.lv2.Lv2NodeProvider;
}
