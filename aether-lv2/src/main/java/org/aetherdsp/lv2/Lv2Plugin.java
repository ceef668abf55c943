package org.aetherdsp.lv2;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An installed LV2 plugin as lilv describes it: URI, name, class, binary, the features it
 * requires, the extension data it offers and its ports. Plain immutable data; its node type id is
 * {@code lv2:} and the URI.
 *
 * @param uri              the plugin URI
 * @param name             doap:name
 * @param pluginClass      the label of its class ("Amplifier Plugin"), or ""
 * @param binary           the path of its shared library
 * @param requiredFeatures lv2:requiredFeature URIs
 * @param extensions       lv2:extensionData URIs (state, worker, ...)
 * @param ports            every port, by index
 */
public record Lv2Plugin(String uri, String name, String pluginClass, String binary, List<String> requiredFeatures,
                        List<String> extensions, List<Lv2Port> ports) {

    /** The node type id prefix. */
    public static final String TYPE_PREFIX = "lv2:";

    /** The LV2 state extension's interface. */
    public static final String STATE_INTERFACE = "http://lv2plug.in/ns/ext/state#interface";
    /** The LV2 worker extension's interface. */
    public static final String WORKER_INTERFACE = "http://lv2plug.in/ns/ext/worker#interface";

    /** The features this host offers a plugin (lv2:requiredFeature outside this list refuses the plugin). */
    public static final List<String> HOST_FEATURES = List.of(
            "http://lv2plug.in/ns/ext/urid#map",
            "http://lv2plug.in/ns/ext/urid#unmap",
            "http://lv2plug.in/ns/ext/options#options",
            "http://lv2plug.in/ns/ext/buf-size#boundedBlockLength",
            "http://lv2plug.in/ns/ext/worker#schedule",
            "http://lv2plug.in/ns/ext/state#loadDefaultState",
            // Properties of the host rather than data: true of this host (it never runs in place,
            // runs on a real-time thread).
            "http://lv2plug.in/ns/lv2core#hardRTCapable",
            "http://lv2plug.in/ns/lv2core#inPlaceBroken",
            "http://lv2plug.in/ns/lv2core#isLive");

    private static final Set<String> OFFERED = Set.copyOf(HOST_FEATURES);

    /** Copies the lists. */
    public Lv2Plugin {
        requiredFeatures = List.copyOf(requiredFeatures);
        extensions = List.copyOf(extensions);
        ports = List.copyOf(ports);
    }

    /** @return {@code lv2:} and the URI */
    public String typeId() {
        return TYPE_PREFIX + uri;
    }

    /** @return the required features this host does not offer, empty when it can run the plugin */
    public List<String> missingFeatures() {
        List<String> out = new ArrayList<>();
        for (String f : requiredFeatures) {
            if (!OFFERED.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * @param uri an extension URI, such as {@link #STATE_INTERFACE}
     * @return whether the plugin declares it as extension data
     */
    public boolean hasExtension(String uri) {
        return extensions.contains(uri);
    }

    /** @return the port that reports the plugin's latency (lv2:reportsLatency), or null */
    public Lv2Port latencyPort() {
        for (Lv2Port p : ports) {
            if (p.kind() == Lv2Port.Kind.CONTROL && !p.input() && (p.is("reportsLatency") || p.symbol().equals("latency"))) {
                return p;
            }
        }
        return null;
    }
}
