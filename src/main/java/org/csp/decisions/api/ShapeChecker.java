package org.csp.decisions.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.math.BigDecimal;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hibernate.validator.constraints.Range;

/**
 * Checks the JSON types of a parsed request against the model records, collecting every wrong type, unknown
 * property, unknown enum value and bad attribute at once (Jackson's binding would stop at the first). The records
 * are the single description of the shape; ranges, patterns and required fields are then left to Bean Validation.
 * An offending value is removed from the tree (or nulled inside arrays of objects) so that binding can proceed and
 * Bean Validation can report the remaining problems in the same answer.
 */
final class ShapeChecker {
    static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");
    static final int MAX_ATTRIBUTES = 50;
    static final int MAX_ATTRIBUTE_STRING = 500;

    /** {@code min}/{@code max}: exact decimal bounds of a number field, checked before it becomes a double. */
    record Field(String name, Type type, String typeMessage, BigDecimal min, BigDecimal max) {
    }

    private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

    /** Checks {@code node} as a {@code type} record; returns the violations found (the tree is trimmed in place). */
    List<Violation> check(JsonNode node, Class<? extends Record> type) {
        List<Violation> violations = new ArrayList<>();
        if (!node.isObject()) {
            violations.add(new Violation("$", "must be a JSON object"));
            return violations;
        }
        checkRecord((ObjectNode) node, type, "", violations);
        return violations;
    }

