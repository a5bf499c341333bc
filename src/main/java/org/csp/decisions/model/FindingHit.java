package org.csp.decisions.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one rule firing reports: the partners it is about, the facts that made its condition true (keys as in
 * FINDINGS.md C: {@code partnership.<path>}, {@code partners[<id>].<field>}, {@code agreements.<field>},
 * {@code coordination.<field>}, {@code profile.<name>}) and values for the placeholders of its explanation.
 * Enum values are reported by name.
 */
public final class FindingHit {
    private final String ruleName;
    // Plain lists, not maps: a hit holds a handful of entries and the engine merges and sorts them once.
    private final List<String> subjects = new ArrayList<>(2);
    private final List<String> factKeys = new ArrayList<>(4);
    private final List<Object> factValues = new ArrayList<>(4);
    private final List<String> paramNames = new ArrayList<>(1);
    private final List<Object> paramValues = new ArrayList<>(1);

    FindingHit(String ruleName) {
        this.ruleName = ruleName;
    }

    /** Adds a partner to the finding's subjects. */
    public FindingHit subject(Partner partner) {
        subjects.add(partner.id());
        return this;
    }

    /** Records {@code partnership.<path>} as a triggering fact; path may be nested, e.g. "governance.formalStructure". */
    public FindingHit partnership(String path, Object value) {
        return fact("partnership." + path, value);
    }

    /** Records {@code partners[<id>].<field>} as a triggering fact. */
    public FindingHit partner(Partner partner, String field, Object value) {
        return fact("partners[" + partner.id() + "]." + field, value);
    }

    /** Records {@code agreements.<field>} as a triggering fact. */
    public FindingHit agreements(String field, Object value) {
        return fact("agreements." + field, value);
    }

    /** Records {@code coordination.<field>} as a triggering fact. */
    public FindingHit coordination(String field, Object value) {
        return fact("coordination." + field, value);
    }

    /** Records {@code profile.<name>} (a derived value of A.8) as a triggering fact. */
    public FindingHit profile(String name, Object value) {
        return fact("profile." + name, value);
    }

    /** Records any triggering fact under the given key. */
    public FindingHit fact(String key, Object value) {
        factKeys.add(key);
        factValues.add(plain(value));
        return this;
    }

    /** Sets the value of an {@code {name}} placeholder in the rule's {@code @explanation}. */
    public FindingHit param(String name, Object value) {
        paramNames.add(name);
        paramValues.add(plain(value));
        return this;
    }

    public String ruleName() {
        return ruleName;
    }

    /** Partner ids, in the order emitted (may repeat). */
    public List<String> subjects() {
        return subjects;
    }

    /** Adds this hit's triggering facts to {@code into} (a later value for the same key wins). */
    public void putFacts(Map<String, Object> into) {
        for (int i = 0; i < factKeys.size(); i++) {
            into.put(factKeys.get(i), factValues.get(i));
        }
    }

    /** Adds this hit's placeholder values to {@code into}, keeping values already there. */
    public void putParamsIfAbsent(Map<String, Object> into) {
        for (int i = 0; i < paramNames.size(); i++) {
            into.putIfAbsent(paramNames.get(i), paramValues.get(i));
        }
    }

    /** Enums become their names and sets become sorted lists, so the JSON answer is plain and deterministic. */
    private static Object plain(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(FindingHit::plain).map(String::valueOf).sorted().toList();
        }
        return value;
    }
}
