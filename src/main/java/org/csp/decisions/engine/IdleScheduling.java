package org.csp.decisions.engine;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Puts the calling thread under Linux's {@code SCHED_IDLE} scheduling policy: batch items and the threads that answer
 * batches use it so that a single {@code /evaluate} call that wakes up takes the CPU from them at once.
 *
 * <p>Why not only nice 19 (the thread priority that {@code bin/jvm.options} maps Java's lowest priority to): Linux's
 * scheduler (EEVDF, kernel 6.6 and later) lets a running thread finish a slice of ~1-3 ms before a waking thread of
 * any nice value preempts it, so single calls kept waiting behind batch threads for that long (measured: singles' p99
 * during batches 1.5-2.3 ms at nice 19 against 0.6 ms alone, the slow calls spread evenly over each batch and almost
 * none during a GC pause). A {@code SCHED_IDLE} thread is preempted by any other thread as soon as it wakes. It still
 * runs whenever a core is free, and the kernel gives it a small share when none is, so a batch slows under sustained
 * load but is never stopped. An unprivileged thread may switch itself to {@code SCHED_IDLE}; nothing else changes.
 *
 * <p>Through JNA: the JDK has no API for a thread's scheduling policy. Where it is not available (not Linux, JNA's
 * native part cannot be unpacked, a seccomp profile refuses the call) the thread keeps its nice value, and the
 * reason is logged once.
 */
public final class IdleScheduling {
    private static final Logger LOG = Logger.getLogger(IdleScheduling.class);
    /** {@code SCHED_IDLE} in {@code <sched.h>} (Linux). */
    private static final int SCHED_IDLE = 5;
    /** Why this JVM cannot use {@code SCHED_IDLE}; null while nothing has failed. */
    private static volatile String unavailable;
    private static final AtomicBoolean REPORTED = new AtomicBoolean();
    private static final AtomicBoolean PREPARED = new AtomicBoolean();

    interface C extends Library {
        /** {@code int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param)}; pid 0: this thread. */
        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

        /** {@code int sched_getparam(pid_t pid, struct sched_param *param)}. */
        int sched_getparam(int pid, int[] param) throws LastErrorException;
    }

    /** The C library, loaded on first use; null (with {@link #unavailable} saying why) off Linux or without JNA. */
    private static final class Holder {
        static final C LIBC = load();

        private static C load() {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                unavailable = "SCHED_IDLE is Linux's";
                return null;
            }
            try {
                return Native.load("c", C.class);
            } catch (Throwable e) {
                unavailable = "cannot load the C library through JNA: " + e;
                return null;
            }
        }
    }

    private IdleScheduling() {
    }

    /**
     * Loads the C library and passes JNA an array once, on a thread of normal priority and policy started now (call
     * it from such a thread before the first batch thread starts): the thread JNA starts for its own housekeeping
     * ("JNA Cleaner") inherits the priority and policy of the thread that first needs it, and must not be a batch
     * thread's. In the background: loading JNA takes ~40 ms, which a start should not wait for.
     */
    public static void prepareInBackground() {
        if (!PREPARED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(IdleScheduling::prepare, "idle-scheduling-setup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void prepare() {
        try {
            if (Holder.LIBC != null) {
                Holder.LIBC.sched_getparam(0, new int[] {0});
            }
        } catch (Throwable e) {
            // enter() finds the same problem and reports it
        }
    }

    /** Moves the calling thread to {@code SCHED_IDLE}; false (and one log line, once) when it cannot. Never throws. */
    public static boolean enter() {
        C libc = unavailable == null ? Holder.LIBC : null;
        if (libc != null) {
            try {
                libc.sched_setscheduler(0, SCHED_IDLE, new int[] {0});
                return true;
            } catch (LastErrorException e) {
                unavailable = "sched_setscheduler(SCHED_IDLE) failed with errno " + e.getErrorCode();
            } catch (Throwable e) {
                unavailable = "sched_setscheduler(SCHED_IDLE) is not available: " + e;
            }
        }
        if (REPORTED.compareAndSet(false, true)) {
            LOG.infof("batch threads run at Java's lowest priority only, not under SCHED_IDLE (%s); single calls may"
                    + " wait up to a scheduler slice behind them", unavailable);
        }
        return false;
    }

    /** A task that first moves its thread to {@code SCHED_IDLE} (for a thread factory). */
    public static Runnable idle(Runnable task) {
        return () -> {
            enter();
            task.run();
        };
    }
}
