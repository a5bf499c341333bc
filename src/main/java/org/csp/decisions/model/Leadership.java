package org.csp.decisions.model;

/** How the partnership is led. Every field may be null (unknown). */
public record Leadership(LeadershipModel model, Boolean decisionMakersAtTable, Boolean committedToChangingPractice,
        ChangeAgent changeAgent) {
    public static final Leadership UNKNOWN = new Leadership(null, null, null, null);
}
