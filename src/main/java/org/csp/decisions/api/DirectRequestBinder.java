package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csp.decisions.model.EvaluationRequest;

/**
 * The fast path of {@link RequestReader}: binds a request straight from its bytes with one streaming pass of the
 * strict parser into the model records, for bodies that are plainly well-formed. It gives up (returns null) at the
 * first thing that is not: an unknown property, a JSON type the field does not take, an unknown enum name, a number
 * outside its exact bounds, a bad attribute, an explicit null, a duplicate key, too deep nesting, trailing tokens, a
 * record constructor that refuses its values. The reader then takes the tree path (parse, {@link ShapeChecker}, bind,
 * Bean Validation), which says exactly what is wrong; so every problem document still comes from that one path, and
 * this class only decides when there is nothing to report about the JSON shape.
 *
 * <p>What it accepts is what {@link ShapeChecker} accepts without a violation, field for field, and what it builds is
 * what the tree path binds ({@code DirectRequestBinderTest} compares the two on every bundled case, the A.10 example
 * and on malformed and edge inputs). The records' canonical constructors are called as Jackson calls them.
 *
 * <p>Why by hand and not Jackson's data binding from the bytes: the binding would accept what the shape check refuses
 * (a bound decimal just above its maximum rounds to the bound as a double; attributes of any JSON type) and stop at
 * the first problem, so it could not decide alone; and the tree (parse, check, bind from the tree) cost ~26 us of CPU
 * per A.10 request under load (bench/results/profiles/profile-evaluate-async-cpu2-before-cpu.txt).
 */
final class DirectRequestBinder {
    private final JsonFactory factory;
    private final Map<Class<?>, RecordShape> shapes = new ConcurrentHashMap<>();

