package org.csp.decisions.model;

/** Standing and mandate of the partnership (Gold; ReThink Health). Every field may be null (unknown). */
public record Authority(Boolean established, AuthoritySource source, Charge charge) {
    public static final Authority UNKNOWN = new Authority(null, null, null);
}
