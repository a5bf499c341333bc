package org.csp.decisions.config;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The default of {@code quarkus.http.limits.max-connections}, derived from the process's file-descriptor limit (the
 * soft {@code ulimit -n} the JVM runs with): {@value #CEILING} connections, but at most the limit minus a reserve of
 * {@value #RESERVE} descriptors (a quarter of the limit when the limit is small) for jars, rule files, logs and
 * outgoing sockets. So a flood of connections can never take the last descriptors, whatever {@code ulimit -n} the
 * process gets, and nobody has to keep a fixed number in step with the container's limit.
 * <p>
 * Why a config source and not a value in application.properties: Quarkus reads the limit from configuration only
 * and configuration cannot compute it. This source has ordinal {@value #ORDINAL}, below every real one
 * (application.properties 250, {@code QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS} 300, system properties 400), so anything
 * set explicitly wins; {@link ConnectionCapCheck} logs the cap in effect and warns if one set explicitly leaves too
 * few descriptors.
 */
public class ConnectionCapConfigSource implements ConfigSource {
    public static final String KEY = "quarkus.http.limits.max-connections";
    /** Connections held at most by default: 10,000 idle connections held under -Xmx512m in the attack script. */
    public static final int CEILING = 10_000;
    /** Descriptors kept free for everything that is not an inbound connection. */
    public static final int RESERVE = 1_000;
    static final int ORDINAL = 50;

    private volatile String value;

    /** The cap for a process allowed {@code fdLimit} open files (unknown, 0 or less: {@link #CEILING}). */
    public static int defaultCap(long fdLimit) {
        if (fdLimit <= 0) {
            return CEILING;
        }
        return (int) Math.max(1, Math.min(CEILING, fdLimit - reserve(fdLimit)));
    }

    /** Descriptors to keep free below {@code fdLimit}: {@link #RESERVE}, or a quarter of a small limit. */
    public static long reserve(long fdLimit) {
        return Math.min(RESERVE, fdLimit / 4);
    }

    /** This process's limit on open files, or -1 where the JVM does not tell (not a Unix JVM). */
    public static long fdLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, cap());
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? cap() : null;
    }

    private String cap() {
        String v = value;
        if (v == null) {
            value = v = String.valueOf(defaultCap(fdLimit()));
        }
        return v;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "connection cap from the file-descriptor limit";
    }
}
