package org.aetherdsp.lv2;

/**
 * Something about an LV2 plugin this host cannot do; names the plugin's URI. Thrown on the
 * control side (node creation and preparation), where the engine turns it into the cause of a
 * {@code NodeCreationException}.
 */
public class Lv2Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pluginUri;

    /**
     * @param pluginUri the plugin, or null when the host itself is missing
     * @param message   what went wrong, naming the plugin
     */
    public Lv2Exception(String pluginUri, String message) {
        super(message);
        this.pluginUri = pluginUri;
    }

    Lv2Exception(String pluginUri, String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
        this.pluginUri = pluginUri;
    }

    /** @return the plugin's URI, or null when the host itself is missing */
    public String pluginUri() {
        return pluginUri;
    }
}
