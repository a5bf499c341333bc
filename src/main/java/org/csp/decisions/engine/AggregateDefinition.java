package org.csp.decisions.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.FindingSource;

/**
 * The words of the aggregate finding (LEG-900), kept as data beside the rules it aggregates
 * ({@code legitimacy/LEG-900.aggregate.json}): its id, the category it sums up, a title and an explanation with the
 * placeholders {@code {severity}}, {@code {findings}} (the contributing ids, separated by commas) and
 * {@code {subjects}}, and its source. Which findings contribute (every non-INFO finding of the category) and how its
 * severity is found (the highest of theirs) is FINDINGS.md D.6, and stays in {@link FindingAssembler}.
 *
 * <p>A rules folder without such a file (for example an analyst's copy made before it existed) uses the bundled one.
 */
public record AggregateDefinition(String id, Category category, String title, String explanation,
        FindingSource source, String interpretation, String file) {

    static final String SUFFIX = ".aggregate.json";
    static final String BUNDLED = RulesFolder.BUNDLED_ROOT + "/legitimacy/LEG-900" + SUFFIX;
    static final Set<String> PLACEHOLDERS = Set.of("severity", "findings", "subjects");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private record Source(String seed, String citation, String paraphrase) {
    }

    private record Json(String id, Category category, String title, String explanation, Source source,
            String interpretation) {
    }

    static boolean isAggregateFile(String path) {
        return path.endsWith(SUFFIX);
    }

    /** True when the folder had no aggregate file of its own and the bundled words are used. */
    public boolean isBundledFallback() {
        return BUNDLED.equals(file);
    }

    ExplanationTemplate titleTemplate() {
        return ExplanationTemplate.parse(title);
    }

    ExplanationTemplate explanationTemplate() {
        return ExplanationTemplate.parse(explanation);
    }

    /** Reads and checks an aggregate file; problems go to {@code errors} with the file and line. */
    static AggregateDefinition read(RuleFile file, List<RuleError> errors) {
        Json json;
        try {
            json = JSON.readValue(file.content(), Json.class);
        } catch (UnrecognizedPropertyException e) {
            errors.add(error(file, e.getLocation(), "unknown key \"" + e.getPropertyName() + "\"; the keys are "
                    + "id, category, title, explanation, source (seed, citation, paraphrase) and interpretation"));
            return null;
        } catch (JsonProcessingException e) {
            errors.add(error(file, e.getLocation(), e.getOriginalMessage()));
            return null;
        }
        int before = errors.size();
        if (json == null) {
            errors.add(new RuleError(file.path(), 1, 1, "is empty; it needs id, category, title, explanation and source"));
            return null;
        }
        require(file, "id", json.id(), errors);
        require(file, "title", json.title(), errors);
        require(file, "explanation", json.explanation(), errors);
        if (json.category() == null) {
            errors.add(new RuleError(file.path(), 1, 1, "missing \"category\" (the category it aggregates, e.g. LEGITIMACY_RISK)"));
        }
        if (json.source() == null) {
            errors.add(new RuleError(file.path(), 1, 1, "missing \"source\": {\"seed\", \"citation\", \"paraphrase\"}"));
        } else {
            require(file, "source.seed", json.source().seed(), errors);
            require(file, "source.citation", json.source().citation(), errors);
            require(file, "source.paraphrase", json.source().paraphrase(), errors);
            if (json.source().paraphrase() != null && !json.source().paraphrase().isBlank()) {
                // the same house rule as a rule's @paraphrase: a full sentence saying what the research found
                WordingRules.checkWords(java.util.Map.of("paraphrase", json.source().paraphrase()), (key, message) ->
                        errors.add(new RuleError(file.path(), lineOf(file, "\"paraphrase\""), 1, "source.paraphrase: "
                                + message.replace("@paraphrase", "the paraphrase"))));
            }
        }
        for (String text : new String[] {json.title(), json.explanation()}) {
            if (text != null) {
                for (String name : ExplanationTemplate.parse(text).placeholders()) {
                    if (!PLACEHOLDERS.contains(name)) {
                        errors.add(new RuleError(file.path(), 1, 1, "placeholder {" + name + "} cannot be filled; "
                                + "an aggregate offers {severity}, {findings} and {subjects}"));
                    }
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new AggregateDefinition(json.id(), json.category(), json.title(), json.explanation(),
                new FindingSource(json.source().seed(), json.source().citation(), json.source().paraphrase()),
                json.interpretation(), file.path());
    }

    /** The bundled aggregate, for a folder that has none of its own. */
    static AggregateDefinition bundled() {
        try (InputStream in = AggregateDefinition.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the bundled " + BUNDLED + " is missing");
            }
            List<RuleError> errors = new java.util.ArrayList<>();
            AggregateDefinition definition = read(new RuleFile(BUNDLED,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)), errors);
            if (definition == null) {
                throw new IllegalStateException("the bundled " + BUNDLED + " is invalid: " + errors);
            }
            return definition;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED + ": " + e.getMessage(), e);
        }
    }

    /** The line of the first occurrence of {@code text} in the file, 1 when absent. */
    private static int lineOf(RuleFile file, String text) {
        int at = file.content().indexOf(text);
        return at < 0 ? 1 : (int) file.content().substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

        private static void require(RuleFile file, String key, String value, List<RuleError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new RuleError(file.path(), 1, 1, "missing \"" + key + "\""));
        }
    }

    private static RuleError error(RuleFile file, JsonLocation location, String message) {
        return new RuleError(file.path(), location == null ? 0 : location.getLineNr(),
                location == null ? 0 : location.getColumnNr(), message);
    }
}
