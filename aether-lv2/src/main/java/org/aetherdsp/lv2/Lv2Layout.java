package org.aetherdsp.lv2;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.aetherdsp.api.NodeDescriptor;
import org.aetherdsp.api.ParamSpec;

/**
 * How a plugin's ports become a node: audio and CV inputs and outputs are node ports (in port
 * order), control inputs are parameters, control outputs are read back on the control side, atom
 * ports get sequence buffers (the MIDI-capable inputs are fed from the engine's MIDI). Built on
 * the control side.
 */
final class Lv2Layout {

    /** Continuous control ports glide like standard parameters. */
    static final float SMOOTHING_MS = 20f;
    /** A range a control port without lv2:minimum / lv2:maximum gets. */
    static final float UNBOUNDED = 1e6f;

    private static final Pattern PARAM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    final Lv2Plugin plugin;
    final NodeDescriptor descriptor;
    final int[] inputPorts;
    final int[] outputPorts;
    final int[] paramPorts;
    /** Per parameter: whether the value is rounded to a whole number (integer, toggled, enumeration). */
    final boolean[] paramWhole;
    final int[] controlOutPorts;
    final int[] atomInPorts;
    /** Per atom input: whether it takes MIDI events (atom:supports midi:MidiEvent). */
    final boolean[] atomInMidi;
    /** Whether any atom input takes MIDI. */
    final boolean takesMidi;
    final int[] atomOutPorts;
    /** Index into {@link #controlOutPorts} of the latency port, or -1. */
    final int latencyOutput;

    private Lv2Layout(Lv2Plugin plugin, NodeDescriptor descriptor, List<Integer> in, List<Integer> out, List<Integer> params,
                      boolean[] whole, List<Integer> controlOut, List<Integer> atomIn, List<Integer> atomOut, int latencyOutput) {
        this.plugin = plugin;
        this.descriptor = descriptor;
        this.inputPorts = ints(in);
        this.outputPorts = ints(out);
        this.paramPorts = ints(params);
        this.paramWhole = whole;
        this.controlOutPorts = ints(controlOut);
        this.atomInPorts = ints(atomIn);
        this.atomInMidi = new boolean[atomInPorts.length];
        boolean midi = false;
        for (int i = 0; i < atomInPorts.length; i++) {
            atomInMidi[i] = plugin.ports().get(atomInPorts[i]).is("midi");
            midi |= atomInMidi[i];
        }
        this.takesMidi = midi;
        this.atomOutPorts = ints(atomOut);
        this.latencyOutput = latencyOutput;
    }

    /**
     * @param plugin the plugin
     * @return its layout
     * @throws Lv2Exception if it has a port this host cannot connect (naming the port)
     */
    static Lv2Layout of(Lv2Plugin plugin) {
        NodeDescriptor.Builder b = NodeDescriptor.builder(plugin.name());
        List<Integer> in = new ArrayList<>();
        List<Integer> out = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        List<Boolean> whole = new ArrayList<>();
        List<Integer> controlOut = new ArrayList<>();
        List<Integer> atomIn = new ArrayList<>();
        List<Integer> atomOut = new ArrayList<>();
        Lv2Port latency = plugin.latencyPort();
        int latencyOutput = -1;
        Set<String> ids = new HashSet<>();
        for (Lv2Port p : plugin.ports()) {
            switch (p.kind()) {
                case AUDIO, CV -> {
                    if (p.input()) {
                        b.input(p.symbol());
                        in.add(p.index());
                    } else {
                        b.output(p.symbol());
                        out.add(p.index());
                    }
                }
                case CONTROL -> {
                    if (p.input()) {
                        b.param(spec(p, ids));
                        params.add(p.index());
                        whole.add(p.is("integer") || p.is("toggled") || p.is("enumeration"));
                    } else {
                        if (p == latency) {
                            latencyOutput = controlOut.size();
                        }
                        controlOut.add(p.index());
                    }
                }
                case ATOM -> (p.input() ? atomIn : atomOut).add(p.index());
                default -> {
                    if (!p.is("connectionOptional")) {
                        throw new Lv2Exception(plugin.uri(), "LV2 plugin <" + plugin.uri() + ">: port " + p.index() + " ("
                                + p.symbol() + ") is of a type this host does not support (not audio, control, CV or atom)");
                    }
                }
            }
        }
        boolean[] w = new boolean[whole.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = whole.get(i);
        }
        return new Lv2Layout(plugin, b.build(), in, out, params, w, controlOut, atomIn, atomOut, latencyOutput);
    }

    /** The parameter of a control input: range, default, unit, smoothing, and choices for an enumeration. */
    static ParamSpec spec(Lv2Port p, Set<String> ids) {
        String id = paramId(p.symbol(), ids);
        boolean toggled = p.is("toggled");
        float min = Float.isNaN(p.min()) ? (toggled ? 0f : -UNBOUNDED) : p.min();
        float max = Float.isNaN(p.max()) ? (toggled ? 1f : UNBOUNDED) : p.max();
        if (min > max) {
            float t = min;
            min = max;
            max = t;
        }
        float def = Float.isNaN(p.defaultValue()) ? (min <= 0f && max >= 0f ? 0f : min) : p.defaultValue();
        def = Math.max(min, Math.min(max, def));
        boolean whole = toggled || p.is("integer") || p.is("enumeration");
        String unit = p.is("sampleRate") ? "x sample rate" : p.unit();
        ParamSpec spec = new ParamSpec(id, p.name().isEmpty() ? p.symbol() : p.name(), min, max, def, unit,
                whole ? 0f : SMOOTHING_MS);
        List<String> choices = choices(p, min, max);
        return choices == null ? spec : spec.withChoices(choices.toArray(String[]::new));
    }

    /** Names for each whole value min..max when the scale points name exactly those; otherwise null. */
    private static List<String> choices(Lv2Port p, float min, float max) {
        if (!(p.is("enumeration") || p.is("integer")) || p.scalePoints().isEmpty() || min != Math.rint(min)
                || max != Math.rint(max) || max - min > 255) {
            return null;
        }
        int n = (int) (max - min) + 1;
        String[] names = new String[n];
        Set<String> seen = new HashSet<>();
        for (Lv2Port.ScalePoint s : p.scalePoints()) {
            float k = s.value() - min;
            if (k != Math.rint(k) || k < 0 || k >= n || names[(int) k] != null) {
                return null;
            }
            String name = choiceName(s.label());
            if (!seen.add(name)) {
                return null;
            }
            names[(int) k] = name;
        }
        for (String name : names) {
            if (name == null) {
                return null;
            }
        }
        return List.of(names);
    }

    static String choiceName(String label) {
        String s = label.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "v" + s;
        }
        return s;
    }

    private static String paramId(String symbol, Set<String> ids) {
        String id = PARAM_ID.matcher(symbol).matches() ? symbol : "p" + symbol.replaceAll("[^A-Za-z0-9_.-]", "_");
        String unique = id;
        for (int k = 2; !ids.add(unique); k++) {
            unique = id + "_" + k;
        }
        return unique;
    }

    private static int[] ints(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
