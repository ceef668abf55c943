package org.aetherdsp.lv2;

import java.util.List;

/** A plugin requires host features (lv2:requiredFeature) this host does not offer; it is refused. */
public final class Lv2FeatureException extends Lv2Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> missing;

    /**
     * @param pluginUri the plugin
     * @param missing   the feature URIs it requires and this host lacks
     */
    public Lv2FeatureException(String pluginUri, List<String> missing) {
        super(pluginUri, "LV2 plugin <" + pluginUri + "> requires " + (missing.size() == 1 ? "a feature" : "features")
                + " this host does not offer: " + String.join(", ", missing) + "; the host offers " + String.join(", ", Lv2Plugin.HOST_FEATURES));
        this.missing = List.copyOf(missing);
    }

    /** @return the feature URIs the plugin requires and this host lacks */
    public List<String> missing() {
        return missing;
    }
}
