package org.csp.decisions.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A REST-assured filter that checks every exchange of the HTTP tests against the OpenAPI document the running
 * service publishes at /q/openapi (issue 14), with Atlassian's swagger-request-validator:
 * <ul>
 * <li>every response is validated (status documented, media type, headers, body schema) - a 4xx a test provokes on
 * purpose included;</li>
 * <li>a request is validated when the service accepted it (2xx): the document must accept everything the service
 * accepts. Requests that a test sends to be rejected are not held against the document. In a 200 batch, each item
 * answered with an evaluation is validated as a POST /evaluate body; items answered with a problem are the ones the
 * test meant to be invalid.</li>
 * </ul>
 * Anything outside the document (Quarkus' /q/ endpoints, unknown paths a test probes for 404) is not checked.
 * Installed for every {@code @QuarkusTest} by {@link InstallContractFilter}; a violation throws an AssertionError,
 * which fails the test that made the request.
 */
public final class ContractFilter implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    /** Violations since the last test method ended, for when the AssertionError is swallowed (e.g. in a load thread). */
    private static final List<String> RECORDED = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(request, responseSpec);
        URI uri = URI.create(request.getURI());
        if (uri.getPath().startsWith("/q/")) {
            return response;
        }
        String contentType = request.getContentType();
        byte[] body = bytes(request.getBody());
        String responseBody = response.asString();
        // the workbench's session cookie is a security scheme of its own: the validator reads it from the Cookie header
        String cookies = request.getCookies().exist() ? request.getCookies().asList().stream()
                .map(c -> c.getName() + "=" + c.getValue()).collect(java.util.stream.Collectors.joining("; ")) : null;
        check(validator(uri), request.getMethod(), uri, contentType, request.getHeaders().getValue("Authorization"),
                cookies, body, response.getStatusCode(), response.getContentType(), header(response), responseBody);
        return response;
    }

    private static Map<String, String> header(Response response) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        response.getHeaders().forEach(h -> headers.put(h.getName(), h.getValue()));
        return headers;
    }

    /** The validator for the document served at {@code uri}'s host and port (each Quarkus test app has its own port). */
    static OpenApiInteractionValidator validator(URI uri) {
        String base = uri.getScheme() + "://" + uri.getAuthority();
        return VALIDATORS.computeIfAbsent(base, b -> forDocument(fetch(b + "/q/openapi?format=json")));
    }

    static OpenApiInteractionValidator forDocument(String document) {
        return OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create().build())
                .build();
    }

    private static String fetch(String url) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new AssertionError(url + " answered " + answer.statusCode());
            }
            return answer.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot read the OpenAPI document at " + url, e);
        }
    }

    /** Validates one exchange; throws AssertionError listing every way it breaks the document. */
    static void check(OpenApiInteractionValidator validator, String method, URI uri, String contentType,
            String authorization, byte[] body, int status, String responseContentType, Map<String, String> responseHeaders,
            String responseBody) {
        check(validator, method, uri, contentType, authorization, null, body, status, responseContentType, responseHeaders,
                responseBody);
    }

    /** As above, with the request's Cookie header ({@code null} for none). */
    static void check(OpenApiInteractionValidator validator, String method, URI uri, String contentType,
            String authorization, String cookies, byte[] body, int status, String responseContentType,
            Map<String, String> responseHeaders, String responseBody) {
        Request req = request(method, uri, contentType, authorization, cookies, body);
        ValidationReport requestReport = validator.validateRequest(req);
        if (requestReport.getMessages().stream().anyMatch(m -> m.getKey().equals("validation.request.path.missing")
                || m.getKey().equals("validation.request.operation.notAllowed"))) {
            return; // not an operation of the document (a probe for 404/405)
        }
        List<String> problems = new ArrayList<>();
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status).withBody(responseBody);
        if (responseContentType != null && !responseContentType.isEmpty()) {
            response.withContentType(responseContentType);
        }
        responseHeaders.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                response.withHeader(name, value);
            }
        });
        validator.validateResponse(uri.getPath(), req.getMethod(), response.build()).getMessages()
                .forEach(m -> problems.add("response " + status + ": " + describe(m)));
        if (status >= 200 && status < 300) {
            if (uri.getPath().equals("/evaluate/batch") && method.equalsIgnoreCase("POST")) {
                problems.addAll(checkBatchItems(validator, uri, contentType, body, responseBody));
            } else {
                requestReport.getMessages().forEach(m -> problems.add("accepted request: " + describe(m)));
            }
        }
        if (!problems.isEmpty()) {
            String message = method + " " + uri.getPath() + " breaks the OpenAPI document at /q/openapi:\n  "
                    + String.join("\n  ", problems);
            RECORDED.add(message);
            throw new AssertionError(message);
        }
    }

    /** Returns and forgets the violations recorded since the last call. */
    static List<String> takeRecorded() {
        List<String> taken = List.copyOf(RECORDED);
        RECORDED.removeAll(taken);
        return taken;
    }

    /** Items the service evaluated must be valid POST /evaluate bodies; the whole batch too if it evaluated all. */
    private static List<String> checkBatchItems(OpenApiInteractionValidator validator, URI uri, String contentType,
            byte[] body, String responseBody) {
        List<String> problems = new ArrayList<>();
        try {
            JsonNode items = JSON.readTree(body);
            JsonNode answers = JSON.readTree(responseBody);
            boolean allEvaluated = true;
            for (int i = 0; i < items.size() && i < answers.size(); i++) {
                if (answers.get(i).has("status")) {
                    allEvaluated = false;
                    continue;
                }
                int index = i;
                validator.validateRequest(request("POST", uri.resolve("/evaluate"), contentType, null, null,
                                JSON.writeValueAsBytes(items.get(i)))).getMessages()
                        .forEach(m -> problems.add("accepted batch item [" + index + "]: " + describe(m)));
            }
            if (allEvaluated) {
                validator.validateRequest(request("POST", uri, contentType, null, null, body)).getMessages()
                        .forEach(m -> problems.add("accepted batch: " + describe(m)));
            }
        } catch (IOException e) {
            problems.add("a 2xx batch must be JSON in and out: " + e.getMessage());
        }
        return problems;
    }

    private static Request request(String method, URI uri, String contentType, String authorization, String cookies,
            byte[] body) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(method, uri.getPath());
        if (cookies != null) {
            builder.withHeader("Cookie", cookies);
        }
        if (contentType != null) {
            builder.withContentType(contentType);
        }
        if (authorization != null) {
            builder.withAuthorization(authorization);
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                builder.withQueryParam(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static String describe(ValidationReport.Message m) {
        StringBuilder out = new StringBuilder(m.getKey()).append(": ").append(m.getMessage());
        m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .ifPresent(p -> out.append(" (at ").append(p.getInstance()).append(")"));
        m.getNestedMessages().forEach(n -> out.append("\n      ").append(n.getMessage()));
        return out.toString();
    }

    private static byte[] bytes(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] b) {
            return b;
        }
        return String.valueOf(body).getBytes(StandardCharsets.UTF_8);
    }
}
