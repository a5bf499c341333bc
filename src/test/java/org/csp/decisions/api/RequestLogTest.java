package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The access line is built by hand (no Formatter); it must read as the %.2f format did. */
class RequestLogTest {
    @Test
    void durationHasTwoDecimalsRoundedHalfUp() {
        assertEquals("POST /evaluate 200 1.27ms id=a", RequestLog.line("POST", "/evaluate", 200, 1_268_000, "a"));
        assertEquals("GET /rules 404 0.05ms id=b", RequestLog.line("GET", "/rules", 404, 45_000, "b"));
        assertEquals("GET /q/health 200 12.00ms id=c", RequestLog.line("GET", "/q/health", 200, 11_999_999, "c"));
        assertEquals("POST /evaluate 400 0.00ms id=d", RequestLog.line("POST", "/evaluate", 400, 0, "d"));
        assertEquals("POST /evaluate 500 2000.10ms id=e", RequestLog.line("POST", "/evaluate", 500, 2_000_100_000L, "e"));
    }
}
