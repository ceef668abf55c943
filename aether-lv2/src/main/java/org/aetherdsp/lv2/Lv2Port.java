package org.aetherdsp.lv2;

import java.util.List;
import java.util.Set;

/**
 * One port of an LV2 plugin as its data (TTL) declares it. Plain immutable data.
 *
 * @param index        the port index
 * @param kind         audio, control, CV, atom, or another type this host does not know
 * @param input        true for an input, false for an output
 * @param symbol       the port's symbol (unique within the plugin)
 * @param name         its human-readable name
 * @param min          lv2:minimum, NaN if not given
 * @param max          lv2:maximum, NaN if not given
 * @param defaultValue lv2:default, NaN if not given
 * @param unit         the unit's symbol (units:symbol, or the last part of its URI), or ""
 * @param properties   port properties this host reads: {@code integer}, {@code toggled},
 *                     {@code enumeration}, {@code sampleRate}, {@code reportsLatency},
 *                     {@code logarithmic}, {@code connectionOptional}, and {@code midi} for an
 *                     atom port that takes MIDI events
 * @param scalePoints  named values (lv2:scalePoint), in the order the data gives them
 */
public record Lv2Port(int index, Kind kind, boolean input, String symbol, String name, float min, float max,
                      float defaultValue, String unit, Set<String> properties, List<ScalePoint> scalePoints) {

    /** The port types this host knows. */
    public enum Kind { AUDIO, CONTROL, CV, ATOM, OTHER }

    /**
     * A named value of a control port.
     *
     * @param value the value
     * @param label its label
     */
    public record ScalePoint(float value, String label) {
    }

    /** Copies the collections. */
    public Lv2Port {
        properties = Set.copyOf(properties);
        scalePoints = List.copyOf(scalePoints);
    }

    /**
     * @param property a property name as listed in the record description
     * @return whether the port has it
     */
    public boolean is(String property) {
        return properties.contains(property);
    }

    /** @return whether this port carries a signal the engine routes (audio or CV) */
    public boolean isSignal() {
        return kind == Kind.AUDIO || kind == Kind.CV;
    }
}
