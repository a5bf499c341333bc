package org.csp.decisions.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.csp.decisions.cases.CaseGate;
import org.csp.decisions.cases.CaseRunner;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.RuleEngine;
import org.csp.decisions.engine.RuleError;
import org.csp.decisions.engine.RuleFile;
import org.csp.decisions.engine.RulesFolder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Dry-run compilation for {@code POST /rules/validate}: builds a candidate set, reports, and throws it away. */
@ApplicationScoped
public class RuleValidation {
    static final Pattern RELATIVE_DRL = Pattern.compile("^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/-]{1,200}\\.drl$");
    static final int MAX_ZIP_ENTRIES = 2000;
    static final long MAX_ZIP_BYTES = 16L * 1024 * 1024;

    /** The outcome of a validation; {@code cases} is present when a zip carried case files. */
    @Schema(name = "ValidationReport")
    public record Report(boolean valid, String version, int ruleCount, List<RuleError> errors,
            @Schema(nullable = true, description = "present when a zip carried case files") CaseRunner.Report cases) {
    }

    @Inject
    RuleEngine engine;
    @Inject
    CaseGate cases;

    /** Compiles {@code file} (replacing the served file of that name, or added to the set) with the served files. */
    public Report validateFile(String file, byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$",
                    "the body is empty: send the text of a .drl file (or a zipped rules folder as application/zip)"))));
        }
        String name = file == null || file.isBlank() ? "submitted.drl" : file.strip();
        if (!RELATIVE_DRL.matcher(name).matches()) {
            throw new ProblemException(Problem.validation(List.of(new Violation("file",
                    "must be a relative path ending in .drl, without '..'"))));
        }
        List<RuleFile> files = new ArrayList<>(engine.current().files().stream().filter(f -> !f.path().equals(name)).toList());
        files.add(new RuleFile(name, utf8(body, name)));
        return report(engine.builder().build(files, "validation of " + name), List.of());
    }

    /**
     * Compiles the rule files of a zipped rules folder (.drl and the aggregate file) on their own and runs its cases
     * ({@code *.cases.json} beside the rules, or {@code cases/**}{@code /*.json} in the older layout).
     */
    public Report validateZip(byte[] zip) {
        if (zip == null || zip.length < 4 || zip[0] != 'P' || zip[1] != 'K' || zip[2] != 3 || zip[3] != 4) {
            throw invalidZip("is not a zip archive (it must start with a zip entry; an empty body or another format "
                    + "is not a rules folder)");
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<RuleFile> rules = new ArrayList<>();
        List<RuleFile> caseFiles = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            long total = 0;
            int count = 0;
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (++count > MAX_ZIP_ENTRIES) {
                    throw invalidZip("has more than " + MAX_ZIP_ENTRIES + " entries");
                }
                String entryName = entry.getName().replace('\\', '/');
                if (entryName.startsWith("/") || entryName.matches("^[A-Za-z]:.*")
                        || entryName.matches("(^|.*/)\\.\\.(/.*|$)")) {
                    throw new ProblemException(Problem.validation(List.of(new Violation(Problem.sanitize(entry.getName()),
                            "zip entries must be relative paths inside the rules folder (no '..', no absolute path)"))));
                }
                if (!seen.add(entryName)) {
                    throw new ProblemException(Problem.validation(List.of(new Violation(Problem.sanitize(entry.getName()),
                            "the zip has two entries of this name"))));
                }
                if (entry.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > MAX_ZIP_BYTES) {
                        throw invalidZip("unpacks to more than " + MAX_ZIP_BYTES + " bytes");
                    }
                    content.write(buffer, 0, n);
                }
                String path = entry.getName().replace('\\', '/');
                if (path.endsWith(".drl") || path.endsWith(".aggregate.json")) {
                    rules.add(new RuleFile(path, utf8(content.toByteArray(), path)));
                } else if (path.endsWith(RulesFolder.CASES_SUFFIX) || path.endsWith(".json")
                        && (path.startsWith("cases/") || path.contains("/cases/"))) {
                    caseFiles.add(new RuleFile(path, utf8(content.toByteArray(), path)));
                }
            }
        } catch (IOException e) {
            throw invalidZip("cannot be read: " + e.getMessage());
        }
        String prefix = commonFolder(rules);
        rules.replaceAll(f -> new RuleFile(f.path().substring(prefix.length()), f.content()));
        caseFiles.replaceAll(f -> new RuleFile(f.path().startsWith(prefix) ? f.path().substring(prefix.length()) : f.path(), f.content()));
        return report(engine.builder().build(rules, "validation of a zip"), caseFiles);
    }

    private Report report(BuildResult build, List<RuleFile> caseFiles) {
        if (!build.ok()) {
            return new Report(false, build.version(), 0, build.errors(), null);
        }
        try {
            CaseRunner.Report caseReport = caseFiles.isEmpty() ? null : cases.runner().run(build.ruleSet(), caseFiles);
            boolean valid = caseReport == null || caseReport.ok();
            return new Report(valid, build.version(), build.ruleSet().rules().size(), List.of(), caseReport);
        } finally {
            build.ruleSet().retire();
        }
    }

    /** "rules/" when every rule file of a zipped folder sits under one top folder, so paths read as in the folder. */
    private static String commonFolder(List<RuleFile> files) {
        if (files.isEmpty()) {
            return "";
        }
        String first = files.get(0).path();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String prefix = first.substring(0, slash + 1);
        return files.stream().allMatch(f -> f.path().startsWith(prefix)) ? prefix : "";
    }

    private static String utf8(byte[] bytes, String name) {
        try {
            return RuleFile.utf8(bytes);
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.validation(List.of(new Violation(name, "is not valid UTF-8"))));
        }
    }

    private static ProblemException invalidZip(String why) {
        return new ProblemException(Problem.validation(List.of(new Violation("$", "the zip " + why))));
    }
}
