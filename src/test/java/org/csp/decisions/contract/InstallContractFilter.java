package org.csp.decisions.contract;

import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import java.util.List;

/**
 * Puts {@link ContractFilter} among REST-assured's global filters before every {@code @QuarkusTest} method
 * (registered in META-INF/services), so every HTTP test checks the document without any change to the test; after
 * the method, fails it for any violation whose AssertionError was swallowed (a catch-all in a load thread).
 */
public class InstallContractFilter implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
        ContractFilter.takeRecorded();
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        List<String> violations = ContractFilter.takeRecorded();
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " exchange(s) broke the OpenAPI document:\n" + String.join("\n", violations));
        }
    }

    static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof ContractFilter)) {
            RestAssured.filters(new ContractFilter());
        }
    }
}
