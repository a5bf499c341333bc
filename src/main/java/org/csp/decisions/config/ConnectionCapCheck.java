package org.csp.decisions.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Logs at start-up the connection cap in effect and warns when it does not protect the process: no cap, a cap that
 * leaves fewer descriptors free than {@link ConnectionCapConfigSource#reserve}, or HTTP/2 cleartext switched back on
 * (then Vert.x hands a connection to the cap only once its first request head is complete, so sockets that never
 * finish a head are not counted: 19,800 of them held every descriptor of a process capped at 10,000).
 */
@ApplicationScoped
public class ConnectionCapCheck {
    private static final Logger LOG = Logger.getLogger(ConnectionCapCheck.class);

    @ConfigProperty(name = ConnectionCapConfigSource.KEY)
    OptionalInt maxConnections;

    @ConfigProperty(name = "quarkus.http.http2", defaultValue = "true")
    boolean http2;

    void onStart(@Observes StartupEvent event) {
        for (String line : report(maxConnections, ConnectionCapConfigSource.fdLimit(), http2)) {
            if (line.startsWith("WARN ")) {
                LOG.warn(line.substring(5));
            } else {
                LOG.info(line);
            }
        }
    }

    /** The start-up lines ("WARN " prefixed for warnings) for a cap, a file-descriptor limit and HTTP/2. */
    static java.util.List<String> report(OptionalInt cap, long fdLimit, boolean http2) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        String limit = fdLimit > 0 ? String.valueOf(fdLimit) : "unknown";
        if (cap.isEmpty() || cap.getAsInt() <= 0) {
            lines.add("WARN HTTP connections are not capped (" + ConnectionCapConfigSource.KEY + " unset or 0): a flood of "
                    + "connections can take every file descriptor (limit " + limit + ")");
            return lines;
        }
        lines.add("HTTP connections capped at " + cap.getAsInt() + " (file descriptor limit " + limit
                + "); beyond the cap a new connection is closed at once");
        if (fdLimit > 0 && cap.getAsInt() > fdLimit - ConnectionCapConfigSource.reserve(fdLimit)) {
            lines.add("WARN the connection cap " + cap.getAsInt() + " leaves fewer than "
                    + ConnectionCapConfigSource.reserve(fdLimit) + " of the " + fdLimit + " file descriptors free: lower "
                    + ConnectionCapConfigSource.KEY + " (unset, it is derived from the limit) or raise ulimit -n");
        }
        if (http2) {
            lines.add("WARN quarkus.http.http2 is on: a cleartext connection is counted against the cap only once its "
                    + "first request head is complete, so slow-header sockets are not capped");
        }
        return lines;
    }
}
