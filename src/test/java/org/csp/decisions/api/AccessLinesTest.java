package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Access lines are published in batches off the I/O threads: each line once, in order, stamped when it was added. */
class AccessLinesTest {
    private static List<LogRecord> capture(String category) {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(category);
        logger.setLevel(Level.INFO);
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return records;
    }

    @Test
    void everyLineOnceInOrderWithItsOwnTime() throws Exception {
        List<LogRecord> records = capture("csp.access.test1");
        List<String> sent = new ArrayList<>();
        long before;
        try (AccessLines lines = new AccessLines("csp.access.test1")) {
            before = System.currentTimeMillis();
            for (int i = 0; i < 500; i++) {
                lines.add("GET /q/health/live 200 0.0" + (i % 10) + "ms id=" + i);
                sent.add("GET /q/health/live 200 0.0" + (i % 10) + "ms id=" + i);
                if (i == 250) {
                    Thread.sleep(3 * AccessLines.PERIOD_MILLIS); // some lines go out in an earlier batch
                }
            }
        }
        synchronized (records) {
            assertEquals(sent, records.stream().map(LogRecord::getMessage).toList());
            for (LogRecord r : records) {
                assertEquals(Level.INFO, r.getLevel());
                assertEquals("csp.access.test1", r.getLoggerName());
                assertTrue(r.getMillis() >= before && r.getMillis() <= System.currentTimeMillis(), "stamped when added");
            }
        }
    }

    @Test
    void linesAreWrittenWithoutWaitingForClose() throws Exception {
        List<LogRecord> records = capture("csp.access.test2");
        try (AccessLines lines = new AccessLines("csp.access.test2")) {
            lines.add("POST /evaluate 200 1.27ms id=a");
            long giveUp = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < giveUp) {
                synchronized (records) {
                    if (!records.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(5);
            }
            synchronized (records) {
                assertEquals(List.of("POST /evaluate 200 1.27ms id=a"), records.stream().map(LogRecord::getMessage).toList());
            }
        }
    }

    @Test
    void aStalledLogDropsAndCountsInsteadOfGrowing() {
        List<LogRecord> records = capture("csp.access.test3");
        AccessLines lines = new AccessLines("csp.access.test3");
        synchronized (lines) { // holds the writer out of flush(), as a stalled console would
            for (int i = 0; i < AccessLines.MAX_PENDING + 10; i++) {
                lines.add("x");
            }
            assertTrue(lines.dropped() >= 10, "dropped " + lines.dropped());
        }
        lines.close();
        synchronized (records) {
            assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                    && r.getMessage().contains("access lines were dropped")), "the loss is logged");
            assertTrue(records.stream().filter(r -> r.getLevel() == Level.INFO).count() <= AccessLines.MAX_PENDING);
        }
    }
}
