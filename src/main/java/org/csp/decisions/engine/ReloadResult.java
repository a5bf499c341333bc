package org.csp.decisions.engine;

import java.time.Instant;
import java.util.List;

/**
 * What the last (re)load did: LOADED a new set, FAILED (the last good set keeps serving; {@code errors} say why) or
 * found the files UNCHANGED. {@code version} is the content hash of the files that were tried.
 */
public record ReloadResult(Instant at, Outcome outcome, String trigger, String version, List<RuleError> errors,
        long durationMillis) {

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReloadOutcome")
    public enum Outcome { LOADED, FAILED, UNCHANGED }
}
