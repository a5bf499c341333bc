package org.csp.decisions.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one rule firing reports: the partners it is about, the facts that made its condition true (keys as in
 * FINDINGS.md C: {@code partnership.<path>}, {@code partners[<id>].<field>}, {@code agreements.<field>},
 * {@code coordination.<field>}, {@code profile.<name>}) and values for the placeholders of its explanation.
 * Enum values are reported by name.
 *
 * <p>Optional parts of a finding are written where they belong, so one rule can say everything its finding says:
 * {@code partnershipIf(condition, path, value)} (and the same {@code ...If} form of every recorder) records a fact only
 * when the condition holds, {@code partnershipIfPresent(path, value)} only when the value is known, and
 * {@code paramIf(condition, name, value)} adds a value to a placeholder only when the condition holds. Several values
 * given to one placeholder make a list, which the explanation shows as "a, b and c" (or chooses a wording by, see the
 * README's "Explanations").
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

    /**
     * Sets the value of an {@code {name}} placeholder in the rule's {@code @explanation}. Giving one name several
     * values (or a list) makes a list, shown as "a, b and c" in the order given.
     */
    public FindingHit param(String name, Object value) {
        paramNames.add(name);
        paramValues.add(plainParam(value));
        return this;
    }

    /** {@link #param} when the condition holds. */
    public FindingHit paramIf(boolean condition, String name, Object value) {
        return condition ? param(name, value) : this;
    }

    /** Adds every partner of the list to the subjects and records {@code partners[<id>].<field>} = value for each. */
    public FindingHit subjects(Collection<?> partners, String field, Object value) {
        for (Object partner : partners) {
            Partner p = (Partner) partner;
            subject(p);
            partner(p, field, value);
        }
        return this;
    }

    /** {@link #subjects(Collection, String, Object)} when the condition holds. */
    public FindingHit subjectsIf(boolean condition, Collection<?> partners, String field, Object value) {
        return condition ? subjects(partners, field, value) : this;
    }

    /** {@link #subject} when the condition holds. */
    public FindingHit subjectIf(boolean condition, Partner partner) {
        return condition ? subject(partner) : this;
    }

    /** {@link #partnership} when the condition holds. */
    public FindingHit partnershipIf(boolean condition, String path, Object value) {
        return condition ? partnership(path, value) : this;
    }

    /** {@link #partnership} when the value is known (not null). */
    public FindingHit partnershipIfPresent(String path, Object value) {
        return value != null ? partnership(path, value) : this;
    }

    /** {@link #partner} when the condition holds. */
    public FindingHit partnerIf(boolean condition, Partner partner, String field, Object value) {
        return condition ? partner(partner, field, value) : this;
    }

    /** {@link #partner} when the value is known (not null). */
    public FindingHit partnerIfPresent(Partner partner, String field, Object value) {
        return value != null ? partner(partner, field, value) : this;
    }

    /** {@link #agreements} when the condition holds. */
    public FindingHit agreementsIf(boolean condition, String field, Object value) {
        return condition ? agreements(field, value) : this;
    }

    /** {@link #agreements} when the value is known (not null). */
    public FindingHit agreementsIfPresent(String field, Object value) {
        return value != null ? agreements(field, value) : this;
    }

    /** {@link #coordination} when the condition holds. */
    public FindingHit coordinationIf(boolean condition, String field, Object value) {
        return condition ? coordination(field, value) : this;
    }

    /** {@link #coordination} when the value is known (not null). */
    public FindingHit coordinationIfPresent(String field, Object value) {
        return value != null ? coordination(field, value) : this;
    }

    /** {@link #profile} when the condition holds. */
    public FindingHit profileIf(boolean condition, String name, Object value) {
        return condition ? profile(name, value) : this;
    }

    /** {@link #fact} when the condition holds. */
    public FindingHit factIf(boolean condition, String key, Object value) {
        return condition ? fact(key, value) : this;
    }

    /** {@link #fact} when the value is known (not null). */
    public FindingHit factIfPresent(String key, Object value) {
        return value != null ? fact(key, value) : this;
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

    /** The names of the placeholders this hit fills. */
    public List<String> paramNames() {
        return paramNames;
    }

    /**
     * Adds this hit's placeholder values to {@code into}, keeping values already there (another hit of the same
     * finding came first). A name given several values gets the list of them, in order.
     */
    public void putParamsIfAbsent(Map<String, Object> into) {
        for (int i = 0; i < paramNames.size(); i++) {
            String name = paramNames.get(i);
            if (into.containsKey(name)) {
                continue;
            }
            int first = paramNames.indexOf(name);
            if (first != i) {
                continue; // a later value of a name already seen in this hit: collected below with the first
            }
            if (paramNames.lastIndexOf(name) == i) {
                into.put(name, paramValues.get(i));
                continue;
            }
            List<Object> values = new ArrayList<>();
            for (int j = i; j < paramNames.size(); j++) {
                if (paramNames.get(j).equals(name)) {
                    Object value = paramValues.get(j);
                    if (value instanceof List<?> list) {
                        values.addAll(list);
                    } else {
                        values.add(value);
                    }
                }
            }
            into.put(name, List.copyOf(values));
        }
    }

    /** A placeholder value: like {@link #plain}, but a list keeps the order the rule gave (it is read as text). */
    private static Object plainParam(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(FindingHit::plain).map(String::valueOf).toList();
        }
        return plain(value);
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
