package org.csp.decisions.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The one fact through which rules report what they found. A new collector is inserted for every evaluation, so
 * nothing is shared between concurrent calls (stateless-session globals would be). A consequence writes
 * <pre>$findings.emit(kcontext).subject($partner).partnership("form", $p.form());</pre>
 * and the engine turns the hits into findings, using the rule's metadata for the words.
 */
public final class FindingCollector {
    private final List<FindingHit> hits = new ArrayList<>();

    /** Starts a hit for the rule whose consequence is running. */
    public FindingHit emit(RuleContext context) {
        FindingHit hit = new FindingHit(context.getRule().getName());
        hits.add(hit);
        return hit;
    }

    public List<FindingHit> hits() {
        return Collections.unmodifiableList(hits);
    }
}
