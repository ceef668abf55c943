package org.aetherdsp.lv2;

import java.util.List;
import org.aetherdsp.api.NodeProvider;
import org.aetherdsp.api.NodeType;

/**
 * Makes every installed LV2 plugin a node type {@code lv2:<URI>} (see {@link Lv2Host#standard()}),
 * found by {@link java.util.ServiceLoader} like any provider. Without the native host (no liblilv
 * on the machine) it contributes no types, so an engine or the CLI works as without this module;
 * {@link Lv2Host#unavailableReason()} says why. Discovery runs once per process when the first
 * registry is built (about 0.15 to 0.35 s for 151 plugins on the project's loaded 2-core machine:
 * lilv reads every plugin's data); {@code -Daether.lv2.discover=false} turns it off.
 */
public final class Lv2NodeProvider implements NodeProvider {

    /** Found by {@link java.util.ServiceLoader}. */
    public Lv2NodeProvider() {
    }

    @Override
    public List<NodeType> nodeTypes() {
        if ("false".equals(System.getProperty("aether.lv2.discover")) || !Lv2Host.available()) {
            return List.of();
        }
        return Lv2Host.standard().nodeTypes();
    }
}
