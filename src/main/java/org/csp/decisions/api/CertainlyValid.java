package org.csp.decisions.api;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.csp.decisions.model.ConsistentPartners;
import org.csp.decisions.model.Coordination;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.FieldMechanism;
import org.csp.decisions.model.Financing;
import org.csp.decisions.model.Messages;
import org.csp.decisions.model.Partner;
import org.csp.decisions.model.Partnership;

/**
 * A quick look at a bound request that answers "Bean Validation would find nothing wrong here" for the requests that
 * are plainly valid - the constraints of the model records, checked directly - so that {@link RequestReader} runs
 * Hibernate Validator only when something may be wrong, and every error message still comes from it.
 *
 * <p>It may only say {@code true} when Hibernate Validator would report no violation; saying {@code false} for a valid
 * request merely costs a run of the validator. {@code CertainlyValidTest} keeps it honest: it lists every constraint of
 * the model as Hibernate Validator's own metadata describes it and fails when one is added or changed without this
 * class, and it checks on boundary values that {@code true} never meets a violation.
 *
 * <p>Why by hand: in the profile of {@code POST /evaluate} under load Bean Validation of the A.10 request cost ~18 us
 * and ~37 KB of garbage per request (path nodes, traversal state, metadata look-ups for each cascaded bean;
 * bench/results/profiles/profile-evaluate-async-step2-*.txt), for a dozen simple constraints.
 */
final class CertainlyValid {
    private static final Pattern ID = Pattern.compile(Messages.ID_PATTERN);

    private CertainlyValid() {
    }

    static boolean check(EvaluationRequest r) {
        return partnership(r.partnership()) && partners(r.partners()) && coordination(r.coordination());
    }

    private static boolean partnership(Partnership p) {
        return p != null && id(p.id()) && name(p.name()) && range(p.durationMonths(), 1, 1200)
                && financing(p.financing());
    }

    private static boolean financing(Financing f) {
        return f == null || (share(f.shortTermGrantShare()) && range(f.planningHorizonYears(), 0, 100));
    }

    /** {@code @Size(min = 1, max = 50)}, no null item, each partner valid, and {@link ConsistentPartners}. */
    private static boolean partners(List<Partner> partners) {
        if (partners == null || partners.isEmpty() || partners.size() > 50) {
            return false;
        }
        Set<String> ids = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Partner p : partners) {
            if (p == null || !id(p.id()) || !name(p.name()) || p.sector() == null || !share(p.resourceShare())
                    || !ids.add(p.id())) {
                return false;
            }
            if (p.resourceShare() != null) {
                sum = sum.add(BigDecimal.valueOf(p.resourceShare()));
            }
        }
        return sum.compareTo(ConsistentPartners.MAX_SHARE_SUM) <= 0;
    }

    /** {@code @Size(max = 8)}, {@code @UniqueElements}, no null item, {@code @Range(0, 10000)}. */
    private static boolean coordination(Coordination c) {
        if (c == null) {
            return true;
        }
        List<FieldMechanism> mechanisms = c.fieldMechanisms();
        if (mechanisms != null) {
            if (mechanisms.size() > 8 || mechanisms.contains(null) || new HashSet<>(mechanisms).size() != mechanisms.size()) {
                return false;
            }
        }
        return range(c.otherPartnershipsInField(), 0, 10000);
    }

    /** {@code @NotNull @Pattern(ID_PATTERN)}. */
    private static boolean id(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * {@code @NotNull @NotBlank @Size(max = 200)}. Not blank: some character that is neither a control character nor
     * any kind of space (the validator counts Unicode whitespace such as U+2003 as blank; no-break spaces are left to
     * it too).
     */
    private static boolean name(String name) {
        if (name == null || name.length() > 200) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > ' ' && !Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code @Range(min, max)} of an optional integer. */
    private static boolean range(Integer value, int min, int max) {
        return value == null || (value >= min && value <= max);
    }

    /** {@code @DecimalMin("0.0") @DecimalMax("1.0")} of an optional share; NaN and infinities are left to the validator. */
    private static boolean share(Double value) {
        return value == null || (Double.isFinite(value) && value >= 0.0 && value <= 1.0);
    }
}
