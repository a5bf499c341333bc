package org.csp.decisions.cases;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.csp.decisions.cases.TraceabilityMap.Aggregate;
import org.csp.decisions.cases.TraceabilityMap.Claim;
import org.csp.decisions.cases.TraceabilityMap.Proposal;
import org.csp.decisions.cases.TraceabilityMap.SeedMap;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Severity;

/**
 * Checks the traceability map both ways against the served findings: every served finding cites at least one
 * passage (and one in its {@code @source} seed); every passage a rule names in {@code @passageN} metadata exists and
 * agrees with the map; every claim is encoded or explained; every {@code encodedBy} id is a served finding; proposals
 * are well formed and never served. {@link #quotes} checks, given the seed texts, that every quote occurs verbatim
 * (after whitespace normalisation) at the line and under the heading the map gives.
 */
public final class TraceabilityCheck {
    private static final Pattern CLAIM_ID = Pattern.compile("^(\\d{3})#p[1-9]\\d*$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /** A finding the served rules emit: its id, the seed its {@code @source} names, and its @passageN metadata. */
    public record ServedFinding(String id, String sourceSeed, List<String> metadataPassages) {
        public ServedFinding {
            metadataPassages = metadataPassages == null ? List.of() : List.copyOf(metadataPassages);
        }
    }

    private TraceabilityCheck() {
    }

    /** Claims by id, across all seeds (first one wins; duplicates are reported by {@link #structure}). */
    public static Map<String, Claim> claimsById(TraceabilityMap map) {
        Map<String, Claim> byId = new LinkedHashMap<>();
        map.claims().forEach(c -> byId.putIfAbsent(c.id(), c));
        return byId;
    }

    /** The aggregates the map declares, by id. */
    public static Map<String, Aggregate> aggregates(TraceabilityMap map) {
        Map<String, Aggregate> byId = new LinkedHashMap<>();
        map.seeds().forEach(s -> s.aggregates().forEach(a -> byId.putIfAbsent(a.id(), a)));
        return byId;
    }

    /** Finding ids the map names in encodedBy although they are not served yet (catalogue additions in progress). */
    public static Set<String> notYetServed(TraceabilityMap map) {
        Set<String> ids = new TreeSet<>();
        map.seeds().forEach(s -> ids.addAll(s.notYetServed()));
        return ids;
    }

    /**
     * Each finding's passages as the map lists them (claims whose encodedBy names it, in map order); an aggregate's
     * are the union of those of the findings it rolls up.
     */
    public static Map<String, List<String>> passagesByFinding(TraceabilityMap map) {
        Map<String, Set<String>> byFinding = new LinkedHashMap<>();
        for (Claim claim : map.claims()) {
            for (String id : claim.encodedBy()) {
                byFinding.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(claim.id());
            }
        }
        for (Aggregate aggregate : aggregates(map).values()) {
            Set<String> union = new LinkedHashSet<>();
            aggregate.rollUpOf().forEach(id -> union.addAll(byFinding.getOrDefault(id, Set.of())));
            byFinding.put(aggregate.id(), union);
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        byFinding.forEach((id, passages) -> result.put(id, List.copyOf(passages)));
        return result;
    }

    /** The status of a claim: "encoded" or its reason. */
    public static String status(Claim claim) {
        return claim.encodedBy().isEmpty() ? claim.reason() : TraceabilityMap.ENCODED;
    }

    /** Everything that does not need the seed texts. {@code served} holds the findings of the served rules. */
    public static List<String> structure(TraceabilityMap map, Collection<ServedFinding> served) {
        List<String> problems = new ArrayList<>(map.errors());
        if (map.seeds().isEmpty() && !problems.isEmpty()) {
            return problems; // no map at all: one problem, not one per finding
        }
        Map<String, ServedFinding> servedById = new LinkedHashMap<>();
        served.forEach(f -> servedById.putIfAbsent(f.id(), f));
        Map<String, Aggregate> aggregates = aggregates(map);
        Set<String> pending = notYetServed(map);
        Map<String, Claim> claims = new HashMap<>();
        Map<String, String> seedOfClaim = new HashMap<>();
        Set<String> seeds = new HashSet<>();
        Map<String, String> proposalIds = new HashMap<>();

        for (SeedMap seed : map.seeds()) {
            String where = seed.file();
            if (blank(seed.seed())) {
                problems.add(where + ": \"seed\" (the seed file name) is missing");
                continue;
            }
            if (!seeds.add(seed.seed())) {
                problems.add(where + ": seed " + seed.seed() + " is mapped in two files; keep one file per seed");
            }
            String expectedFile = TraceabilityMap.FOLDER + "/" + stem(seed.seed()) + TraceabilityMap.SUFFIX;
            if (!expectedFile.equals(where)) {
                problems.add(where + ": maps " + seed.seed() + "; name the file " + expectedFile);
            }
            if (blank(seed.label())) {
                problems.add(where + ": \"label\" (a short name for tables) is missing");
            }
            for (Claim claim : seed.claims()) {
                String at = where + ": claim " + claim.id();
                if (blank(claim.id())) {
                    problems.add(where + ": a claim has no id");
                    continue;
                }
                var idMatch = CLAIM_ID.matcher(claim.id());
                if (!idMatch.matches() || !seed.seed().startsWith(idMatch.group(1))) {
                    problems.add(at + ": id must be \"" + seed.seed().substring(0, Math.min(3, seed.seed().length()))
                            + "#p<n>\" (the seed's number, then p and a number)");
                }
                if (claims.putIfAbsent(claim.id(), claim) != null) {
                    problems.add(at + ": id is used twice");
                }
                seedOfClaim.putIfAbsent(claim.id(), seed.seed());
                if (blank(claim.quote())) {
                    problems.add(at + ": \"quote\" is missing");
                }
                if (claim.line() < 1) {
                    problems.add(at + ": \"line\" must be the seed line (from 1) where the quote starts");
                }
                if (!TraceabilityMap.KINDS.contains(claim.kind())) {
                    problems.add(at + ": \"kind\" must be one of " + TraceabilityMap.KINDS);
                }
            }
        }
        // Second pass: references between claims, findings and proposals.
        for (SeedMap seed : map.seeds()) {
            for (Claim claim : seed.claims()) {
                if (blank(claim.id())) {
                    continue;
                }
                String at = seed.file() + ": claim " + claim.id();
                checkExplained(claim, at, claims, problems);
                for (String id : claim.encodedBy()) {
                    if (!servedById.containsKey(id) && !aggregates.containsKey(id) && !pending.contains(id)) {
                        problems.add(at + ": encodedBy " + id + " is not a served finding");
                    }
                }
                if (claim.proposal() != null) {
                    checkProposal(claim.proposal(), at, servedById.keySet(), proposalIds, claim.id(), problems);
                }
            }
            for (String id : seed.notYetServed()) {
                if (map.claims().stream().noneMatch(c -> c.encodedBy().contains(id))) {
                    problems.add(seed.file() + ": notYetServed " + id + " is named by no claim's encodedBy");
                }
            }
        }
        for (String id : proposalIds.keySet()) {
            if (map.claims().stream().anyMatch(c -> c.encodedBy().contains(id))) {
                problems.add("proposal " + id + " is named in encodedBy; a proposal is not served, so it encodes nothing");
            }
        }

        Map<String, List<String>> passages = passagesByFinding(map);
        for (Aggregate aggregate : aggregates.values()) {
            if (aggregate.rollUpOf().isEmpty()) {
                problems.add("aggregate " + aggregate.id() + ": \"rollUpOf\" names no finding");
            }
            for (String id : aggregate.rollUpOf()) {
                if (!servedById.containsKey(id)) {
                    problems.add("aggregate " + aggregate.id() + ": rollUpOf " + id + " is not a served finding");
                }
            }
            if (passages.getOrDefault(aggregate.id(), List.of()).isEmpty()) {
                problems.add("finding " + aggregate.id() + " cites no passage: the findings it rolls up cite none");
            }
        }
        for (ServedFinding finding : servedById.values()) {
            List<String> fromMap = passages.getOrDefault(finding.id(), List.of());
            for (String passage : finding.metadataPassages()) {
                if (!claims.containsKey(passage)) {
                    problems.add("finding " + finding.id() + ": rule metadata cites passage " + passage
                            + ", which is not in the traceability map");
                }
            }
            if (!finding.metadataPassages().isEmpty()
                    && !new TreeSet<>(finding.metadataPassages()).equals(new TreeSet<>(fromMap))) {
                problems.add("finding " + finding.id() + ": rule metadata cites " + new TreeSet<>(finding.metadataPassages())
                        + " but the map's encodedBy gives " + new TreeSet<>(fromMap) + "; make them agree");
            }
            if (fromMap.isEmpty() && finding.metadataPassages().isEmpty()) {
                problems.add("finding " + finding.id() + " cites no passage: name it in the encodedBy of the claim(s) "
                        + "it rests on in " + TraceabilityMap.FOLDER + "/<seed>" + TraceabilityMap.SUFFIX);
            } else if (finding.sourceSeed() != null && fromMap.stream()
                    .noneMatch(p -> finding.sourceSeed().equals(seedOfClaim.get(p)))) {
                problems.add("finding " + finding.id() + ": none of its passages " + fromMap + " is in its @source seed "
                        + finding.sourceSeed());
            }
        }
        return problems;
    }

    private static void checkExplained(Claim claim, String at, Map<String, Claim> claims, List<String> problems) {
        boolean encoded = !claim.encodedBy().isEmpty();
        String reason = claim.reason();
        if (encoded && reason != null) {
            problems.add(at + ": has both encodedBy and reason \"" + reason + "\"; keep one");
            return;
        }
        if (!encoded && reason == null) {
            problems.add(at + ": is neither encoded (encodedBy) nor explained (reason: one of "
                    + TraceabilityMap.REASONS + ")");
            return;
        }
        if (!encoded && !TraceabilityMap.REASONS.contains(reason)) {
            problems.add(at + ": reason \"" + reason + "\" is not one of " + TraceabilityMap.REASONS);
            return;
        }
        if (TraceabilityMap.NEEDS_FACT.equals(reason) && blank(claim.neededFact())) {
            problems.add(at + ": reason needs-fact must name the request field it would need in \"neededFact\"");
        }
        if (!TraceabilityMap.NEEDS_FACT.equals(reason) && claim.neededFact() != null) {
            problems.add(at + ": \"neededFact\" goes with reason needs-fact only");
        }
        if (TraceabilityMap.COVERED_BY.equals(reason)) {
            if (blank(claim.coveredBy())) {
                problems.add(at + ": reason covered-by must name the other claim in \"coveredBy\"");
            } else if (claim.coveredBy().equals(claim.id())) {
                problems.add(at + ": is covered by itself");
            } else if (!claims.containsKey(claim.coveredBy())) {
                problems.add(at + ": coveredBy " + claim.coveredBy() + " is not a claim of the map");
            }
        } else if (claim.coveredBy() != null) {
            problems.add(at + ": \"coveredBy\" goes with reason covered-by only");
        }
        if (TraceabilityMap.PROPOSED.equals(reason) && claim.proposal() == null) {
            problems.add(at + ": reason proposed needs a \"proposal\"");
        }
    }

    private static void checkProposal(Proposal p, String at, Set<String> served, Map<String, String> ids,
            String claimId, List<String> problems) {
        String where = at + ": proposal " + p.id();
        if (blank(p.id())) {
            problems.add(at + ": proposal has no id");
            return;
        }
        if (!p.id().startsWith("PROP-")) {
            problems.add(where + ": a proposal's id starts with PROP- so it can never be mistaken for a served finding");
        }
        if (served.contains(p.id())) {
            problems.add(where + ": is served; a proposal must not be");
        }
        String before = ids.putIfAbsent(p.id(), claimId);
        if (before != null) {
            problems.add(where + ": id is also used by the proposal on claim " + before);
        }
        Map<String, String> required = new LinkedHashMap<>();
        required.put("title", p.title());
        required.put("severityWhy", p.severityWhy());
        required.put("condition", p.condition());
        required.put("explanation", p.explanation());
        required.put("why", p.why());
        required.forEach((field, value) -> {
            if (blank(value)) {
                problems.add(where + ": \"" + field + "\" is missing");
            }
        });
        if (Arrays.stream(Category.values()).noneMatch(c -> c.name().equals(p.category()))) {
            problems.add(where + ": \"category\" must be one of " + Arrays.toString(Category.values()));
        }
        if (Arrays.stream(Severity.values()).noneMatch(s -> s.name().equals(p.severity()))) {
            problems.add(where + ": \"severity\" must be one of " + Arrays.toString(Severity.values()));
        }
        if (p.recommendations().isEmpty() || p.recommendations().stream().anyMatch(TraceabilityCheck::blank)) {
            problems.add(where + ": \"recommendations\" (from the seed) must be a non-empty list of sentences");
        }
    }

    /**
     * Checks every quote against its seed text in {@code seedsDir}: it must occur verbatim after whitespace is
     * collapsed, one occurrence must start on the claim's line, and the section must be a whole line of the seed.
     */
    public static List<String> quotes(TraceabilityMap map, Path seedsDir) {
        List<String> problems = new ArrayList<>();
        for (SeedMap seed : map.seeds()) {
            if (blank(seed.seed())) {
                continue;
            }
            Path file = seedsDir.resolve(seed.seed());
            String text;
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(seed.file() + ": seed " + seed.seed() + " cannot be read from " + seedsDir + ": " + e);
                continue;
            }
            problems.addAll(quotes(seed, text));
        }
        return problems;
    }

    /** The quote checks for one seed, given its text. */
    public static List<String> quotes(SeedMap seed, String text) {
        List<String> problems = new ArrayList<>();
        Normalised normalised = Normalised.of(text);
        Set<String> lines = new HashSet<>();
        text.lines().map(String::strip).forEach(lines::add);
        for (Claim claim : seed.claims()) {
            if (blank(claim.quote())) {
                continue;
            }
            String at = seed.file() + ": claim " + claim.id();
            String quote = normalise(claim.quote());
            List<Integer> startLines = normalised.startLinesOf(quote);
            if (startLines.isEmpty()) {
                problems.add(at + ": quote \"" + claim.quote() + "\" does not occur in " + seed.seed());
            } else if (!startLines.contains(claim.line())) {
                problems.add(at + ": quote starts on line " + startLines + " of " + seed.seed() + ", not on line "
                        + claim.line());
            }
            if (claim.section() != null && !lines.contains(claim.section().strip())) {
                problems.add(at + ": section \"" + claim.section() + "\" is not a line of " + seed.seed());
            }
        }
        return problems;
    }

    /** Collapses every run of whitespace (line breaks and no-break spaces included) to one space, and trims. */
    public static String normalise(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** A seed's text with whitespace collapsed, remembering the original line of every character. */
    private record Normalised(String text, int[] lineOf) {
        static Normalised of(String raw) {
            StringBuilder out = new StringBuilder(raw.length());
            int[] lines = new int[raw.length() + 1];
            int line = 1;
            boolean space = false;
            for (int i = 0; i < raw.length(); ) {
                int cp = raw.codePointAt(i);
                boolean isSpace = Character.isWhitespace(cp) || Character.isSpaceChar(cp);
                if (isSpace) {
                    space = out.length() > 0;
                } else {
                    if (space) {
                        lines[out.length()] = line;
                        out.append(' ');
                        space = false;
                    }
                    int start = out.length();
                    out.appendCodePoint(cp);
                    for (int k = start; k < out.length(); k++) {
                        lines[k] = line;
                    }
                }
                if (cp == '\n') {
                    line++;
                }
                i += Character.charCount(cp);
            }
            return new Normalised(out.toString(), lines);
        }

        List<Integer> startLinesOf(String quote) {
            List<Integer> starts = new ArrayList<>();
            for (int at = text.indexOf(quote); at >= 0 && !quote.isEmpty(); at = text.indexOf(quote, at + 1)) {
                starts.add(lineOf[at]);
            }
            return starts;
        }
    }

    private static String stem(String seedFile) {
        return seedFile.endsWith(".txt") ? seedFile.substring(0, seedFile.length() - 4) : seedFile;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
