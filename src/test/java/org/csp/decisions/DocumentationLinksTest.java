package org.csp.decisions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README and the docs link to nothing outside the repository, and every link they make resolves. */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyLinkStaysInsideTheRepositoryAndResolves() throws Exception {
        Path repo = Path.of("").toAbsolutePath().normalize();
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Stream.concat(Files.walk(Path.of("docs")), Files.walk(Path.of("src/main/resources/rules")))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("#")) {
                    continue;
                }
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    problems.add(page + " links outside the repository: " + target);
                    continue;
                }
                Path resolved = page.toAbsolutePath().getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
                if (!resolved.startsWith(repo)) {
                    problems.add(page + " links outside the repository: " + target);
                } else if (!Files.exists(resolved)) {
                    problems.add(page + " links to a missing file: " + target);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
