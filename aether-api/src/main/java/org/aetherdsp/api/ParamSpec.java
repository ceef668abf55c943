package org.aetherdsp.api;

import java.util.List;
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
 * @param choices     for a parameter that selects one of several modes, the name of each whole
 *                    value from {@code min} to {@code max} (a filter's {@code lowpass},
 *                    {@code highpass}, ...); empty for a continuous parameter
 */
public record ParamSpec(String id, String displayName, float min, float max, float defaultValue,
                        String unit, float smoothingMs, List<String> choices) {

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
        choices = List.copyOf(choices == null ? List.of() : choices);
        if (!choices.isEmpty()) {
            if (min != Math.rint(min) || max != Math.rint(max) || choices.size() != (int) (max - min) + 1) {
                throw new IllegalArgumentException("param '" + id + "': " + choices.size() + " choice names for the range ["
                        + min + ", " + max + "]; a mode parameter names each whole value from min to max");
            }
            for (String c : choices) {
                if (!ID.matcher(c).matches()) {
                    throw new IllegalArgumentException("param '" + id + "': choice name must match " + ID + ", got '" + c + "'");
                }
            }
            if (choices.stream().distinct().count() != choices.size()) {
                throw new IllegalArgumentException("param '" + id + "': choice names repeat: " + choices);
            }
        }
    }

    /**
     * A continuous parameter (no choice names).
     *
     * @param id           stable identifier
     * @param displayName  human-readable name
     * @param min          smallest value
     * @param max          largest value
     * @param defaultValue initial value
     * @param unit         unit label
     * @param smoothingMs  default ramp length in milliseconds
     */
    public ParamSpec(String id, String displayName, float min, float max, float defaultValue, String unit, float smoothingMs) {
        this(id, displayName, min, max, defaultValue, unit, smoothingMs, List.of());
    }

    /**
     * This spec as a mode parameter: {@code names[k]} is the name of the value {@code min + k}.
     * Listings show the names, and patch files may give a name instead of the number.
     *
     * @param names one name per whole value from min to max, each a valid id
     * @return the spec with those choices
     * @throws IllegalArgumentException if the count does not match the range or a name is invalid or repeated
     */
    public ParamSpec withChoices(String... names) {
        return new ParamSpec(id, displayName, min, max, defaultValue, unit, smoothingMs, List.of(names));
    }

    /**
     * @param name a choice name
     * @return the value it names, or NaN if this parameter has no such choice
     */
    public float choiceValue(String name) {
        int k = choices.indexOf(name);
        return k < 0 ? Float.NaN : min + k;
    }

    /**
     * @param value a value of this parameter
     * @return the name of the choice nearest to it, or null for a continuous parameter
     */
    public String choiceName(float value) {
        if (choices.isEmpty() || value != value) {
            return null;
        }
        int k = Math.round(Math.max(min, Math.min(max, value)) - min);
        return choices.get(k);
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
