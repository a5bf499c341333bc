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
 * Every .drl of a build parsed once, for the safety check, the metadata reader and the compiler alike. Parsing was
 * about 40% of a reload when each of them parsed the text on its own (the DRL lexer is slow on long metadata
 * strings). A file that does not parse is reported with the parser's own message, line and column (exactly what
 * the compiler would have said) and is left out of the rest of the build.
 */
final class ParsedDrl {
    private final Map<String, PackageDescr> descrs;
    private final List<RuleError> errors;

    private ParsedDrl(Map<String, PackageDescr> descrs, List<RuleError> errors) {
        this.descrs = descrs;
        this.errors = errors;
    }

    static ParsedDrl parse(List<RuleFile> files) {
        Map<String, PackageDescr> descrs = new LinkedHashMap<>();
        List<RuleError> errors = new ArrayList<>();
        for (RuleFile file : files) {
            if (!file.path().endsWith(".drl")) {
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
        }
        return new ParsedDrl(descrs, errors);
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
