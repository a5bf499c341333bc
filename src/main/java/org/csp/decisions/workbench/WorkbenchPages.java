package org.csp.decisions.workbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.csp.decisions.api.Problem;
import org.csp.decisions.api.ProblemException;
import org.csp.decisions.cases.CaseFiles;
import org.csp.decisions.cases.RuleCase;
import org.csp.decisions.config.RulesConfig;
import org.csp.decisions.engine.ReloadResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RuleMetadata;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.Severity;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.csp.decisions.workbench.PageViews.CaseView;
import org.csp.decisions.workbench.PageViews.CategoryView;
import org.csp.decisions.workbench.PageViews.EditFile;
import org.csp.decisions.workbench.PageViews.FindingPage;
import org.csp.decisions.workbench.PageViews.PassageView;
import org.csp.decisions.workbench.PageViews.FindingRow;
import org.csp.decisions.workbench.PageViews.Header;
import org.csp.decisions.workbench.PageViews.Line;
import org.csp.decisions.workbench.PageViews.Option;
import org.csp.decisions.workbench.PageViews.RollbackFile;
import org.csp.decisions.workbench.PageViews.RuleView;

/**
 * The analysts' workbench: server-rendered pages (Qute, everything escaped) with a little script served by the
 * service itself. Catalogue, finding, try, status and history, source, edit (validate with impact, publish,
 * delete) and roll back. Signed-in users only; off without an admin token.
 */
