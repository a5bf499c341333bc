package org.csp.decisions.cases;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleSetBuilder;

/**
 * The traceability map: for each seed text, every claim that could bear on a partnership, with a short verbatim
 * quote, its location, and either the findings that encode it or the reason none does. It lives beside the rules as
 * {@code traceability/<seed-stem>.map.json} (one file per seed); it is data, never loaded as rules (the loader only
 * reads {@code *.drl}).
 *
 * <p>A finding's passages are the claims whose {@code encodedBy} names it; a rule may also name them in metadata
 * ({@code @passage1("002#p31")}, ...), which must then agree with the map (see {@link TraceabilityCheck}).
 */
public record TraceabilityMap(List<SeedMap> seeds, List<String> errors, String version) {

    /** The folder below a rules folder that holds the map files. */
    public static final String FOLDER = "traceability";
    /** Map file names end with this; one file per seed. */
    public static final String SUFFIX = ".map.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One seed's claims. {@code file} is the map file's path relative to the rules folder. */
    public record SeedMap(String file, String seed, String title, String label, List<String> notYetServed,
            List<Aggregate> aggregates, List<Claim> claims) {
        public SeedMap {
            notYetServed = notYetServed == null ? List.of() : List.copyOf(notYetServed);
            aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
            claims = claims == null ? List.of() : List.copyOf(claims);
        }

        SeedMap withFile(String path) {
            return new SeedMap(path, seed, title, label, notYetServed, aggregates, claims);
        }
    }

    /**
     * One claim of a seed. {@code line} is the 1-based line of the seed where the quote starts; {@code section} the
     * heading it sits under (a whole line of the seed). Either {@code encodedBy} names findings, or {@code reason} is
     * one of {@code needs-fact} (with {@code neededFact}), {@code descriptive-only}, {@code covered-by} (with
     * {@code coveredBy}, another claim id) or {@code proposed} (with {@code proposal}). A {@code proposal} may also sit
     * on an encoded claim when a finding encodes only part of it.
     */
    public record Claim(String id, int line, String section, String kind, String quote, List<String> encodedBy,
            String reason, String neededFact, String coveredBy, String note, Proposal proposal) {
        public Claim {
            encodedBy = encodedBy == null ? List.of() : List.copyOf(encodedBy);
        }
    }

    /** A finding the map proposes for review; never served. */
    public record Proposal(String id, String title, String category, String severity, String severityWhy,
            String condition, String subjects, String triggeringFacts, String explanation,
            List<String> recommendations, String why) {
        public Proposal {
            recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
        }
    }

    /** A finding computed from others (LEG-900): its passages are those of the findings it rolls up. */
    public record Aggregate(String id, String title, List<String> rollUpOf, String note) {
        public Aggregate {
            rollUpOf = rollUpOf == null ? List.of() : List.copyOf(rollUpOf);
        }
    }

    public static final String ENCODED = "encoded";
    public static final String NEEDS_FACT = "needs-fact";
    public static final String DESCRIPTIVE_ONLY = "descriptive-only";
    public static final String COVERED_BY = "covered-by";
    public static final String PROPOSED = "proposed";
    public static final List<String> REASONS = List.of(NEEDS_FACT, DESCRIPTIVE_ONLY, COVERED_BY, PROPOSED);
    public static final List<String> KINDS = List.of("FINDING", "CHALLENGE", "RECOMMENDATION", "COMPARISON",
            "DEFINITION");

    public TraceabilityMap {
        seeds = List.copyOf(seeds);
        errors = List.copyOf(errors);
    }

    /** Every claim of every seed, in file order. */
    public List<Claim> claims() {
        return seeds.stream().flatMap(s -> s.claims().stream()).toList();
    }

    /** Reads {@code traceability/*.map.json} below a rules folder's root; unreadable files become errors. */
    public static TraceabilityMap load(Path rulesRoot) {
        Path dir = rulesRoot.resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            return new TraceabilityMap(List.of(), List.of(FOLDER + "/: no traceability map in this rules folder (one "
                    + FOLDER + "/<seed>" + SUFFIX + " per seed)"), RuleSetBuilder.version(List.of()));
        }
        List<RuleFile> files;
        try (Stream<Path> paths = Files.list(dir)) {
            files = paths.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).filter(Files::isRegularFile)
                    .sorted().map(p -> new RuleFile(FOLDER + "/" + p.getFileName(), read(p))).toList();
        } catch (IOException e) {
            return new TraceabilityMap(List.of(), List.of(FOLDER + "/: cannot list: " + e.getMessage()),
                    RuleSetBuilder.version(List.of()));
        } catch (UncheckedIOException e) {
            return new TraceabilityMap(List.of(), List.of(e.getCause().getMessage()), RuleSetBuilder.version(List.of()));
        }
        return parse(files);
    }

    /** Parses map files given as (relative path, text). */
    public static TraceabilityMap parse(List<RuleFile> files) {
        List<SeedMap> seeds = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (RuleFile file : files) {
            try {
                SeedMap seed = JSON.readValue(file.content(), SeedMap.class);
                if (seed == null) {
                    errors.add(file.path() + ": empty");
                } else {
                    seeds.add(seed.withFile(file.path()));
                }
            } catch (JsonProcessingException e) {
                var at = e.getLocation();
                errors.add(file.path() + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": "
                        + e.getOriginalMessage());
            }
        }
        if (files.isEmpty()) {
            errors.add(FOLDER + "/: no *" + SUFFIX + " files");
        }
        return new TraceabilityMap(seeds, errors, RuleSetBuilder.version(files)); // same digest as ruleSetVersion
    }

    private static String read(Path file) {
        try {
            return RuleFile.utf8(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(FOLDER + "/" + file.getFileName() + ": cannot read: "
                    + e.getMessage(), e));
        }
    }
}
