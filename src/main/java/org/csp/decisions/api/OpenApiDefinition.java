package org.csp.decisions.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Document-level OpenAPI settings: the admin bearer token used by /rules/reload and /rules/validate. */
@OpenAPIDefinition(info = @Info(title = "CSP decision service", version = "1.0.0"))
@SecurityScheme(securitySchemeName = "admin", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The value of rules.admin-token; the admin endpoints are disabled without it")
public class OpenApiDefinition extends Application {
}
