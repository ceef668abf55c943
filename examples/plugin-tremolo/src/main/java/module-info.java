/**
 * Acme's Aether nodes: a tremolo and a bitcrusher. The module requires the Aether API and
 * nothing else, and provides its node types as a {@code NodeProvider} service.
 */
module com.acme.tremolo {
    requires org.aetherdsp.api;

    exports com.acme.tremolo;

    provides org.aetherdsp.api.NodeProvider with com.acme.tremolo.AcmeNodes;
}