    /**
     * @param factory the reader's strict factory; this binder parses with a copy that leaves duplicate keys to it (it
     *                sees every object's keys as it binds them, so a hash set per object is not needed; Jackson's
     *                duplicate detection cost ~5 us per A.10 request)
     */
    DirectRequestBinder(JsonFactory factory) {
        this.factory = factory.rebuild().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** Thrown to give up: the tree path will say what is wrong (or that nothing is). No stack trace: it is common. */
    private static final class GiveUp extends Exception {
        private static final GiveUp INSTANCE = new GiveUp();

        private GiveUp() {
            super(null, null, false, false);
        }
    }

    private enum Kind { STRING, BOOLEAN, INTEGER, DOUBLE, ENUM, LIST, ATTRIBUTES, RECORD }

    /** How to read one value: its kind, and for lists the element, for enums the names, for records the shape. */
    private record ValueShape(Kind kind, BigDecimal min, BigDecimal max, Map<String, Object> enumValues,
            ValueShape element, Class<?> recordType) {
    }

    private record RecordShape(Map<String, Integer> index, ValueShape[] values, Constructor<?> constructor) {
    }

    /** The request, or null when the body is not plainly well-formed (the caller then reads it the strict way). */
    EvaluationRequest bind(byte[] body) {
        return bind(body, 0, body.length);
    }

    /** {@link #bind(byte[])} of the JSON text at {@code body[offset, offset + length)} (a batch item). */
    EvaluationRequest bind(byte[] body, int offset, int length) {
        try (JsonParser p = factory.createParser(body, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object request = record(p, EvaluationRequest.class);
            if (p.nextToken() != null) {
                return null; // trailing tokens
            }
            return (EvaluationRequest) request;
        } catch (GiveUp | IOException | RuntimeException e) {
            // IOException: malformed JSON, duplicate key, nesting or other stream constraints; RuntimeException:
            // numbers Jackson cannot hold. The tree path reports each of these.
            return null;
        }
    }

    private Object record(JsonParser p, Class<?> type) throws IOException, GiveUp {
        RecordShape shape = shape(type);
        Object[] args = new Object[shape.values().length];
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            Integer i = shape.index().get(p.currentName());
            if (i == null || args[i] != null) {
                throw GiveUp.INSTANCE; // unknown, or a duplicate key (a value once set is never null here)
            }
            p.nextToken();
            args[i] = value(p, shape.values()[i]);
        }
        if (t != JsonToken.END_OBJECT) {
            throw GiveUp.INSTANCE;
        }
        try {
            return shape.constructor().newInstance(args);
        } catch (InvocationTargetException | InstantiationException | IllegalAccessException e) {
            throw GiveUp.INSTANCE; // Jackson reports a refusing constructor as an invalid value: the tree path says so
        }
    }

    /** One value, the parser on its first token; anything {@link ShapeChecker} would report gives up. */
    private Object value(JsonParser p, ValueShape shape) throws IOException, GiveUp {
        JsonToken t = p.currentToken();
        switch (shape.kind()) {
            case STRING:
                if (t == JsonToken.VALUE_STRING) {
                    return p.getText();
                }
                break;
            case BOOLEAN:
                if (t == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                }
                if (t == JsonToken.VALUE_FALSE) {
                    return Boolean.FALSE;
                }
                break;
            case INTEGER:
                if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                    return p.getIntValue();
                }
                break;
            case DOUBLE:
                return number(p, t, shape);
            case ENUM:
                if (t == JsonToken.VALUE_STRING) {
                    Object constant = shape.enumValues().get(p.getText());
                    if (constant != null) {
                        return constant;
                    }
                }
                break;
            case LIST:
                if (t == JsonToken.START_ARRAY) {
                    List<Object> list = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        list.add(value(p, shape.element()));
                    }
                    return list;
                }
                break;
            case ATTRIBUTES:
                if (t == JsonToken.START_OBJECT) {
                    return attributes(p);
                }
                break;
            case RECORD:
                if (t == JsonToken.START_OBJECT) {
                    return record(p, shape.recordType());
                }
                break;
            default:
                break;
        }
        throw GiveUp.INSTANCE; // nulls included: a null in a list of objects and one in a field are told apart there
    }

    /** A finite number within the field's exact decimal bounds, as a double (as Jackson reads it). */
    private static Object number(JsonParser p, JsonToken t, ValueShape shape) throws IOException, GiveUp {
        if (t == JsonToken.VALUE_NUMBER_FLOAT || (t == JsonToken.VALUE_NUMBER_INT
                && (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG))) {
            if (shape.min() != null || shape.max() != null) {
                BigDecimal exact = p.getDecimalValue();
                if ((shape.min() != null && exact.compareTo(shape.min()) < 0)
                        || (shape.max() != null && exact.compareTo(shape.max()) > 0)) {
                    throw GiveUp.INSTANCE;
                }
            }
            double d = p.getDoubleValue();
            if (Double.isFinite(d)) {
                return d;
            }
        }
        throw GiveUp.INSTANCE;
    }

    /**
     * A.7 attributes as {@link ShapeChecker#checkAttributes} accepts them; values as the tree holds them (integers as
     * Integer, Long or BigInteger, decimals as the tree's normalised BigDecimal); the records normalise the numbers.
     */
    private static Map<String, Object> attributes(JsonParser p) throws IOException, GiveUp {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (out.size() >= ShapeChecker.MAX_ATTRIBUTES || !attributeKey(key)) {
                throw GiveUp.INSTANCE;
            }
            Object value;
            switch (p.nextToken()) {
                case VALUE_STRING -> {
                    String s = p.getText();
                    if (s.length() > ShapeChecker.MAX_ATTRIBUTE_STRING) {
                        throw GiveUp.INSTANCE;
                    }
                    value = s;
                }
                case VALUE_TRUE -> value = Boolean.TRUE;
                case VALUE_FALSE -> value = Boolean.FALSE;
                case VALUE_NUMBER_INT -> value = switch (p.getNumberType()) {
                    case INT -> p.getIntValue();
                    case LONG -> p.getLongValue();
                    default -> throw GiveUp.INSTANCE; // a huge integer: the tree path checks it is finite
                };
                case VALUE_NUMBER_FLOAT -> {
                    if (!Double.isFinite(p.getDoubleValue())) {
                        throw GiveUp.INSTANCE;
                    }
                    // As the tree holds it: Jackson strips trailing zeros of decimals in trees (0.50 is 0.5).
                    value = p.getDecimalValue().stripTrailingZeros();
                }
                default -> throw GiveUp.INSTANCE;
            }
            if (out.putIfAbsent(key, value) != null) {
                throw GiveUp.INSTANCE; // a duplicate key
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw GiveUp.INSTANCE;
        }
        return out;
    }

    /** {@link ShapeChecker#ATTRIBUTE_KEY} ({@code ^[A-Za-z][A-Za-z0-9_]{0,63}$}) without the regex engine. */
    static boolean attributeKey(String key) {
        int n = key.length();
        if (n == 0 || n > 64 || !letter(key.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = key.charAt(i);
            if (!letter(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean letter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private RecordShape shape(Class<?> type) {
        RecordShape shape = shapes.get(type);
        if (shape == null) {
            shape = describe(type);
            shapes.put(type, shape);
        }
        return shape;
    }

    private static RecordShape describe(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> index = new HashMap<>();
        ValueShape[] values = new ValueShape[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        Map<String, ShapeChecker.Field> fields = ShapeChecker.fields(type);
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            index.put(c.getName(), i);
            ShapeChecker.Field field = fields.get(c.getName());
            values[i] = valueShape(c.getGenericType(), field.min(), field.max());
            parameterTypes[i] = c.getType();
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return new RecordShape(Map.copyOf(index), values, constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type + " has no canonical constructor", e);
        }
    }

    private static ValueShape valueShape(Type type, BigDecimal min, BigDecimal max) {
        Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return new ValueShape(Kind.STRING, null, null, null, null, null);
        } else if (raw == Boolean.class) {
            return new ValueShape(Kind.BOOLEAN, null, null, null, null, null);
        } else if (raw == Integer.class) {
            return new ValueShape(Kind.INTEGER, null, null, null, null, null);
        } else if (raw == Double.class) {
            return new ValueShape(Kind.DOUBLE, min, max, null, null, null);
        } else if (raw.isEnum()) {
            Map<String, Object> names = new HashMap<>();
            for (Object constant : raw.getEnumConstants()) {
                names.put(((Enum<?>) constant).name(), constant);
            }
            return new ValueShape(Kind.ENUM, null, null, Map.copyOf(names), null, null);
        } else if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            return new ValueShape(Kind.LIST, null, null, null, valueShape(element, null, null), null);
        } else if (raw == Map.class) {
            return new ValueShape(Kind.ATTRIBUTES, null, null, null, null, null);
        } else if (raw.isRecord()) {
            return new ValueShape(Kind.RECORD, null, null, null, null, raw);
        }
        throw new IllegalStateException("no JSON shape for " + type);
    }
}
