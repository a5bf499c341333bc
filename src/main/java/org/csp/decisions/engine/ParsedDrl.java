package org.csp.decisions.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.kie.api.io.Resource;
import org.kie.internal.builder.InternalMessage;
import org.kie.internal.io.ResourceFactory;

/**
 * Every .drl of a build parsed once, for the safety check and the metadata reader (and, through the compiled-rules
 * cache, for most builds the only parse). Parsing was about 40% of a reload when each of them parsed the text on its
 * own (the DRL lexer is slow on long metadata strings). A file that does not parse is reported with the parser's own
 * message, line and column (exactly what the compiler would have said) and is left out of the rest of the build.
 *
 * <p>The parses of the last build are remembered by path and text (only those: the memory is one folder's trees,
 * however many versions were built; and at most {@link #MEMO_CHARS} of text), so a reload parses only the files
 * that changed. The remembered trees are shared between builds and only read; the compiler, which may change a tree
 * as it works, gets a parse of its own ({@link #fresh}).
 */
final class ParsedDrl {
    private final Map<String, PackageDescr> descrs;
    private final List<RuleError> errors;

    private ParsedDrl(Map<String, PackageDescr> descrs, List<RuleError> errors) {
        this.descrs = descrs;
        this.errors = errors;
    }

    /**
     * Text (in chars) of the parses remembered at most: about forty times the bundled rules (the trees take several
     * times their text); the files of a larger folder beyond it are parsed on each build, as before.
     */
    static final long MEMO_CHARS = 4L << 20;
    /** The last build's parses, by path and text; replaced as a whole by each build. */
    private static Map<String, PackageDescr> memo = Map.of();

    static ParsedDrl parse(List<RuleFile> files) {
        Map<String, PackageDescr> descrs = new LinkedHashMap<>();
        List<RuleError> errors = new ArrayList<>();
        Map<String, PackageDescr> remembered = remembered();
        Map<String, PackageDescr> next = new java.util.HashMap<>();
        long nextChars = 0;
        for (RuleFile file : files) {
            if (!file.path().endsWith(".drl")) {
                continue;
            }
            String key = file.path() + '\0' + file.content();
            PackageDescr known = remembered.get(key);
            if (known != null) {
                descrs.put(file.path(), known);
                if (nextChars + key.length() <= MEMO_CHARS) {
                    next.put(key, known);
                    nextChars += key.length();
                }
                continue;
            }
            DrlParser parser = new DrlParser();
            PackageDescr pkg;
            try {
                pkg = parser.parse(resource(file), file.content());
            } catch (DroolsParserException | RuntimeException e) {
                errors.add(new RuleError(file.path(), 0, 0, "cannot parse: " + e.getMessage()));
                continue;
            }
            if (parser.hasErrors() || pkg == null) {
                for (DroolsError error : parser.getErrors()) {
                    errors.add(fromMessage(file.path(), error.asMessage(0)));
                }
                if (!parser.hasErrors()) {
                    errors.add(new RuleError(file.path(), 0, 0, "Parser returned a null Package"));
                }
                continue;
            }
            descrs.put(file.path(), pkg);
            if (nextChars + key.length() <= MEMO_CHARS) {
                next.put(key, pkg);
                nextChars += key.length();
            }
        }
        remember(next);
        return new ParsedDrl(descrs, errors);
    }

    /** A parse of the file for the compiler alone (it may change the tree); null if it does not parse. */
    static PackageDescr fresh(RuleFile file) {
        try {
            DrlParser parser = new DrlParser();
            PackageDescr pkg = parser.parse(resource(file), file.content());
            return parser.hasErrors() ? null : pkg;
        } catch (DroolsParserException | RuntimeException e) {
            return null;
        }
    }

    private static synchronized Map<String, PackageDescr> remembered() {
        return memo;
    }

    private static synchronized void remember(Map<String, PackageDescr> next) {
        memo = next;
    }

    /** The text as a resource named by its path in the rules folder, so every later message names the file. */
    static Resource resource(RuleFile file) {
        Resource resource = ResourceFactory.newByteArrayResource(file.content().getBytes(StandardCharsets.UTF_8));
        resource.setSourcePath(file.path());
        return resource;
    }

    static RuleError fromMessage(String fallbackPath, InternalMessage message) {
        String path = message.getPath() == null || message.getPath().isBlank() ? fallbackPath : message.getPath();
        return new RuleError(path, Math.max(message.getLine(), 0), Math.max(message.getColumn(), 0),
                message.getText() == null ? "" : message.getText().strip());
    }

    /** The parsed file, or null when it did not parse (or is not a .drl). */
    PackageDescr descr(String path) {
        return descrs.get(path);
    }

    /** Parsed files by path, in the order of the build's files. */
    Map<String, PackageDescr> descrs() {
        return Collections.unmodifiableMap(descrs);
    }

    /** The parser's errors, one per mistake, as the compiler reports them. */
    List<RuleError> errors() {
        return errors;
    }
}
