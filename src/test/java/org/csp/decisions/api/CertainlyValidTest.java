package org.csp.decisions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.metadata.BeanDescriptor;
import jakarta.validation.metadata.ConstraintDescriptor;
import jakarta.validation.metadata.ContainerElementTypeDescriptor;
import jakarta.validation.metadata.PropertyDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.csp.decisions.model.EvaluationRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link CertainlyValid} may skip Hibernate Validator only where the validator would find nothing: it covers every
 * constraint of the model (listed here from the validator's own metadata), and on boundary values its "valid" never
 * meets a violation.
 */
@QuarkusTest
class CertainlyValidTest {
    /** Every constraint CertainlyValid checks; a change to the model's constraints must change CertainlyValid too. */
    static final Set<String> COVERED = new TreeSet<>(List.of(
            "Coordination.fieldMechanisms: Size{max=8, min=0}",
            "Coordination.fieldMechanisms: UniqueElements{}",
            "Coordination.fieldMechanisms[]: NotNull{}",
            "Coordination.otherPartnershipsInField: Range{max=10000, min=0}",
            "EvaluationRequest: ConsistentPartners{}",
            "EvaluationRequest.partners: NotNull{}",
            "EvaluationRequest.partners: Size{max=50, min=1}",
            "EvaluationRequest.partners[]: NotNull{}",
            "EvaluationRequest.partnership: NotNull{}",
            "Financing.planningHorizonYears: Range{max=100, min=0}",
            "Financing.shortTermGrantShare: DecimalMax{inclusive=true, value=1.0}",
            "Financing.shortTermGrantShare: DecimalMin{inclusive=true, value=0.0}",
            "Partner.id: NotNull{}",
            "Partner.id: Pattern{flags=[], regexp=^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}",
            "Partner.name: NotBlank{}",
            "Partner.name: NotNull{}",
            "Partner.name: Size{max=200, min=0}",
            "Partner.resourceShare: DecimalMax{inclusive=true, value=1.0}",
            "Partner.resourceShare: DecimalMin{inclusive=true, value=0.0}",
            "Partner.sector: NotNull{}",
            "Partnership.durationMonths: Range{max=1200, min=1}",
            "Partnership.id: NotNull{}",
            "Partnership.id: Pattern{flags=[], regexp=^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$}",
            "Partnership.name: NotBlank{}",
            "Partnership.name: NotNull{}",
            "Partnership.name: Size{max=200, min=0}"));

    @Inject
    Validator validator;
    @Inject
    ObjectMapper mapper;

    @Test
    void coversEveryConstraintOfTheModel() {
        Set<String> found = new TreeSet<>();
        describe(EvaluationRequest.class, found, new HashSet<>());
        assertEquals(String.join("\n", COVERED), String.join("\n", found),
                "the model's constraints changed: update CertainlyValid (it must never call an invalid request valid)"
                        + " and then this list");
    }

    private void describe(Class<?> type, Set<String> found, Set<Class<?>> seen) {
        if (!seen.add(type)) {
            return;
        }
        BeanDescriptor bean = validator.getConstraintsForClass(type);
        for (ConstraintDescriptor<?> c : bean.getConstraintDescriptors()) {
            found.add(type.getSimpleName() + ": " + describe(c));
        }
        for (PropertyDescriptor p : bean.getConstrainedProperties()) {
            String at = type.getSimpleName() + "." + p.getPropertyName();
            for (ConstraintDescriptor<?> c : p.getConstraintDescriptors()) {
                found.add(at + ": " + describe(c));
            }
            for (ContainerElementTypeDescriptor e : p.getConstrainedContainerElementTypes()) {
                for (ConstraintDescriptor<?> c : e.getConstraintDescriptors()) {
                    found.add(at + "[]: " + describe(c));
                }
                if (e.isCascaded()) {
                    describe(e.getElementClass(), found, seen);
                }
            }
            if (p.isCascaded()) {
                describe(p.getElementClass(), found, seen);
            }
        }
    }

    private static String describe(ConstraintDescriptor<?> c) {
        Map<String, String> attributes = new TreeMap<>();
        c.getAttributes().forEach((k, v) -> {
            if (!Set.of("message", "groups", "payload").contains(k)) {
                attributes.put(k, v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v));
            }
        });
        return c.getAnnotation().annotationType().getSimpleName() + attributes.toString().replace("{", "{").trim();
    }

    private ObjectNode a10() throws Exception {
        return (ObjectNode) mapper.readTree(Path.of("examples/a10-request.json").toFile());
    }

    @Test
    void theA10RequestTakesTheQuickPath() throws Exception {
        EvaluationRequest request = mapper.treeToValue(a10(), EvaluationRequest.class);
        assertTrue(validator.validate(request).isEmpty());
        assertTrue(CertainlyValid.check(request), "a plainly valid request must not need the validator");
    }

    @Test
    void neverValidWhereTheValidatorFindsAViolation() throws Exception {
        List<Consumer<ObjectNode>> changes = new ArrayList<>();
        for (String id : new String[] {"a", "-a", "a".repeat(64), "a".repeat(65), "", "a b", "é"}) {
            changes.add(r -> ((ObjectNode) r.get("partnership")).put("id", id));
            changes.add(r -> ((ObjectNode) r.get("partners").get(1)).put("id", id));
        }
        changes.add(r -> ((ObjectNode) r.get("partnership")).putNull("id"));
        changes.add(r -> ((ObjectNode) r.get("partnership")).remove("name"));
        for (String name : new String[] {"", " ", "\t \n", "x".repeat(200), "x".repeat(201), "\u00a0", " x ", "\u2003", "\u3000", "\u2028", "\u00a0x"}) {
            changes.add(r -> ((ObjectNode) r.get("partnership")).put("name", name));
            changes.add(r -> ((ObjectNode) r.get("partners").get(0)).put("name", name));
        }
        for (int months : new int[] {-1, 0, 1, 1200, 1201}) {
            changes.add(r -> ((ObjectNode) r.get("partnership")).put("durationMonths", months));
        }
        for (double share : new double[] {-0.0, 0.0, 1.0, 1.0000001, -1e-9, 0.5}) {
            changes.add(r -> ((ObjectNode) r.get("partnership")).putObject("financing").put("shortTermGrantShare", share));
            changes.add(r -> ((ObjectNode) r.get("partners").get(0)).put("resourceShare", share));
        }
        for (int years : new int[] {-1, 0, 100, 101}) {
            changes.add(r -> ((ObjectNode) r.get("partnership")).putObject("financing").put("planningHorizonYears", years));
        }
        changes.add(r -> r.putArray("partners"));
        changes.add(r -> r.remove("partners"));
        changes.add(r -> r.remove("partnership"));
        changes.add(r -> ((ArrayNode) r.get("partners")).addNull());
        changes.add(r -> ((ObjectNode) r.get("partners").get(0)).putNull("sector"));
        changes.add(r -> ((ObjectNode) r.get("partners").get(1)).put("id", r.get("partners").get(0).get("id").asText()));
        changes.add(r -> {
            for (JsonNode p : r.get("partners")) {
                ((ObjectNode) p).put("resourceShare", 0.3); // sums to more than 1.001
            }
        });
        changes.add(r -> {
            ArrayNode partners = (ArrayNode) r.get("partners");
            JsonNode first = partners.get(0);
            partners.removeAll();
            for (int i = 0; i < 51; i++) {
                partners.add(((ObjectNode) first.deepCopy()).put("id", "p" + i).put("resourceShare", 0.0));
            }
        });
        String[] mechanisms = {"CROSS_PARTNERSHIP_MEETINGS", "JOINT_CAPACITY_BUILDING_PLATFORM", "ALIGNED_LOCAL_PROCESSES",
                "SHARED_RESOURCES", "UMBRELLA_PARTNERSHIP", "FUNDING_PLATFORM", "COLOCATED_SECRETARIATS",
                "CROSS_BOARD_REPRESENTATION", "CROSS_PARTNERSHIP_MEETINGS"};
        for (int n : new int[] {0, 1, 8, 9}) {
            changes.add(r -> {
                ArrayNode list = ((ObjectNode) r.get("coordination")).putArray("fieldMechanisms");
                for (int i = 0; i < n; i++) {
                    list.add(mechanisms[i]);
                }
            });
        }
        changes.add(r -> ((ObjectNode) r.get("coordination")).putArray("fieldMechanisms").add("SHARED_RESOURCES").add("SHARED_RESOURCES"));
        changes.add(r -> ((ObjectNode) r.get("coordination")).putArray("fieldMechanisms").addNull());
        for (int other : new int[] {-1, 0, 10000, 10001}) {
            changes.add(r -> ((ObjectNode) r.get("coordination")).put("otherPartnershipsInField", other));
        }
        int quick = 0;
        int invalid = 0;
        for (int i = 0; i < changes.size(); i++) {
            ObjectNode tree = a10();
            changes.get(i).accept(tree);
            EvaluationRequest request = mapper.treeToValue(tree, EvaluationRequest.class);
            boolean violations = !validator.validate(request).isEmpty();
            if (CertainlyValid.check(request)) {
                quick++;
                assertFalse(violations, "change " + i + " was called valid but the validator finds " + validator.validate(request));
            }
            invalid += violations ? 1 : 0;
        }
        assertTrue(quick > 10 && invalid > 20, "the boundaries cover both sides: " + quick + " quick, " + invalid + " invalid");
    }
}
