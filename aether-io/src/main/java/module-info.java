/**
 * Audio I/O for Aether: WAV files ({@code org.aetherdsp.io}), real-time drivers that run an
 * engine against a device ({@code driver}: the common contract and block adaptation;
 * {@code jack}: JACK through jnajack; {@code javasound}: a javax.sound output line), and MIDI
 * input ({@code midi}).
 */
module org.aetherdsp.io {
    requires transitive org.aetherdsp.core;
    requires jnajack;
    requires com.sun.jna; // JackMidiReader binds two libjack functions directly (allocation-free MIDI reads)
    // javax.sound.sampled output lines and javax.sound.midi input (MidiInput is a midi Receiver).
    requires transitive java.desktop;

    exports org.aetherdsp.io;
    exports org.aetherdsp.io.driver;
    exports org.aetherdsp.io.jack;
    exports org.aetherdsp.io.javasound;
    exports org.aetherdsp.io.midi;

    // The MIDI keyboard node type (midi.keys).
    provides org.aetherdsp.api.NodeProvider with org.aetherdsp.io.midi.MidiNodeProvider;
}
