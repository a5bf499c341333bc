package org.csp.decisions.model;

/** Targets, progress tracking and value measurement. Every field may be null (unknown). */
public record Measurement(Targets targets, ProgressTracking progressTracking, ValueMeasurement valueMeasurement) {
    public static final Measurement UNKNOWN = new Measurement(null, null, null);
}
