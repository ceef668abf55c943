/**
 * Audio file I/O for Aether: streaming WAV writing and whole-file WAV reading.
 *
 * <p>JDK only: this module requires nothing beyond {@code java.base}.
 */
module org.aetherdsp.io {
    exports org.aetherdsp.io;
}
