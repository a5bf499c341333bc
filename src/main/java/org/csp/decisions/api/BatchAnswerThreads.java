package org.csp.decisions.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.csp.decisions.engine.IdleScheduling;

/**
 * Threads of Java's lowest priority that answer batches - read each item, hand it to the rule threads for batch items,
 * write the answers in order - while the HTTP worker that took the batch waits. With the service's JVM options
 * ({@code bin/jvm.options}) they run at nice 19, and under {@code SCHED_IDLE} ({@link IdleScheduling}), like the batch
 * items themselves, so the share of a batch that used to run on the worker at normal priority (about a third of its
 * CPU: binding and copying 1,000 items and their ~24 MB of answers) no longer competes with single calls either. What stays at normal priority: checking the body before the
 * 200 (a malformed body must get its 400 first) and the event loop's socket writes.
 *
 * <p>A JDK pool, not Quarkus' worker pool or a {@code ManagedExecutor}: those cannot run tasks at another thread
 * priority. Threads are made on demand and end after 30 s idle; past {@value #MAX_THREADS} batches at once the worker
 * answers its batch itself (at normal priority), as it did before.
 */
@ApplicationScoped
class BatchAnswerThreads {
    static final int MAX_THREADS = 64;
    static final String NAME = "rules-batch-answer-";

    private final AtomicInteger count = new AtomicInteger();
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(IdleScheduling.idle(task), NAME + count.incrementAndGet());
                thread.setDaemon(true);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    /** What answers a batch, writing to the response. */
    interface Answer {
        void write() throws IOException;
    }

    /**
     * Runs {@code answer} on one of these threads and waits for it; what it throws is thrown here. If this thread is
     * interrupted while waiting, the answering thread is interrupted too.
     */
    void run(Answer answer) throws IOException {
        Future<Void> done = pool.submit(() -> {
            answer.write();
            return null;
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            done.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while answering a batch");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            } else if (cause instanceof RuntimeException r) {
                throw r;
            } else if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }
}