    private void checkRecord(ObjectNode node, Class<?> type, String path, List<Violation> out) {
        Map<String, Field> fields = fields(type);
        List<String> remove = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            Field field = fields.get(entry.getKey());
            if (field == null) {
                out.add(new Violation(join(path, entry.getKey()), "is not a known property"));
                remove.add(entry.getKey());
            } else if (!entry.getValue().isNull() && !validScalar(entry.getValue(), field)
                    && !checkValue(entry.getValue(), field.type(), field, join(path, entry.getKey()), out)) {
                remove.add(entry.getKey());
            }
        }
        node.remove(new java.util.HashSet<>(remove)); // a HashSet: removeAll with a List is quadratic (300,000 unknown keys took minutes)
    }

    private static final Map<Class<?>, Set<String>> ENUM_NAMES = new ConcurrentHashMap<>();

    /**
     * The happy path without building paths or messages: true when the value is a valid string, boolean, integer,
     * unbounded finite number or known enum name for a field of that type. Anything else (errors, bounded numbers,
     * lists, maps, records) goes through checkValue.
     */
    private static boolean validScalar(JsonNode value, Field field) {
        if (!(field.type() instanceof Class<?> raw)) {
            return false;
        }
        if (raw == String.class) {
            return value.isTextual();
        }
        if (raw == Boolean.class) {
            return value.isBoolean();
        }
        if (raw == Integer.class) {
            return value.isIntegralNumber() && value.canConvertToInt();
        }
        if (raw == Double.class) {
            return value.isNumber() && Double.isFinite(value.doubleValue()) && field.min() == null && field.max() == null;
        }
        if (raw.isEnum()) {
            return value.isTextual() && enumNames(raw).contains(value.textValue());
        }
        return false;
    }

    /** The constant names of an enum, in declaration order (the order the error message lists them). */
    private static Set<String> enumNames(Class<?> type) {
        return ENUM_NAMES.computeIfAbsent(type, t -> Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Returns false when the value is unusable and must be dropped. */
    private boolean checkValue(JsonNode value, Type type, Field field, String path, List<Violation> out) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return expect(value.isTextual(), path, "must be a string", out);
        }
        if (raw == Boolean.class) {
            return expect(value.isBoolean(), path, "must be a boolean (true or false)", out);
        }
        if (raw == Integer.class) {
            return expect(value.isIntegralNumber() && value.canConvertToInt(), path,
                    field.typeMessage() != null ? field.typeMessage() : "must be an integer", out);
        }
        if (raw == Double.class) {
            // Bounds are compared on the exact decimal, so 1.00000000000000000001 is above 1 even though the
            // nearest double is 1.0. (Thresholds inside the rules see the double: about 16 significant digits.)
            boolean ok = value.isNumber() && Double.isFinite(value.doubleValue())
                    && (field.min() == null || value.decimalValue().compareTo(field.min()) >= 0)
                    && (field.max() == null || value.decimalValue().compareTo(field.max()) <= 0);
            return expect(ok, path, field.typeMessage() != null ? field.typeMessage() : "must be a number", out);
        }
        if (raw.isEnum()) {
            if (value.isTextual() && enumNames(raw).contains(value.textValue())) {
                return true;
            }
            out.add(new Violation(path, "must be one of " + String.join(", ", enumNames(raw))));
            return false;
        }
        if (raw == List.class) {
            if (!expect(value.isArray(), path, "must be an array", out)) {
                return false;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode array = (ArrayNode) value;
            boolean objects = raw(element).isRecord();
            for (int i = array.size() - 1; i >= 0; i--) {
                JsonNode item = array.get(i);
                Field itemField = new Field(field.name(), element, null, null, null);
                if (!item.isNull() && !validScalar(item, itemField)
                        && !checkValue(item, element, itemField, path + "[" + i + "]", out)) {
                    if (objects) {
                        array.set(i, NullNode.getInstance()); // keep indexes stable for later messages
                    } else {
                        array.remove(i);
                    }
                }
            }
            return true;
        }
        if (raw == Map.class) {
            return checkAttributes(value, path, out);
        }
        if (raw.isRecord()) {
            if (!expect(value.isObject(), path, "must be an object", out)) {
                return false;
            }
            checkRecord((ObjectNode) value, raw, path, out);
            return true;
        }
        throw new IllegalStateException("no JSON shape for " + type);
    }

    /** A.7: string keys to scalar values; at most 50 keys; strings of at most 500 chars; no null, array or object. */
    private boolean checkAttributes(JsonNode value, String path, List<Violation> out) {
        if (!expect(value.isObject(), path, "must be an object of attribute names to values", out)) {
            return false;
        }
        ObjectNode object = (ObjectNode) value;
        if (object.size() > MAX_ATTRIBUTES) {
            out.add(new Violation(path, "must have at most " + MAX_ATTRIBUTES + " keys"));
            return false;
        }
        List<String> remove = new ArrayList<>();
        object.fields().forEachRemaining(entry -> {
            String keyPath = path + "." + entry.getKey();
            JsonNode v = entry.getValue();
            if (!ATTRIBUTE_KEY.matcher(entry.getKey()).matches()) {
                out.add(new Violation(keyPath, "attribute names must match " + ATTRIBUTE_KEY.pattern()));
                remove.add(entry.getKey());
            } else if (!(v.isBoolean() || (v.isNumber() && Double.isFinite(v.doubleValue()))
                    || (v.isTextual() && v.textValue().length() <= MAX_ATTRIBUTE_STRING))) {
                out.add(new Violation(keyPath, "must be a string of at most " + MAX_ATTRIBUTE_STRING
                        + " characters, a finite number or a boolean"));
                remove.add(entry.getKey());
            }
        });
        object.remove(new java.util.HashSet<>(remove));
        return true;
    }

    private static boolean expect(boolean ok, String path, String message, List<Violation> out) {
        if (!ok) {
            out.add(new Violation(path, message));
        }
        return ok;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    /** The fields of a record, by name in declaration order (also {@link DirectRequestBinder}'s description). */
    static Map<String, Field> fields(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            Map<String, Field> map = new LinkedHashMap<>();
            for (RecordComponent component : t.getRecordComponents()) {
                DecimalMin min = annotation(component, DecimalMin.class);
                DecimalMax max = annotation(component, DecimalMax.class);
                map.put(component.getName(), new Field(component.getName(), component.getGenericType(),
                        rangeMessage(component), min == null ? null : new BigDecimal(min.value()),
                        max == null ? null : new BigDecimal(max.value())));
            }
            return map;
        });
    }

    /** A number of the wrong kind gets the same message as one out of range ("must be an integer between 1 and 1200"). */
    private static String rangeMessage(RecordComponent component) {
        Range range = annotation(component, Range.class);
        if (range != null) {
            return range.message();
        }
        DecimalMin min = annotation(component, DecimalMin.class);
        return min != null ? min.message() : null;
    }

    private static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent component, Class<A> type) {
        A onComponent = component.getAnnotation(type);
        if (onComponent != null) {
            return onComponent;
        }
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(type);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
