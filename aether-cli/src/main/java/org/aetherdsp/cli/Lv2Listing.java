package org.aetherdsp.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code aether nodes --lv2} adds to the listing of the LV2 node types: each control port's
 * scale points, the plugins that were skipped (by URI, and why) and, without a native LV2 host,
 * what to install. aether-lv2 is optional at run time ({@code requires static}): without it these
 * calls report that instead of failing.
 */
final class Lv2Listing {

    private Lv2Listing() {
    }

    /** Prints the scale points of the plugin's control inputs, under its parameters. */
    static void scalePoints(String typeId, PrintWriter out) {
        try {
            Lv2Details.scalePoints(typeId.substring("lv2:".length()), out);
        } catch (LinkageError e) {
            // aether-lv2 is not on the path: nothing to add.
        }
    }

    /**
     * Feeds an LV2 node's MIDI inputs from {@code midi} (aether play).
     *
     * @return whether the node takes MIDI
     */
    static boolean listen(org.aetherdsp.core.engine.Engine engine, long node, org.aetherdsp.io.midi.MidiInput midi) {
        try {
            return Lv2Details.listen(engine, node, midi);
        } catch (LinkageError e) {
            return false;
        }
    }

    /** @return why LV2 plugins are missing or skipped, one line each */
    static List<String> problems() {
        try {
            return Lv2Details.problems();
        } catch (LinkageError e) {
            return List.of("LV2: aether-lv2 is not installed beside the CLI, so no LV2 plugins are listed");
        }
    }

    /** The calls into aether-lv2, in a class of their own so that a missing module fails only here. */
    private static final class Lv2Details {
        static void scalePoints(String uri, PrintWriter out) {
            if (!org.aetherdsp.lv2.Lv2Host.available()) {
                return;
            }
            org.aetherdsp.lv2.Lv2Plugin p = org.aetherdsp.lv2.Lv2Host.standard().plugin(uri);
            if (p == null) {
                return;
            }
            for (org.aetherdsp.lv2.Lv2Port port : p.ports()) {
                if (port.scalePoints().isEmpty()) {
                    continue;
                }
                List<String> points = new ArrayList<>();
                for (org.aetherdsp.lv2.Lv2Port.ScalePoint s : port.scalePoints()) {
                    points.add(org.aetherdsp.state.json.JsonPatchCodec.number(s.value()) + " \"" + s.label() + "\"");
                }
                out.println("    scale points of " + port.symbol() + ": " + String.join(", ", points));
            }
        }

        static boolean listen(org.aetherdsp.core.engine.Engine engine, long node, org.aetherdsp.io.midi.MidiInput midi) {
            org.aetherdsp.lv2.Lv2Instance lv2 = engine.nodeAs(node, org.aetherdsp.lv2.Lv2Instance.class);
            if (!lv2.takesMidi()) {
                return false;
            }
            lv2.listen(midi);
            return true;
        }

        static List<String> problems() {
            if (!org.aetherdsp.lv2.Lv2Host.available()) {
                return List.of("LV2: " + org.aetherdsp.lv2.Lv2Host.unavailableReason());
            }
            return org.aetherdsp.lv2.Lv2Host.standard().problems();
        }
    }
}
