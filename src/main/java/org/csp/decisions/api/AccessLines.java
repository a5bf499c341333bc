package org.csp.decisions.api;

import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Hands access lines from the I/O threads to the log in batches: a request only appends its line to a lock-free queue,
 * and one daemon thread publishes what has queued up every {@link #PERIOD_MILLIS} ms, each line as its own record
 * stamped with the time its request ended (so the log reads exactly as if each line had been logged at once).
 *
 * <p>Why not just the logger with {@code quarkus.log.console.async}: its handler wakes its writer thread for every
 * record (a futex wake-up and a context switch per request), which the profile of {@code POST /evaluate} under load
 * put at ~13 us of the ~20 us an access line cost (bench/results/profiles/profile-evaluate-async-before-cpu.txt).
 * Here the writer wakes on a clock, not per line. Lines wait at most {@code PERIOD_MILLIS}; past {@link #MAX_PENDING} waiting
 * lines (a stalled console) new lines are dropped and counted, and the count is logged, rather than ever holding up an
 * I/O thread or growing without bound.
 */
final class AccessLines implements AutoCloseable {
    static final long PERIOD_MILLIS = 20;
    static final int MAX_PENDING = 50_000;

    private record Line(long epochMillis, String text) {
    }

    private final Logger logger;
    private final ConcurrentLinkedQueue<Line> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    AccessLines(String category) {
        this.logger = Logger.getLogger(category);
        this.writer = new Thread(this::run, "access-log");
        writer.setDaemon(true);
        writer.start();
    }

    boolean enabled() {
        return logger.isLoggable(Level.INFO);
    }

    /** Queues one line; never blocks. */
    void add(String text) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(new Line(System.currentTimeMillis(), text));
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS));
            Thread.interrupted(); // never let a stray interrupt turn the park into a spin
            flush();
        }
        flush();
    }

    /** Publishes every queued line (on the writer thread, or at close). */
    synchronized void flush() {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            logger.log(Level.WARNING, lost + " access lines were dropped: more than " + MAX_PENDING
                    + " were waiting for the log");
        }
        for (Line line; (line = queue.poll()) != null; ) {
            pending.decrementAndGet();
            LogRecord record = new LogRecord(Level.INFO, line.text());
            record.setLoggerName(logger.getName());
            record.setInstant(Instant.ofEpochMilli(line.epochMillis()));
            try {
                logger.log(record);
            } catch (RuntimeException e) {
                // a failing handler loses this line, never the writer thread
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
