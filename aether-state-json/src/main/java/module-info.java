/** Human-editable JSON patch files (Jackson), with errors that point at the JSON location. */
module org.aetherdsp.state.json {
    requires transitive org.aetherdsp.api;
    requires org.aetherdsp.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.core;

    exports org.aetherdsp.state.json;

    provides org.aetherdsp.api.SnapshotCodec with org.aetherdsp.state.json.JsonPatchCodec;
}
