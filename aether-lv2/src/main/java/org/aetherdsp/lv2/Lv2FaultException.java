package org.aetherdsp.lv2;

/**
 * What an LV2 node throws on the RT thread when its plugin wrote NaN or infinity: the engine
 * then silences and bypasses the node and reports this as its fault. Created on the control side
 * (one per node, without a stack trace) so that throwing it allocates nothing.
 */
public final class Lv2FaultException extends Lv2Exception {

    private static final long serialVersionUID = 1L;

    Lv2FaultException(String pluginUri, String message) {
        super(pluginUri, message, false);
    }
}
