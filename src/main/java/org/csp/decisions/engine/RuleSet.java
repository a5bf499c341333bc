package org.csp.decisions.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.runtime.rule.AgendaFilter;

/**
 * A compiled, validated rule set: an immutable value. An evaluation leases it for its whole life, so a reload can
 * swap in a new set without mixing two; the retired set is closed when its last lease is returned.
 *
 * <p>A quarantine ({@link #without}) is a new value too: the same compiled rule base with an agenda filter that never
 * lets the quarantined rules fire, and a version with the {@code +without:<ids>} suffix (FINDINGS.md). It is swapped in
 * like any reload, so an evaluation runs on exactly one set from start to end and two answers with the same version
 * came from exactly the same running rules. (Rebuilding the rule base without the rule would take a compile of the
 * whole folder and an edit of the analyst's text; removing it from the live rule base in place would change the rules
 * under evaluations in flight.) Both values share the compiled rule base, closed when the last of them is.
 */
public final class RuleSet {
    private final String version;
    private final String baseVersion;
    private final Instant loadedAt;
    private final String origin;
    private final Map<String, RuleMetadata> rulesByName;
    private final List<RuleMetadata> rules;
    private final List<RuleFile> files;
    private final AggregateDefinition aggregate;
    private final ExplanationTemplate aggregateTitle;
    private final ExplanationTemplate aggregateExplanation;
    private final Compiled compiled;
    private final Map<String, QuarantinedRule> quarantined;
    private final AgendaFilter filter;
    /** Number of evaluations using this set; -1 once closed. */
    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean retired;

    /** The compiled rule base, shared by a set and its quarantined variants; disposed when the last one closes. */
    private static final class Compiled {
        final KieSessionsPool pool;
        final AtomicInteger users = new AtomicInteger(1);

        Compiled(KieSessionsPool pool) {
            this.pool = pool;
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                pool.shutdown();
            }
        }
    }

    RuleSet(String version, Instant loadedAt, String origin, List<RuleFile> files,
            Map<String, RuleMetadata> rulesByName, AggregateDefinition aggregate, KieSessionsPool pool) {
        this(version, loadedAt, origin, files, rulesByName, aggregate, new Compiled(pool), Map.of());
    }

    private RuleSet(String baseVersion, Instant loadedAt, String origin, List<RuleFile> files,
            Map<String, RuleMetadata> allRules, AggregateDefinition aggregate, Compiled compiled,
            Map<String, QuarantinedRule> quarantined) {
        this.aggregate = aggregate;
        this.aggregateTitle = aggregate.titleTemplate();
        this.aggregateExplanation = aggregate.explanationTemplate();
        this.baseVersion = baseVersion;
        this.quarantined = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantined));
        this.version = quarantined.isEmpty() ? baseVersion : baseVersion + "+without:" + quarantined.values().stream()
                .map(QuarantinedRule::id).sorted().distinct().collect(Collectors.joining(","));
        this.loadedAt = loadedAt;
        this.origin = origin;
        this.rulesByName = Map.copyOf(allRules);
        this.rules = allRules.values().stream().filter(r -> !quarantined.containsKey(r.ruleName()))
                .sorted(Comparator.comparing(RuleMetadata::ruleName)).toList();
        this.files = List.copyOf(files);
        this.compiled = compiled;
        Set<String> excluded = Set.copyOf(quarantined.keySet());
        this.filter = excluded.isEmpty() ? null : match -> !excluded.contains(match.getRule().getName());
    }

    /**
     * The same compiled rules with {@code rules} quarantined as well as those already quarantined here; the caller
     * swaps it in (and this set is retired as usual). Rules this set does not have are ignored.
     */
    public RuleSet without(java.util.Collection<QuarantinedRule> rules) {
        Map<String, QuarantinedRule> next = new TreeMap<>(quarantined);
        rules.stream().filter(q -> rulesByName.containsKey(q.rule())).forEach(q -> next.put(q.rule(), q));
        compiled.users.incrementAndGet();
        return new RuleSet(baseVersion, loadedAt, origin, files, rulesByName, aggregate, compiled, next);
    }

    /**
     * {@code sha256:<12 hex>} over the sorted relative paths and contents of the loaded .drl files, plus
     * {@code +without:<ids>} while rules are quarantined.
     */
    public String version() {
        return version;
    }

    /** The version of the files alone, without the quarantine suffix. */
    public String baseVersion() {
        return baseVersion;
    }

    /** Rules taken out of service, by rule name. */
    public Map<String, QuarantinedRule> quarantined() {
        return quarantined;
    }

    /** The text of the file a rule was read from (null if the set has no such rule). */
    String sourceOf(String ruleName) {
        RuleMetadata rule = rulesByName.get(ruleName);
        if (rule == null) {
            return null;
        }
        return files.stream().filter(f -> f.path().equals(rule.file())).map(RuleFile::content).findFirst().orElse(null);
    }

    /** Fires the session's agenda, at most {@code max} rules, never a quarantined one. */
    int fire(KieSession session, int max) {
        return filter == null ? session.fireAllRules(max) : session.fireAllRules(filter, max);
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Where the rules were read from: {@code classpath:rules} or a folder. */
    public String origin() {
        return origin;
    }

    /** Every rule served (quarantined rules excepted), sorted by name. */
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
        return compiled.pool.newKieSession();
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
            compiled.release();
        }
    }
}