@Path("/")
@Tag(name = "Workbench pages", description = "HTML pages of the analysts' workbench (browser only)")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class WorkbenchPages {
    static final String AGGREGATE_ID = "LEG-900";
    private static final Pattern FINDING_ID = Pattern.compile("^[A-Z]{2,10}(-[A-Z]{2,10})?-\\d{3}$");
    private static final Pattern AREA = Pattern.compile("^[a-z][a-z0-9-]{0,40}(/[a-z][a-z0-9-]{0,40}){0,3}$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    @CheckedTemplate(basePath = "workbench")
    static class Templates {
        static native TemplateInstance signin(String message, String next);

        static native TemplateInstance catalogue(Header header, List<CategoryView> categories, int findingCount);

        static native TemplateInstance finding(Header header, FindingPage finding);

        static native TemplateInstance tryit(Header header, String a10, String requests);

        static native TemplateInstance status(Header header, ReloadResult last, String loadedAt,
                List<RulesStore.HistoryEntry> history, List<RulesStore.KeptVersion> versions, String readOnly);

        static native TemplateInstance source(Header header, String file, boolean exists, List<Line> lines, int line);

        static native TemplateInstance edit(Header header, List<EditFile> files, List<Option> openable, String readOnly,
                boolean requirePassingCases, String title);

        static native TemplateInstance newfinding(Header header, List<Option> categories, List<Option> severities,
                String message);

        static native TemplateInstance rollback(Header header, String version, List<RollbackFile> files, String changes,
                String readOnly);
    }

    @Inject
    WorkbenchAccess access;
    @Inject
    RuleEngine engine;
    @Inject
    RulesStore store;
    @Inject
    ChangeValidation validation;
    @Inject
    Samples samples;
    @Inject
    org.csp.decisions.cases.CoverageService coverage;
    @Inject
    ObjectMapper json;
    @Inject
    RulesConfig config;
    @Context
    UriInfo uri;

    // ---------------------------------------------------------------- sign in

    @GET
    @Path("signin")
    @Operation(hidden = true)
    public Response signinPage(@QueryParam("next") String next) {
        access.requireEnabled();
        return Response.ok(Templates.signin(null, safeNext(next)).render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response signin(@FormParam("token") String token, @FormParam("next") String next) {
        access.requireEnabled();
        Optional<String> session = access.signIn(token);
        if (session.isEmpty()) {
            return Response.status(401).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(Templates.signin("That is not the admin token.", safeNext(next)).render()).build();
        }
        return Response.seeOther(URI.create(safeNext(next)))
                .header("Set-Cookie", WorkbenchAccess.cookie(session.get(), secure())).build();
    }

    @POST
    @Path("signout")
    @Operation(hidden = true)
    public Response signout(@CookieParam(WorkbenchAccess.COOKIE) String session) {
        access.signOut(session);
        return Response.seeOther(URI.create("/signin")).header("Set-Cookie", WorkbenchAccess.cookie("", secure())).build();
    }

    // ---------------------------------------------------------------- catalogue

    @GET
    @Operation(hidden = true)
    public Response catalogue(@CookieParam(WorkbenchAccess.COOKIE) String session) {
        return page(session, () -> {
            RuleSet set = engine.current();
            Map<String, List<RuleMetadata>> byId = rulesById(set);
            Map<String, int[]> caseCounts = new TreeMap<>();
            for (ChangeValidation.CaseResult c : validation.servedCases()) {
                int[] counts = caseCounts.computeIfAbsent(c.finding(), k -> new int[2]);
                counts[0]++;
                if (c.passed()) {
                    counts[1]++;
                }
            }
            Map<Category, List<FindingRow>> rows = new LinkedHashMap<>();
            for (Category category : Category.values()) {
                rows.put(category, new ArrayList<>());
            }
            byId.forEach((id, rules) -> {
                RuleMetadata r = rules.get(0);
                int[] counts = caseCounts.getOrDefault(id, new int[2]);
                rows.get(r.category()).add(new FindingRow(id, r.severity().name(), r.title(), r.source().citation(),
                        r.source().seed(), r.file(), r.line(), counts[0], counts[1], false,
                        search(id, r.title(), r.severity().name(), r.source().citation(), r.source().seed(), r.explanation())));
            });
            int[] aggregate = caseCounts.getOrDefault(AGGREGATE_ID, new int[2]);
            rows.get(Category.LEGITIMACY_RISK).add(new FindingRow(AGGREGATE_ID, "highest of its contributors",
                    "Overall nonprofit legitimacy risk (aggregate)", "Herlin, Business and Society",
                    "002_80e93118022a0e8d.txt", null, 0, aggregate[0], aggregate[1], true,
                    search(AGGREGATE_ID, "overall nonprofit legitimacy risk aggregate", "high medium low", "herlin", "002")));
            List<CategoryView> categories = new ArrayList<>();
            rows.forEach((category, list) -> {
                list.sort(Comparator.comparing(FindingRow::id));
                categories.add(new CategoryView(category.name(), list));
            });
            return Templates.catalogue(header("catalogue"), categories, byId.size() + 1);
        });
    }

    // ---------------------------------------------------------------- finding

    /** The seed passages a finding rests on, from the coverage of the served set (cached per rule set and map). */
    private List<PassageView> passages(String id) {
        return coverage.current().findings().stream().filter(f -> f.id().equals(id)).findFirst()
                .map(f -> f.passages().stream()
                        .map(p -> new PassageView(p.id(), p.seed(), p.line(), p.section(), p.quote())).toList())
                .orElse(List.of());
    }

    @GET
    @Path("findings/{id}")
    @Operation(hidden = true)
    public Response finding(@CookieParam(WorkbenchAccess.COOKIE) String session, @PathParam("id") String id) {
        return page(session, () -> {
            RuleSet set = engine.current();
            List<RuleMetadata> rules = rulesById(set).get(id);
            boolean aggregate = AGGREGATE_ID.equals(id);
            if (rules == null && !aggregate) {
                throw new ProblemException(Problem.of("not-found", "Not found", 404, "no finding " + id + " in the served rules"));
            }
            Map<String, String> contents = new LinkedHashMap<>();
            set.files().forEach(f -> contents.put(f.path(), f.content()));
            List<RuleView> views = new ArrayList<>();
            for (RuleMetadata r : rules == null ? List.<RuleMetadata>of() : rules) {
                DrlSource.Block block = DrlSource.ruleBlock(contents.getOrDefault(r.file(), ""), r.line());
                List<Line> lines = new ArrayList<>();
                for (int i = 0; i < block.lines().size(); i++) {
                    lines.add(new Line(block.firstLine() + i, block.lines().get(i), false));
                }
                views.add(new RuleView(r.ruleName(), r.file(), r.line(), r.explanation(),
                        r.recommendations().stream().map(org.csp.decisions.engine.Advice::describe).toList(),
                        r.practiceNotes().stream().map(org.csp.decisions.engine.Advice::describe).toList(),
                        r.source().citation(), r.source().paraphrase(), r.source().seed(), r.interpretation(), lines));
            }
            Map<String, ChangeValidation.CaseResult> results = new LinkedHashMap<>();
            validation.servedCases().forEach(c -> results.put(c.file() + "\0" + c.name(), c));
            List<CaseView> cases = new ArrayList<>();
            for (RuleFile file : RulesStore.caseFiles(store.snapshot())) {
                if (!id.equals(ChangeValidation.findingOf(file))) {
                    continue;
                }
                for (RuleCase c : CaseFiles.parse(file, new ArrayList<>())) {
                    ChangeValidation.CaseResult result = results.get(c.file() + "\0" + c.name());
                    cases.add(new CaseView(c.file(), c.name(), result != null && result.passed(),
                            result == null ? List.of("not run yet") : result.problems(), c.expectPresent(),
                            c.expectAbsent(), c.expectFindings().isEmpty() ? null : pretty(c.expectFindings()),
                            pretty(c.request())));
                }
            }
            RuleMetadata first = rules == null ? null : rules.get(0);
            List<PassageView> passages = passages(id);
            FindingPage page = aggregate
                    ? new FindingPage(id, "Overall nonprofit legitimacy risk (aggregate)", Category.LEGITIMACY_RISK.name(),
                            "highest of its contributors", true,
                            "Computed in Java, not by a rule: present when any non-INFO LEGITIMACY_RISK finding fires, with the highest "
                                    + "severity among them, their subjects and recommendations. A new legitimacy rule with a real severity contributes too.",
                            views, cases, passages)
                    : new FindingPage(id, first.title(), first.category().name(), first.severity().name(), false, null, views,
                            cases, passages);
            return Templates.finding(header("catalogue"), page);
        });
    }

    // ---------------------------------------------------------------- try

    @GET
    @Path("try")
    @Operation(hidden = true)
    public Response tryIt(@CookieParam(WorkbenchAccess.COOKIE) String session) {
        return page(session, () -> {
            ArrayNode requests = json.createArrayNode();
            for (Samples.Sample s : samples.all()) {
                ObjectNode o = requests.addObject();
                o.put("group", "Sample partnerships");
                o.put("label", s.name());
                o.set("request", s.request());
            }
            for (RuleFile file : RulesStore.caseFiles(store.snapshot())) {
                for (RuleCase c : CaseFiles.parse(file, new ArrayList<>())) {
                    ObjectNode o = requests.addObject();
                    o.put("group", "Cases: " + file.path());
                    o.put("label", c.label());
                    o.set("request", c.request());
                }
            }
            return Templates.tryit(header("try"), pretty(samples.a10().request()), scriptJson(requests));
        });
    }

    // ---------------------------------------------------------------- status and history

    @GET
    @Path("status")
    @Operation(hidden = true)
    public Response status(@CookieParam(WorkbenchAccess.COOKIE) String session) {
        return page(session, () -> Templates.status(header("status"), engine.lastReload(),
                TIME.format(engine.current().loadedAt()), store.history(), store.versions(), store.readOnlyReason()));
    }

    @GET
    @Path("source")
    @Operation(hidden = true)
    public Response source(@CookieParam(WorkbenchAccess.COOKIE) String session, @QueryParam("file") String file,
            @QueryParam("line") int line) {
        return page(session, () -> {
            Optional<RulesStore.Source> source = store.read(file);
            List<Line> lines = new ArrayList<>();
            if (source.isPresent()) {
                List<String> text = source.get().content().lines().toList();
                for (int i = 0; i < text.size(); i++) {
                    lines.add(new Line(i + 1, text.get(i), i + 1 == line));
                }
            }
            return Templates.source(header("status"), file, source.isPresent(), lines, line);
        });
    }

    // ---------------------------------------------------------------- edit

    @GET
    @Path("edit")
    @Operation(hidden = true)
    public Response edit(@CookieParam(WorkbenchAccess.COOKIE) String session, @QueryParam("file") String file) {
        return page(session, () -> {
            List<EditFile> files = new ArrayList<>();
            String title = "Edit";
            if (file != null && !file.isBlank()) {
                RulesStore.Source source = store.read(file).orElseThrow(() -> new ProblemException(
                        Problem.of("not-found", "Not found", 404, "no file " + file + " in the rules folder")));
                files.add(new EditFile(source.path(), kind(source.path()), source.sha(), source.content(), true));
                title = "Edit " + source.path();
            }
            return Templates.edit(header("edit"), files, openable(file), store.readOnlyReason(),
                    config.requirePassingCases(), title);
        });
    }

    @GET
    @Path("edit/new")
    @Operation(hidden = true)
    public Response newFinding(@CookieParam(WorkbenchAccess.COOKIE) String session, @QueryParam("id") String id,
            @QueryParam("area") String area, @QueryParam("category") String category,
            @QueryParam("severity") String severity) {
        return page(session, () -> {
            if (id == null) {
                return Templates.newfinding(header("edit"), options(Category.values(), null), options(Severity.values(), null), null);
            }
            String cleanArea = area == null || area.isBlank() ? "analyst" : area.strip().toLowerCase(Locale.ROOT);
            Category cat = parse(Category.class, category, Category.COORDINATION_GAP);
            Severity sev = parse(Severity.class, severity, Severity.LOW);
            if (!FINDING_ID.matcher(id.strip()).matches() || !AREA.matcher(cleanArea).matches()) {
                return Templates.newfinding(header("edit"), options(Category.values(), cat), options(Severity.values(), sev),
                        "The id must look like ANA-001 (capitals, a dash, three digits) and the folder like analyst or "
                                + "analyst/health (lower case letters, digits and dashes).");
            }
            String findingId = id.strip();
            String drl = cleanArea + "/" + findingId + ".drl";
            String cases = CaseFiles.newCaseFile(drl, findingId);
            List<EditFile> files = new ArrayList<>();
            files.add(existingOr(drl, NewFinding.drl(findingId, cleanArea, cat, sev)));
            files.add(existingOr(cases, NewFinding.cases(findingId)));
            return Templates.edit(header("edit"), files, openable(null), store.readOnlyReason(),
                    config.requirePassingCases(), "New finding " + findingId);
        });
    }

    @GET
    @Path("rollback/{version}")
    @Operation(hidden = true)
    public Response rollback(@CookieParam(WorkbenchAccess.COOKIE) String session, @PathParam("version") String version) {
        return page(session, () -> {
            ChangeSet changes = store.restore(version);
            Map<String, String> current = store.snapshot();
            List<RollbackFile> files = changes.changes().stream().map(c -> new RollbackFile(c.path(),
                    c.content() == null ? "deleted" : current.containsKey(c.path()) ? "restored" : "added back")).toList();
            return Templates.rollback(header("status"), version, files, scriptJson(changes), store.readOnlyReason());
        });
    }

    // ---------------------------------------------------------------- helpers

    private EditFile existingOr(String path, String template) {
        return store.read(path).map(s -> new EditFile(path, kind(path), s.sha(), s.content(), true))
                .orElse(new EditFile(path, kind(path), null, template, false));
    }

    private static String kind(String path) {
        return path.endsWith(".drl") ? "drl" : "json";
    }

    private List<Option> openable(String selected) {
        return store.files().stream().map(f -> new Option(f.path(), f.path(), f.path().equals(selected))).toList();
    }

    private static <E extends Enum<E>> List<Option> options(E[] values, E selected) {
        List<Option> options = new ArrayList<>();
        for (E e : values) {
            options.add(new Option(e.name(), e.name(), e == selected));
        }
        return options;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback) {
        try {
            return value == null ? fallback : Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    static Map<String, List<RuleMetadata>> rulesById(RuleSet set) {
        Map<String, List<RuleMetadata>> byId = new TreeMap<>();
        for (RuleMetadata r : set.rules()) {
            byId.computeIfAbsent(r.findingId(), k -> new ArrayList<>()).add(r);
        }
        return byId;
    }

    private static String search(String... parts) {
        return String.join(" ", java.util.Arrays.stream(parts).filter(java.util.Objects::nonNull).toList()).toLowerCase(Locale.ROOT);
    }

    Header header(String page) {
        RuleSet set = engine.current();
        ReloadResult last = engine.lastReload();
        return new Header(page, set.version(), set.rules().size(), set.origin(),
                last == null ? "none" : last.outcome().name(), last == null ? "" : TIME.format(last.at()),
                last != null && last.outcome() == ReloadResult.Outcome.FAILED);
    }

    /** Signed in: the page; otherwise to the sign-in page and back. Off without a token (404). */
    private Response page(String session, java.util.function.Supplier<TemplateInstance> render) {
        access.requireEnabled();
        if (!access.signedIn(session)) {
            String next = uri.getRequestUri().getRawPath()
                    + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
            return Response.seeOther(URI.create("/signin?next=" + java.net.URLEncoder.encode(next,
                    java.nio.charset.StandardCharsets.UTF_8))).build();
        }
        return Response.ok(render.get().render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private boolean secure() {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme());
    }

    /** Only a local path: never "//host" or "http:...", so sign-in cannot redirect elsewhere. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.length() > 500 || next.chars().anyMatch(c -> c < 0x20)) {
            return "/";
        }
        return next;
    }

    private String pretty(Object value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /**
     * JSON for a {@code <script type="application/json">} block: '<', '>' and '&' only occur inside JSON strings, where
     * their \\u escapes mean the same, so no text from rules, cases or callers can close the element.
     */
    String scriptJson(Object value) {
        try {
            return json.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                    .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }


}
