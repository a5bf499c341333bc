package org.csp.decisions.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The default connection cap follows the file-descriptor limit and the start-up check says when it cannot protect. */
class ConnectionCapConfigSourceTest {

    @Test
    void theDefaultCapKeepsDescriptorsFree() {
        assertEquals(10_000, ConnectionCapConfigSource.defaultCap(20_000), "ceiling");
        assertEquals(10_000, ConnectionCapConfigSource.defaultCap(1_048_576), "ceiling for a huge limit");
        assertEquals(7_192, ConnectionCapConfigSource.defaultCap(8_192), "1,000 under the limit");
        assertEquals(3_096, ConnectionCapConfigSource.defaultCap(4_096));
        assertEquals(768, ConnectionCapConfigSource.defaultCap(1_024), "a quarter of a small limit stays free");
        assertEquals(10_000, ConnectionCapConfigSource.defaultCap(-1), "limit unknown");
        assertEquals(1, ConnectionCapConfigSource.defaultCap(1));
    }

    @Test
    void theSourceGivesOnlyTheCapOfThisProcessBelowEveryRealSource() {
        ConnectionCapConfigSource source = new ConnectionCapConfigSource();
        long limit = ConnectionCapConfigSource.fdLimit();
        assertTrue(limit > 0, "a Unix JVM reports its file-descriptor limit");
        assertEquals(String.valueOf(ConnectionCapConfigSource.defaultCap(limit)),
                source.getValue("quarkus.http.limits.max-connections"));
        assertNull(source.getValue("quarkus.http.port"));
        assertTrue(source.getOrdinal() < 100, "application.properties, env and system properties win");
    }

    @Test
    void theStartUpCheckWarnsWhenTheCapCannotProtect() {
        List<String> fine = ConnectionCapCheck.report(OptionalInt.of(10_000), 20_000, false);
        assertEquals(List.of("HTTP connections capped at 10000 (file descriptor limit 20000); beyond the cap a new "
                + "connection is closed at once"), fine);
        assertTrue(ConnectionCapCheck.report(OptionalInt.of(19_800), 20_000, false).get(1).startsWith("WARN the "
                + "connection cap 19800 leaves fewer than 1000 of the 20000 file descriptors free"));
        assertTrue(ConnectionCapCheck.report(OptionalInt.empty(), 20_000, false).get(0).startsWith("WARN HTTP "
                + "connections are not capped"));
        assertTrue(ConnectionCapCheck.report(OptionalInt.of(10_000), 20_000, true).get(1).startsWith("WARN "
                + "quarkus.http.http2 is on"));
    }
}
