package org.csp.decisions.cases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.csp.decisions.engine.RuleFile;
import org.junit.jupiter.api.Test;

/** A case file with a misspelt key is an error naming the file and the key, never a case that silently checks less. */
class CaseFilesTest {

    static final String REQUEST = "{\"partnership\": {\"id\": \"x\", \"name\": \"X\"}, \"partners\": [{\"id\": \"a\", \"name\": \"A\", \"sector\": \"PUBLIC\"}]}";

    @Test
    void unknownCaseKeyNamesFileAndKeyWithTheNearestKey() {
        List<String> errors = new ArrayList<>();
        List<RuleCase> cases = CaseFiles.parse(new RuleFile("analyst/ANA-001.cases.json", """
                {"finding": "ANA-001", "cases": [
                  {"name": "fires", "request": %s, "expectPresnt": ["ANA-001"]},
                  {"name": "silent", "request": %s, "expectAbsent": ["ANA-001"]}]}
                """.formatted(REQUEST, REQUEST)), errors);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("analyst/ANA-001.cases.json: unknown key \"expectPresnt\" in case \"fires\"; "
                + "did you mean \"expectPresent\"?"), errors.get(0));
        assertEquals(List.of("silent"), cases.stream().map(RuleCase::name).toList());
    }

    @Test
    void unknownKeysAtTheTopAndInExpectFindingsAreErrorsToo() {
        List<String> errors = new ArrayList<>();
        CaseFiles.parse(new RuleFile("x/X-001.cases.json", """
                {"findng": "X-001", "cases": [
                  {"name": "fires", "request": %s, "expectPresent": ["X-001"],
                   "expectFindings": {"X-001": {"severty": "LOW"}}}]}
                """.formatted(REQUEST)), errors);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("unknown key \"findng\"; did you mean \"finding\"?"), errors.get(0));
        assertTrue(errors.get(1).contains("unknown key \"severty\" in case \"fires\", expectFindings.X-001; did you mean "
                + "\"severity\"?"), errors.get(1));
    }
}
