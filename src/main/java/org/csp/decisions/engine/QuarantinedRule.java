package org.csp.decisions.engine;

import java.time.Instant;

/**
 * A rule taken out of service at run time because its consequence would not stop: still running after the time limit
 * and the halt and interrupt, on {@code calls} calls. It stays out until its file changes.
 *
 * @param rule   the rule's name
 * @param id     the token that names it in the served version's {@code +without:} suffix: the first word of its name
 *               (the finding id, with the {@code /variant} when a finding is written as several rules)
 * @param file   its file, relative to the rules folder
 * @param time   when it was quarantined
 * @param reason why, in words
 * @param calls  how many calls found it stuck
 */
public record QuarantinedRule(String rule, String id, String file, Instant time, String reason, int calls) {

    static String idOf(String ruleName) {
        int space = ruleName.indexOf(' ');
        return space > 0 ? ruleName.substring(0, space) : ruleName;
    }
}
