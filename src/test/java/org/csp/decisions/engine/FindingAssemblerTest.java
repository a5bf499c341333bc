package org.csp.decisions.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.cases.RuleCase;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.FindingCollector;
import org.csp.decisions.model.FindingHit;
import org.csp.decisions.model.Profile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.RuleContext;

/**
 * {@link FindingAssembler} gives exactly what {@link ReferenceFindingAssembler} (the assembler before it dropped its
 * per-finding maps, sets and streams) gives: on the hits of the bundled rules for A.10 and every bundled case, and on
 * made-up hits that exercise merging (several hits of one id, repeated subjects, facts and placeholders) and the
 * wording conflict.
 */
class FindingAssemblerTest {
    private static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static RuleSet ruleSet;

    @BeforeAll
    static void build() throws Exception {
        BuildResult result = new RuleSetBuilder(1).build(RulesFolder.bundled().ruleFiles(), "test");
        assertTrue(result.ok(), result.errors().toString());
        ruleSet = result.ruleSet();
    }

    @AfterAll
    static void retire() {
        ruleSet.retire();
    }

    /** The same answer, byte for byte in JSON (order of lists and maps included), at the same instant. */
    private static void same(String name, Profile profile, List<FindingHit> hits) throws Exception {
        Evaluation expected = new ReferenceFindingAssembler().assemble(ruleSet, "p-1", profile, hits, List.of("r"));
        Evaluation actual = new FindingAssembler().assemble(ruleSet, "p-1", profile, hits, List.of("r"));
        assertEquals(json(expected), json(actual), name);
        assertEquals(at(expected, null), at(actual, null), name);
    }

    private static Evaluation at(Evaluation e, Instant instant) {
        return new Evaluation(e.ruleSetVersion(), e.partnershipId(), instant, e.findings(), e.summary(), e.firedRules());
    }

    private static String json(Evaluation e) throws Exception {
        return JSON.writeValueAsString(at(e, Instant.EPOCH));
    }

    private static List<FindingHit> hits(EvaluationRequest request, Profile profile) {
        FindingCollector collector = new FindingCollector();
        KieSession session = ruleSet.newSession();
        try {
            Evaluator.insertFacts(session, request, profile, collector);
            ruleSet.fire(session, 10_000);
        } finally {
            session.dispose();
        }
        return collector.hits();
    }

    @Test
    void sameAnswerForA10AndEveryBundledCase() throws Exception {
        Map<String, JsonNode> requests = new LinkedHashMap<>();
        requests.put("A.10", JSON.readTree(Path.of("examples/a10-request.json").toFile()));
        List<String> errors = new ArrayList<>();
        for (RuleFile file : RulesFolder.bundled().caseFiles()) {
            for (RuleCase c : CaseFiles.parse(file, errors)) {
                requests.put(c.file() + ": " + c.name(), c.request());
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        int findings = 0;
        for (Map.Entry<String, JsonNode> entry : requests.entrySet()) {
            EvaluationRequest request = JSON.treeToValue(entry.getValue(), EvaluationRequest.class);
            Profile profile = Profile.of(request.partners(), request.agreements());
            List<FindingHit> hits = hits(request, profile);
            findings += hits.size();
            same(entry.getKey(), profile, hits);
            // Every pair of hits at once: several findings of one category, the aggregate with many contributors.
            List<FindingHit> twice = new ArrayList<>(hits);
            twice.addAll(hits);
            same(entry.getKey() + " (each hit twice)", profile, twice);
        }
        assertTrue(findings > 100, "hits seen: " + findings);
    }

    /** A hit of the named rule, made as a consequence makes it. */
    private static FindingHit emit(FindingCollector collector, String ruleName) {
        Rule rule = (Rule) Proxy.newProxyInstance(Rule.class.getClassLoader(), new Class<?>[] {Rule.class},
                (proxy, method, args) -> method.getName().equals("getName") ? ruleName : null);
        RuleContext context = (RuleContext) Proxy.newProxyInstance(RuleContext.class.getClassLoader(),
                new Class<?>[] {RuleContext.class}, (proxy, method, args) -> method.getName().equals("getRule") ? rule : null);
        return collector.emit(context);
    }

    @Test
    void sameAnswerForMergedAndMadeUpHits() throws Exception {
        EvaluationRequest request = JSON.readValue(Path.of("examples/a10-request.json").toFile(), EvaluationRequest.class);
        Profile profile = Profile.of(request.partners(), request.agreements());
        List<RuleMetadata> rules = ruleSet.rules();
        FindingCollector collector = new FindingCollector();
        for (int i = 0; i < rules.size(); i++) {
            RuleMetadata rule = rules.get(i);
            FindingHit first = emit(collector, rule.ruleName()).subject(request.partners().get(i % 4))
                    .subject(request.partners().get((i + 1) % 4)).subject(request.partners().get(i % 4))
                    .partnership("phase", "MIDDLE").fact("partners[p1].valuesAlignment", "LOW")
                    .fact("partners[p2].capabilityStrength", "WEAK").fact("z.number", i)
                    .param("x", "one").param("x", "two").param("y", List.of("a", "b", "c"));
            for (String name : rule.template().placeholders()) {
                first.param(name, "v" + i);
            }
            emit(collector, rule.ruleName()).subject(request.partners().get(3)).partnership("phase", "LATE")
                    .fact("profile.npoAndCompany", true).param("x", "three");
            emit(collector, rule.ruleName()); // a bare hit of the same finding
        }
        same("three hits per rule", profile, collector.hits());
        same("no hits", profile, List.of());
        same("no company or nonprofit", Profile.of(List.of(), null), collector.hits());
    }

    @Test
    void differentWordingForOneIdIsAConflictNamingBothRules() {
        // Two rules of one finding id whose explanations differ: the same error from both assemblers.
        List<RuleMetadata> rules = ruleSet.rules();
        RuleMetadata a = rules.get(0);
        RuleMetadata b = new RuleMetadata("ZZZ other rule", a.findingId(), a.title(), a.category(), a.severity(),
                a.source(), a.explanation() + " Different.", a.recommendations(), a.practiceNotes(), a.interpretation(),
                a.file(), a.line(), null);
        Map<String, RuleMetadata> byName = new LinkedHashMap<>();
        rules.forEach(r -> byName.put(r.ruleName(), r));
        byName.put(b.ruleName(), b);
        // Only the words are read: no compiled rules behind this set.
        RuleSet withConflict = new RuleSet("v", Instant.EPOCH, "test", List.of(), byName, ruleSet.aggregate(), null);
        FindingCollector collector = new FindingCollector();
        emit(collector, a.ruleName());
        emit(collector, b.ruleName());
        Profile profile = Profile.of(List.of(), null);
        RuleConflictException expected = assertThrows(RuleConflictException.class,
                () -> new ReferenceFindingAssembler().assemble(withConflict, "p", profile, collector.hits(), List.of()));
        RuleConflictException actual = assertThrows(RuleConflictException.class,
                () -> new FindingAssembler().assemble(withConflict, "p", profile, collector.hits(), List.of()));
        assertEquals(expected.getMessage(), actual.getMessage());
    }
}
