package org.csp.decisions.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.csp.decisions.model.Category;
import org.csp.decisions.model.EvaluationRequest;
import org.csp.decisions.model.Severity;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.hibernate.validator.constraints.Range;

/**
 * Makes the generated OpenAPI document say exactly what the service accepts and answers (issue 14), by rules that
 * apply to every schema, so a field or endpoint added later is described correctly without touching this class:
 * <ul>
 * <li>Every object schema has {@code additionalProperties: false} (requests: unknown properties are a 400;
 * answers: nothing else is ever written).</li>
 * <li>Request schemas (reachable from a request body): every property that is not required is nullable, because
 * the service reads JSON {@code null} in an optional field as "unknown" (FINDINGS.md A.1). Integer ranges come from
 * {@code @Range} on the model records (SmallRye reads only its minimum).</li>
 * <li>Answer schemas (reachable from a response): every property is required, because Jackson writes every record
 * component, nulls included; a component annotated {@code @Schema(nullable = true)} may be {@code null}. A schema
 * that lists its required properties itself ({@code @Schema(requiredProperties = ...)}, for records written with
 * {@code @JsonInclude(NON_NULL)} such as {@link Problem}) keeps its list.</li>
 * <li>Every operation answers problem documents for 406 and 500; every answer carries {@code X-Request-Id}.</li>
 * </ul>
 * A nullable property that refers to a component makes that component nullable when every reference to it is
 * nullable; an enum referred to both ways is copied inline at the nullable places (OpenAPI 3.0 has no nullable
 * {@code $ref} that every validator reads the same way).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiContract implements OASFilter {
    static final String REF = "#/components/schemas/";
    /** The answer of POST /evaluate/batch: one evaluation or problem per item, in order. */
    static final String BATCH_ANSWERS = "BatchAnswers";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        addSharedSchemas(api.getComponents());
        Map<String, Schema> components = api.getComponents().getSchemas();

        Set<String> requestSide = reachable(components, roots(api, true));
        Set<String> answerSide = reachable(components, roots(api, false));

        applyRanges(components, EvaluationRequest.class, new HashSet<>());
        for (Map.Entry<String, Schema> entry : components.entrySet()) {
            Schema schema = entry.getValue();
            if (schema.getProperties() != null && schema.getAdditionalPropertiesBoolean() == null
                    && schema.getAdditionalPropertiesSchema() == null) {
                schema.setAdditionalPropertiesBoolean(false);
            }
            if (answerSide.contains(entry.getKey()) && requestSide.contains(entry.getKey()) && schema.getProperties() != null) {
                throw new IllegalStateException("schema " + entry.getKey() + " is used in requests and answers; "
                        + "give the answer its own record so each side can be described exactly");
            }
            if (answerSide.contains(entry.getKey()) && schema.getProperties() != null
                    && (schema.getRequired() == null || schema.getRequired().isEmpty())) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            }
        }

        // Nullable places: optional request properties, and answer properties annotated nullable.
        Map<Schema, String> nullableRefs = new IdentityHashMap<>();
        for (Map.Entry<String, Schema> entry : components.entrySet()) {
            Schema owner = entry.getValue();
            if (owner.getProperties() == null) {
                continue;
            }
            boolean request = requestSide.contains(entry.getKey());
            for (Map.Entry<String, Schema> property : new LinkedHashMap<>(owner.getProperties()).entrySet()) {
                Schema p = unwrapNullableRef(property.getValue());
                boolean nullable = request ? owner.getRequired() == null || !owner.getRequired().contains(property.getKey())
                        : p != property.getValue() || isNullable(p);
                if (p != property.getValue()) {
                    owner.addProperty(property.getKey(), p);
                }
                if (!nullable) {
                    continue;
                }
                if (p.getRef() != null) {
                    nullableRefs.put(p, name(p.getRef()));
                } else {
                    makeNullable(p);
                }
            }
        }
        Map<String, Integer> allRefs = new LinkedHashMap<>();
        walkAll(api, s -> {
            if (s.getRef() != null) {
                allRefs.merge(name(s.getRef()), 1, Integer::sum);
            }
        });
        Map<String, Integer> nullableCount = new LinkedHashMap<>();
        nullableRefs.values().forEach(n -> nullableCount.merge(n, 1, Integer::sum));
        for (Map.Entry<Schema, String> ref : nullableRefs.entrySet()) {
            String target = ref.getValue();
            Schema component = components.get(target);
            if (nullableCount.get(target).equals(allRefs.get(target))) {
                makeNullable(component);
            } else if (component.getEnumeration() != null) {
                Schema inline = ref.getKey();
                inline.setRef(null);
                inline.setType(new ArrayList<>(component.getType()));
                inline.setEnumeration(new ArrayList<>(component.getEnumeration()));
                inline.setDescription(component.getDescription());
                makeNullable(inline);
            } else {
                throw new IllegalStateException("component " + target + " is nullable in some places and not in others;"
                        + " describe the nullable use with its own record");
            }
        }

        for (PathItem path : api.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                addCommonResponses(operation);
            }
        }
    }

    /** The attribute maps of A.7 and the summary's fixed-key maps, described from the enums they are keyed by. */
    private static void addSharedSchemas(org.eclipse.microprofile.openapi.models.Components components) {
        Schema value = OASFactory.createSchema().description("A string of at most " + ShapeChecker.MAX_ATTRIBUTE_STRING
                        + " characters, a finite number or a boolean (never null, an array or an object)")
                .anyOf(List.of(
                        OASFactory.createSchema().addType(SchemaType.STRING).maxLength(ShapeChecker.MAX_ATTRIBUTE_STRING),
                        OASFactory.createSchema().addType(SchemaType.NUMBER),
                        OASFactory.createSchema().addType(SchemaType.BOOLEAN)));
        components.addSchema("AttributeValue", value);
        components.addSchema("Attributes", OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("Open extension for analysts' rules (FINDINGS.md A.7): at most " + ShapeChecker.MAX_ATTRIBUTES
                        + " keys, each matching " + ShapeChecker.ATTRIBUTE_KEY.pattern()
                        + " (OpenAPI 3.0 cannot state a key pattern; the service rejects other keys with 400).")
                .maxProperties(ShapeChecker.MAX_ATTRIBUTES)
                .additionalPropertiesSchema(OASFactory.createSchema().ref(REF + "AttributeValue")));

        Schema bySeverity = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("Number of non-aggregate findings per severity; every severity is present")
                .additionalPropertiesBoolean(false);
        for (Severity severity : Severity.values()) {
            bySeverity.addProperty(severity.name(), OASFactory.createSchema().addType(SchemaType.INTEGER)
                    .format("int32").minimum(BigDecimal.ZERO));
            bySeverity.addRequired(severity.name());
        }
        components.addSchema("SeverityCounts", bySeverity);
        Schema byCategory = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("Non-aggregate findings per category; all eight categories are always present")
                .additionalPropertiesBoolean(false);
        for (Category category : Category.values()) {
            byCategory.addProperty(category.name(), OASFactory.createSchema().ref(REF + "CategorySummary"));
            byCategory.addRequired(category.name());
        }
        components.addSchema("CategorySummaries", byCategory);
        components.addSchema(BATCH_ANSWERS, OASFactory.createSchema().addType(SchemaType.ARRAY)
                .description("Element i answers item i: its evaluation (compact with ?view=compact), or the problem "
                        + "document (with status and violations) that POST /evaluate would answer for it alone")
                .minItems(1).maxItems(EvaluateResource.MAX_BATCH_ITEMS)
                .items(OASFactory.createSchema().oneOf(List.of(OASFactory.createSchema().ref(REF + "Evaluation"),
                        OASFactory.createSchema().ref(REF + "CompactEvaluation"),
                        OASFactory.createSchema().ref(REF + "Problem")))));
    }

    /** Problem documents for the statuses every operation can answer, and X-Request-Id on every answer. */
    private static void addCommonResponses(Operation operation) {
        if (operation.getResponses().getAPIResponse("406") == null) {
            operation.getResponses().addAPIResponse("406", problem("The Accept header does not allow application/json"));
        }
        if (operation.getResponses().getAPIResponse("500") == null) {
            operation.getResponses().addAPIResponse("500", problem("The service could not answer (internal-error)"));
        }
        if (operation.getResponses().getAPIResponse("404") == null) {
            // Admin and workbench endpoints do not exist without rules.admin-token; every operation may answer 404.
            operation.getResponses().addAPIResponse("404", problem("not-found: no such resource, or an admin or "
                    + "workbench endpoint while no rules.admin-token is configured"));
        }
        if (operation.getResponses().getAPIResponse("503") == null) {
            // Any call can meet a full rule-thread queue, a full in-flight budget or a shutdown in progress.
            operation.getResponses().addAPIResponse("503", problem("overloaded: every rule thread is busy and the "
                    + "queue is full, or more work is in flight than fits in memory; send it again after Retry-After "
                    + "seconds").addHeader("Retry-After", OASFactory.createHeader().required(false)
                    .description("Seconds to wait before sending the request again")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(BigDecimal.ONE))));
        }
        for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
            response.addHeader("X-Request-Id", OASFactory.createHeader().required(true)
                    .description("The caller's X-Request-Id if it sent a usable one, else a new UUID; also in the access log")
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING).pattern(RequestLog.SANE_ID.pattern())));
        }
    }

    static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType().schema(OASFactory.createSchema()
                        .ref(REF + "Problem"))));
    }

    /** SmallRye takes only the minimum of Hibernate's {@code @Range}; the maximum comes from the records here. */
    private static void applyRanges(Map<String, Schema> components, Class<?> type, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        Schema schema = components.get(type.getSimpleName());
        for (RecordComponent component : type.getRecordComponents()) {
            Range range = component.getAccessor().getAnnotation(Range.class);
            if (range == null) {
                try {
                    range = type.getDeclaredField(component.getName()).getAnnotation(Range.class);
                } catch (NoSuchFieldException e) {
                    range = null;
                }
            }
            if (range != null && schema != null && schema.getProperties() != null) {
                Schema property = schema.getProperties().get(component.getName());
                if (property != null) {
                    property.setMinimum(BigDecimal.valueOf(range.min()));
                    property.setMaximum(BigDecimal.valueOf(range.max()));
                }
            }
            for (Class<?> nested : classes(component.getGenericType())) {
                applyRanges(components, nested, seen);
            }
        }
    }

    private static List<Class<?>> classes(Type type) {
        List<Class<?>> out = new ArrayList<>();
        if (type instanceof Class<?> c) {
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            for (Type argument : p.getActualTypeArguments()) {
                out.addAll(classes(argument));
            }
        }
        return out;
    }

    /** The schemas of request bodies ({@code requests}) or of responses. */
    private static List<Schema> roots(OpenAPI api, boolean requests) {
        List<Schema> roots = new ArrayList<>();
        for (PathItem path : api.getPaths().getPathItems().values()) {
            for (Operation operation : path.getOperations().values()) {
                if (requests && operation.getRequestBody() != null) {
                    addContent(roots, operation.getRequestBody().getContent());
                }
                if (!requests && operation.getResponses() != null) {
                    operation.getResponses().getAPIResponses().values().forEach(r -> addContent(roots, r.getContent()));
                }
            }
        }
        return roots;
    }

    private static void addContent(List<Schema> roots, Content content) {
        if (content != null && content.getMediaTypes() != null) {
            for (MediaType media : content.getMediaTypes().values()) {
                if (media.getSchema() != null) {
                    roots.add(media.getSchema());
                }
            }
        }
    }

    /** Names of the components reachable from {@code roots}. */
    private static Set<String> reachable(Map<String, Schema> components, List<Schema> roots) {
        Set<String> names = new HashSet<>();
        Deque<Schema> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (s.getRef() != null) {
                String name = name(s.getRef());
                if (names.add(name) && components.get(name) != null) {
                    todo.push(components.get(name));
                }
                continue;
            }
            children(s).forEach(todo::push);
        }
        return names;
    }

    private static void walkAll(OpenAPI api, Consumer<Schema> visitor) {
        Deque<Schema> todo = new ArrayDeque<>();
        todo.addAll(roots(api, true));
        todo.addAll(roots(api, false));
        todo.addAll(api.getComponents().getSchemas().values());
        Set<Schema> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Schema s = todo.pop();
            if (seen.add(s)) {
                visitor.accept(s);
                children(s).forEach(todo::push);
            }
        }
    }

    private static List<Schema> children(Schema s) {
        List<Schema> out = new ArrayList<>();
        if (s.getProperties() != null) {
            out.addAll(s.getProperties().values());
        }
        if (s.getItems() != null) {
            out.add(s.getItems());
        }
        if (s.getAdditionalPropertiesSchema() != null) {
            out.add(s.getAdditionalPropertiesSchema());
        }
        for (List<Schema> list : java.util.Arrays.asList(s.getAllOf(), s.getAnyOf(), s.getOneOf())) {
            if (list != null) {
                out.addAll(list);
            }
        }
        return out;
    }

    /** {@code @Schema(nullable = true)} on a reference comes out as anyOf [ref, null]; returns the bare ref then. */
    private static Schema unwrapNullableRef(Schema s) {
        List<Schema> anyOf = s.getAnyOf() != null ? s.getAnyOf() : s.getOneOf();
        if (anyOf != null && anyOf.size() == 2) {
            Schema ref = anyOf.stream().filter(x -> x.getRef() != null).findFirst().orElse(null);
            Schema nul = anyOf.stream().filter(x -> x.getType() != null && x.getType().equals(List.of(SchemaType.NULL)))
                    .findFirst().orElse(null);
            if (ref != null && nul != null) {
                Schema bare = OASFactory.createSchema().ref(ref.getRef());
                if (s.getDescription() != null) {
                    bare.setDescription(s.getDescription());
                }
                return bare;
            }
        }
        return s;
    }

    private static boolean isNullable(Schema s) {
        return s.getType() != null && s.getType().contains(SchemaType.NULL);
    }

    private static void makeNullable(Schema s) {
        if (s.getType() == null || s.getType().isEmpty()) {
            throw new IllegalStateException("cannot make a schema without a type nullable: " + s.getAll());
        }
        if (!s.getType().contains(SchemaType.NULL)) {
            s.addType(SchemaType.NULL);
        }
        if (s.getEnumeration() != null && !s.getEnumeration().contains(null)) {
            s.addEnumeration(null);
        }
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
