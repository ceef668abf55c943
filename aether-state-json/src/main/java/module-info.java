/** Human-editable JSON patch files (Jackson), with errors that point at the JSON location. */
module org.aetherdsp.state.json {
    requires transitive org.aetherdsp.api;
    requires org.aetherdsp.core;
    requires com.fasterxml.jackson.databind;

}
