package org.aetherdsp.api;

import java.util.regex.Pattern;

/**
 * The declaration of one parameter of a node type: what it is called, what values it
 * accepts, where it starts and how fast it glides.
 *
 * @param id          stable identifier used in code and patch files, e.g. {@code "freq"};
 *                    letters, digits, {@code _}, {@code -} and {@code .}, starting with a letter
 * @param displayName a human-readable name, e.g. "Frequency"
 * @param min         the smallest accepted value
 * @param max         the largest accepted value, at least {@code min}
 * @param defaultValue the value a new node starts with, inside {@code [min, max]}
 * @param unit        the unit shown to users, e.g. {@code "Hz"}, {@code "dB"}, or {@code ""}
 * @param smoothingMs the ramp length used when a change does not state one, in
 *                    milliseconds; 0 means changes apply at once
 */
public record ParamSpec(String id, String displayName, float min, float max, float defaultValue,
                        String unit, float smoothingMs) {

    private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    /** Validates every component; see the record description for the rules. */
    public ParamSpec {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("param id must match " + ID + ", got '" + id + "'");
        }
        if (displayName == null) {
            throw new IllegalArgumentException("param '" + id + "': display name is null");
        }
        if (unit == null) {
            throw new IllegalArgumentException("param '" + id + "': unit is null (use \"\")");
        }
        if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
            throw new IllegalArgumentException("param '" + id + "': range [" + min + ", " + max + "] is not a finite interval");
        }
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("param '" + id + "': default " + defaultValue
                    + " is outside its range [" + min + ", " + max + "]");
        }
        if (!(smoothingMs >= 0f) || Float.isInfinite(smoothingMs)) {
            throw new IllegalArgumentException("param '" + id + "': smoothing " + smoothingMs + " ms must be finite and >= 0");
        }
    }

    /**
     * Shorthand with the id as display name.
     *
     * @param id           stable identifier
     * @param min          smallest value
     * @param max          largest value
     * @param defaultValue initial value
     * @param unit         unit label
     * @param smoothingMs  default ramp length in milliseconds
     * @return the spec
     */
    public static ParamSpec of(String id, float min, float max, float defaultValue, String unit, float smoothingMs) {
        return new ParamSpec(id, id, min, max, defaultValue, unit, smoothingMs);
    }

    /**
     * @param value a candidate value
     * @return whether {@code value} is a number inside {@code [min, max]}
     */
    public boolean accepts(float value) {
        return value >= min && value <= max;
    }
}
