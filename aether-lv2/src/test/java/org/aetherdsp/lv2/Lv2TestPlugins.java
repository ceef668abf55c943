package org.aetherdsp.lv2;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The installed plugins the tests run (Debian packages lv2-examples, swh-lv2, mda-lv2; the host
 * needs liblilv). Missing ones skip a test, or fail it under {@code AETHER_REQUIRE_TOOLS=1} (CI,
 * which installs them).
 */
final class Lv2TestPlugins {

    static final String AMP = "http://lv2plug.in/plugins/eg-amp";
    static final String DELAY = "http://plugin.org.uk/swh-plugins/delay_n";
    static final String LIMITER = "http://plugin.org.uk/swh-plugins/fastLookaheadLimiter";
    static final String PARAMS = "http://lv2plug.in/plugins/eg-params";
    static final String SAMPLER = "http://lv2plug.in/plugins/eg-sampler";
    static final String EPIANO = "http://drobilla.net/plugins/mda/EPiano";
    static final String JX10 = "http://drobilla.net/plugins/mda/JX10";

    private Lv2TestPlugins() {
    }

    static boolean required() {
        return "1".equals(System.getenv("AETHER_REQUIRE_TOOLS"));
    }

    /**
     * @param uris plugins the test needs
     * @return the standard host, with every one of them installed
     */
    static Lv2Host host(String... uris) {
        String why = Lv2Host.unavailableReason();
        if (required()) {
            assertTrue(why == null, "the LV2 host is not available, and AETHER_REQUIRE_TOOLS=1 makes that a failure: " + why);
        }
        assumeTrue(why == null, "LV2 host not available (" + why + "); set AETHER_REQUIRE_TOOLS=1 to make this a failure");
        Lv2Host host = Lv2Host.standard();
        for (String uri : uris) {
            boolean present = host.plugin(uri) != null;
            if (required()) {
                assertNotNull(host.plugin(uri), "LV2 plugin <" + uri + "> is not installed (apt-get install lv2-examples swh-lv2"
                        + " mda-lv2), and AETHER_REQUIRE_TOOLS=1 makes that a failure; problems: " + host.problems());
            }
            assumeTrue(present, "LV2 plugin <" + uri + "> is not installed; set AETHER_REQUIRE_TOOLS=1 to make this a failure");
        }
        return host;
    }
}
