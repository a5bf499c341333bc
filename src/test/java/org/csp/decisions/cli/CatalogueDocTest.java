package org.csp.decisions.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.csp.decisions.engine.BuildResult;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RulesFolder;
import org.junit.jupiter.api.Test;

/**
 * docs/catalogue.md is generated from the bundled rules' metadata; this test fails when it is out of date. Regenerate:
 * {@code ./mvnw -q test -Dtest=CatalogueDocTest -Dcatalogue.write=true}.
 */
class CatalogueDocTest {
    static final Path PAGE = Path.of("docs/catalogue.md");

    @Test
    void theCataloguePageIsTheOneTheRulesGive() throws Exception {
        BuildResult build = new RuleSetBuilder(1).build(RulesFolder.of(Path.of("src/main/resources/rules")).ruleFiles(), "docs");
        assertTrue(build.ok(), build.errors().toString());
        String page;
        try {
            page = CatalogueDoc.render(build.ruleSet());
        } finally {
            build.ruleSet().retire();
        }
        if (Boolean.getBoolean("catalogue.write")) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, page);
            return;
        }
        assertTrue(Files.exists(PAGE), PAGE + " is missing; regenerate it with -Dcatalogue.write=true");
        assertEquals(page, Files.readString(PAGE), PAGE + " is out of date: regenerate it with "
                + "./mvnw -q test -Dtest=CatalogueDocTest -Dcatalogue.write=true and commit it");
    }
}
