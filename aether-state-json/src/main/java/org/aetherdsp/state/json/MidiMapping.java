package org.aetherdsp.state.json;

import java.util.List;

/**
 * The {@code "midi"} section of a patch file: which MIDI controllers drive which node
 * parameters. Plain data, checked against the patch when read
 * ({@link JsonPatchCodec#decodeMidi}); notes need no mapping, they reach every
 * {@code midi.keys} node of the patch.
 *
 * @param controlChanges the controller mappings, in file order
 */
public record MidiMapping(List<ControlChange> controlChanges) {

    /** No mappings: a patch without a {@code "midi"} section. */
    public static final MidiMapping NONE = new MidiMapping(List.of());

    /** @param controlChanges the controller mappings */
    public MidiMapping {
        controlChanges = List.copyOf(controlChanges);
    }

    /**
     * One controller to one parameter: the controller's 0..127 maps linearly onto
     * {@code min..max}.
     *
     * @param controller the controller number, 0..127
     * @param channel    1..16, or 0 for every channel
     * @param node       the node id in the patch
     * @param param      the parameter id
     * @param min        the value at controller value 0
     * @param max        the value at controller value 127
     * @param rampMs     how long each change ramps, in ms
     */
    public record ControlChange(int controller, int channel, String node, String param, float min, float max, float rampMs) {
    }
}
