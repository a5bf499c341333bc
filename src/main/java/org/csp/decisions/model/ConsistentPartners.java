package org.csp.decisions.model;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cross-field rules of A.4 that no single field can express: partner ids are unique, and resource shares sum to at
 * most 1.0 (with a rounding tolerance of 0.001). Each violation names the offending element.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ConsistentPartners.Validator.class)
public @interface ConsistentPartners {
    String message() default "partners are inconsistent";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    BigDecimal MAX_SHARE_SUM = new BigDecimal("1.001");

    class Validator implements ConstraintValidator<ConsistentPartners, EvaluationRequest> {
        @Override
        public boolean isValid(EvaluationRequest request, ConstraintValidatorContext context) {
            List<Partner> partners = request.partners();
            if (partners == null) {
                return true;
            }
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            Set<String> seen = new HashSet<>();
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < partners.size(); i++) {
                Partner partner = partners.get(i);
                if (partner == null) {
                    continue;
                }
                if (partner.id() != null && !seen.add(partner.id())) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate("duplicate partner id '" + partner.id().replace("{", "").replace("$", "") + "'")
                            .addPropertyNode("partners").addPropertyNode("id").inIterable().atIndex(i)
                            .addConstraintViolation();
                }
                if (partner.resourceShare() != null) {
                    sum = sum.add(BigDecimal.valueOf(partner.resourceShare()));
                }
            }
            if (sum.compareTo(MAX_SHARE_SUM) > 0) {
                valid = false;
                context.buildConstraintViolationWithTemplate("the sum of partners[].resourceShare must not exceed 1.0 (it is " + sum.stripTrailingZeros().toPlainString() + ")")
                        .addPropertyNode("partners").addConstraintViolation();
            }
            return valid;
        }
    }
}
