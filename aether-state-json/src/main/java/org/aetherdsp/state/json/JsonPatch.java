package org.aetherdsp.state.json;

import java.util.List;
import java.util.Objects;
import org.aetherdsp.api.GraphSnapshot;

/**
 * Everything a JSON patch file holds: the engine snapshot, and what an engine snapshot has no
 * place for, which the application applies once the patch is restored: the MIDI mapping, the
 * samples to load into sampler nodes, and the step patterns of sequencer nodes.
 *
 * @param snapshot the graph, as {@link JsonPatchCodec#decode} returns it
 * @param midi     the {@code "midi"} section ({@link MidiMapping#NONE} without one)
 * @param samples  the nodes' {@code "sample"} files, in file order
 * @param patterns the nodes' {@code "pattern"} arrays, in file order
 * @param sampleRateGiven whether the file sets {@code "sampleRate"} itself (else the snapshot has
 *                 the default, and a caller may run the patch at another rate, e.g. an input file's)
 */
public record JsonPatch(GraphSnapshot snapshot, MidiMapping midi, List<Sample> samples, List<Pattern> patterns,
                        boolean sampleRateGiven) {

    /**
     * A patch that sets its sample rate.
     *
     * @param snapshot the graph
     * @param midi     the MIDI mapping
     * @param samples  the sample files
     * @param patterns the step patterns
     */
    public JsonPatch(GraphSnapshot snapshot, MidiMapping midi, List<Sample> samples, List<Pattern> patterns) {
        this(snapshot, midi, samples, patterns, true);
    }

    /** Copies the lists; nothing may be null. */
    public JsonPatch {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(midi, "midi");
        samples = List.copyOf(samples);
        patterns = List.copyOf(patterns);
    }

    /**
     * A node's {@code "sample": "drums/kick.wav"}: a WAV file to load into it.
     *
     * @param node     the node id
     * @param file     the path as written, relative to the patch file's folder unless absolute
     * @param location where it is in the file ({@code line 4, column 60, $.nodes[1].sample}), for messages
     */
    public record Sample(String node, String file, String location) {
    }

    /**
     * A node's {@code "pattern": [110, null, 220]}: one step per item, a pitch in Hz for a note,
     * {@code null} for a rest.
     *
     * @param node     the node id
     * @param hz       each step's pitch in Hz (0 for a rest)
     * @param gates    whether each step plays
     * @param location where it is in the file, for messages
     */
    public record Pattern(String node, float[] hz, boolean[] gates, String location) {
        /** Copies the arrays, which must be of one length. */
        public Pattern {
            if (hz.length != gates.length) {
                throw new IllegalArgumentException(hz.length + " pitches but " + gates.length + " gates");
            }
            hz = hz.clone();
            gates = gates.clone();
        }

        @Override
        public float[] hz() {
            return hz.clone();
        }

        @Override
        public boolean[] gates() {
            return gates.clone();
        }
    }
}
