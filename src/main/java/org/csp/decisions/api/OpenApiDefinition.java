package org.csp.decisions.api;

import jakarta.ws.rs.core.Application;
import org.csp.decisions.model.CategorySummary;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * Document-level OpenAPI settings: the API's version (bump it in the change that changes the document; the committed
 * copy src/main/openapi/openapi.json and OpenApiDocumentTest keep it honest), and the admin bearer token used by
 * /rules/reload and /rules/validate. OpenApiContract completes the generated schemas.
 */
@OpenAPIDefinition(info = @Info(title = "CSP decision service", version = OpenApiDefinition.API_VERSION),
        // reached only through OpenApiContract's CategorySummaries, so the scanner would not see it
        components = @Components(schemas = @Schema(name = "CategorySummary", implementation = CategorySummary.class)))
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The value of rules.admin-token; the admin endpoints are disabled without it")
public class OpenApiDefinition extends Application {
    /** The version of this HTTP API (info.version of /q/openapi). */
    public static final String API_VERSION = "1.1.0";
}
