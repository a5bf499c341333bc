package org.csp.decisions.contract;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link ContractFilter} among REST-assured's global filters before every {@code @QuarkusTest} method
 * (registered in META-INF/services), so every HTTP test checks the document without any change to the test.
 */
public class InstallContractFilter implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        install();
    }

    static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof ContractFilter)) {
            RestAssured.filters(new ContractFilter());
        }
    }
}
