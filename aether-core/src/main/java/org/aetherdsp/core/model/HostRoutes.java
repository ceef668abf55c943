package org.aetherdsp.core.model;

import java.util.ArrayList;
import java.util.List;
import org.aetherdsp.core.graph.DuplicateConnectionException;
import org.aetherdsp.core.graph.HostInput;
import org.aetherdsp.core.graph.HostOutput;
import org.aetherdsp.core.graph.NoSuchConnectionException;
import org.aetherdsp.core.graph.PortOutOfRangeException;

/**
 * The routes between a {@link GraphModel}'s nodes and the host: node outputs to host channels,
 * and host input channels into node inputs, each in the order they were made. The model checks
 * the node and its port first; this checks the channel and the route, and changes nothing when
 * it throws. Control thread, under the engine's lock.
 */
final class HostRoutes {

    private final int channels;
    private final int inputChannels;
    final List<HostOutput> outputs;
    final List<HostInput> inputs;

    HostRoutes(int channels, int inputChannels) {
        this.channels = channels;
        this.inputChannels = inputChannels;
        this.outputs = new ArrayList<>();
        this.inputs = new ArrayList<>();
    }

    /** An independent copy (the routes are immutable values). */
    HostRoutes(HostRoutes o) {
        this.channels = o.channels;
        this.inputChannels = o.inputChannels;
        this.outputs = new ArrayList<>(o.outputs);
        this.inputs = new ArrayList<>(o.inputs);
    }

    int channels() {
        return channels;
    }

    int inputChannels() {
        return inputChannels;
    }

    /** Drops every route of a node that is being removed. */
    void removeNode(long handle) {
        for (int k = outputs.size() - 1; k >= 0; k--) {
            if (outputs.get(k).node() == handle) {
                outputs.remove(k);
            }
        }
        for (int k = inputs.size() - 1; k >= 0; k--) {
            if (inputs.get(k).node() == handle) {
                inputs.remove(k);
            }
        }
    }

    void connectOutput(GraphModel model, long node, int port, int channel) {
        if (channel < 0 || channel >= channels) {
            throw new PortOutOfRangeException("host channel " + channel + " does not exist; the engine has " + channels
                    + " output channels (0.." + (channels - 1) + ")");
        }
        HostOutput o = new HostOutput(node, port, channel);
        if (outputs.contains(o)) {
            throw new DuplicateConnectionException(model.describe(node) + " output " + port
                    + " already goes to host channel " + channel);
        }
        outputs.add(o);
    }

    void disconnectOutput(GraphModel model, long node, int port, int channel) {
        for (int k = 0, n = outputs.size(); k < n; k++) {
            HostOutput o = outputs.get(k);
            if (o.node() == node && o.port() == port && o.channel() == channel) {
                outputs.remove(k);
                return;
            }
        }
        throw new NoSuchConnectionException(model.describe(node) + " output " + port + " does not go to host channel " + channel);
    }

    void connectInput(GraphModel model, int channel, long node, int port) {
        if (channel < 0 || channel >= inputChannels) {
            throw new PortOutOfRangeException("host input channel " + channel + " does not exist; the engine has "
                    + inputChannels + " input channels" + (inputChannels == 0 ? " (Engine.builder().inputChannels(n) adds some)"
                    : " (0.." + (inputChannels - 1) + ")"));
        }
        if (indexOfInput(channel, node, port) >= 0) {
            throw new DuplicateConnectionException("host input channel " + channel + " already goes to " + model.describe(node)
                    + " input " + port);
        }
        inputs.add(new HostInput(channel, node, port));
    }

    void disconnectInput(GraphModel model, int channel, long node, int port) {
        int at = indexOfInput(channel, node, port);
        if (at < 0) {
            throw new NoSuchConnectionException("host input channel " + channel + " does not go to " + model.describe(node)
                    + " input " + port);
        }
        inputs.remove(at);
    }

    private int indexOfInput(int channel, long node, int port) {
        for (int k = 0, n = inputs.size(); k < n; k++) {
            HostInput i = inputs.get(k);
            if (i.channel() == channel && i.node() == node && i.port() == port) {
                return k;
            }
        }
        return -1;
    }
}
