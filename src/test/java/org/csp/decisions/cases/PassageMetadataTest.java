package org.csp.decisions.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.csp.decisions.engine.RuleFile;
import org.junit.jupiter.api.Test;

/** @passageN metadata is read in number order, merged over the rules of one finding, and never run. */
class PassageMetadataTest {

    @Test
    void readsNumberedPassagesPerFinding() {
        String drl = """
                package t;
                rule "FUN-001/a Backbone"
                    @id("FUN-001")
                    @passage2("004#p32")
                    @passage1("004#p31")
                when
                then
                    System.exit(1);
                end
                rule "FUN-001/b Backbone"
                    @id("FUN-001")
                    @passage1("004#p31")
                    @passage3("004#p3")
                when
                then
                end
                rule "FUN-002 Horizon"
                    @id("FUN-002")
                when
                then
                end
                """;
        Map<String, List<String>> passages = PassageMetadata.read(List.of(new RuleFile("t.drl", drl)));
        assertEquals(List.of("004#p31", "004#p32", "004#p3"), passages.get("FUN-001"));
        assertEquals(List.of(), passages.get("FUN-002"));
    }
}
