package org.csp.decisions.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;

/**
 * A compiled, validated rule set: an immutable value. An evaluation leases it for its whole life, so a reload can
 * swap in a new set without mixing two; the retired set is closed when its last lease is returned.
 */
public final class RuleSet {
    private final String version;
    private final Instant loadedAt;
    private final String origin;
    private final Map<String, RuleMetadata> rulesByName;
    private final List<RuleMetadata> rules;
    private final List<RuleFile> files;
    private final AggregateDefinition aggregate;
    private final ExplanationTemplate aggregateTitle;
    private final ExplanationTemplate aggregateExplanation;
    private final KieContainer container;
    private final KieSessionsPool pool;
    /** Number of evaluations using this set; -1 once closed. */
    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean retired;

    RuleSet(String version, Instant loadedAt, String origin, List<RuleFile> files,
            Map<String, RuleMetadata> rulesByName, AggregateDefinition aggregate, KieContainer container,
            KieSessionsPool pool) {
        this.version = version;
        this.loadedAt = loadedAt;
        this.origin = origin;
        this.rulesByName = Map.copyOf(rulesByName);
        this.rules = rulesByName.values().stream()
                .sorted(java.util.Comparator.comparing(RuleMetadata::ruleName)).toList();
        this.files = List.copyOf(files);
        this.aggregate = aggregate;
        this.aggregateTitle = aggregate.titleTemplate();
        this.aggregateExplanation = aggregate.explanationTemplate();
        this.container = container;
        this.pool = pool;
    }

    /** {@code sha256:<12 hex>} over the sorted relative paths and contents of the loaded .drl files. */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Where the rules were read from: {@code classpath:rules} or a folder. */
    public String origin() {
        return origin;
    }

    /** Every rule, sorted by name. */
    public List<RuleMetadata> rules() {
        return rules;
    }

    /**
     * The files this set was compiled from, .drl and the aggregate file (the validate endpoint compiles a change
     * against them).
     */
    public List<RuleFile> files() {
        return files;
    }

    /** The words of the aggregate finding (LEG-900), from the folder's aggregate file or the bundled one. */
    public AggregateDefinition aggregate() {
        return aggregate;
    }

    ExplanationTemplate aggregateTitle() {
        return aggregateTitle;
    }

    ExplanationTemplate aggregateExplanation() {
        return aggregateExplanation;
    }

    public RuleMetadata rule(String name) {
        return rulesByName.get(name);
    }

    KieSession newSession() {
        return pool.newKieSession();
    }

    /** Takes a lease; false if the set was already closed (the caller then reads the holder again). */
    boolean tryAcquire() {
        for (;;) {
            int current = leases.get();
            if (current < 0) {
                return false;
            }
            if (leases.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (leases.decrementAndGet() == 0 && retired) {
            closeIfUnused();
        }
    }

    /** Marks the set as replaced; it is closed now or when the last evaluation using it ends. */
    public void retire() {
        retired = true;
        closeIfUnused();
    }

    boolean isClosed() {
        return leases.get() < 0;
    }

    private void closeIfUnused() {
        if (leases.compareAndSet(0, -1)) {
            pool.shutdown();
            container.dispose();
        }
    }
}
