package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.csp.decisions.model.EvaluationRequest;

/**
 * Strict request reading (FINDINGS.md A.9, D.7): parse with duplicate-key detection and a nesting limit of 16, check
 * every JSON type against the model records, bind, then apply Bean Validation. All problems of one body are
 * reported together, each with the JSON path of its field. Never throws anything but {@link ProblemException}.
 */
@ApplicationScoped
public class RequestReader {
    public static final int MAX_DEPTH = 16;

    private final ObjectMapper mapper = JsonMapper.builder(strictFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    private final ShapeChecker shapes = new ShapeChecker();
    private final DirectRequestBinder direct = new DirectRequestBinder(mapper.getFactory());
    private final Validator validator;

    /** Duplicate keys and nesting deeper than {@value #MAX_DEPTH} are parse errors; no NaN or infinities. */
    static com.fasterxml.jackson.core.JsonFactory strictFactory() {
        return com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
    }

    @Inject
    public RequestReader(Validator validator) {
        this.validator = validator;
    }

    /** Parses a whole body into a tree; empty, unparseable or too deeply nested bodies are 400s. */
    public JsonNode parse(byte[] body) {
        checkText(body);
        return parse(body, 0, body.length);
    }

    /** A whole body must be some text, in UTF-8: else a 400 before any parsing. */
    private static void checkText(byte[] body) {
        if (body == null || body.length == 0 || blank(body)) {
            throw new ProblemException(Problem.malformed("the request body is empty"));
        }
        checkUtf8(body);
    }

    /** Parses the UTF-8 JSON text at {@code body[offset, offset + length)} into a tree; failures are 400s. */
    private JsonNode parse(byte[] body, int offset, int length) {
        try {
            JsonNode node = mapper.readTree(body, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(Problem.malformed("the request body is empty"));
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.validation(List.of(new Violation("$", "JSON nesting must not be deeper than " + MAX_DEPTH + " levels"))));
        } catch (StreamReadException e) {
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw new ProblemException(Problem.validation(List.of(new Violation(path(e), "duplicate key in one object"))));
            }
            throw new ProblemException(Problem.malformed(describe(e)));
        } catch (IOException e) {
            throw new ProblemException(Problem.malformed("the request body is not valid JSON"));
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson throws these unwrapped for a number it cannot hold (1e-2147483648: scale out of range).
            throw new ProblemException(Problem.malformed("a number in the request body is out of range"));
        }
    }

    /**
     * A batch body: checked whole, bound item by item. The body is read once, token by token, as {@link #parse} would
     * read it (the same parser: duplicate keys, nesting depth, every string and number decoded, nothing after the
     * root value), but only where each item of a root array starts and ends is kept; {@link BatchBody#item} parses an
     * item when its turn comes. A 1,000-item batch used to sit in memory as one JSON tree (~15 MB of small objects)
     * for as long as the batch ran, and each young collection copied it again: pauses of 10-20 ms that single calls
     * waited through. Now only the body's bytes (one array) and the items in flight are live. Jackson's own
     * streaming {@code readValues} would bind items one by one too, but it cannot tell a malformed body from a
     * malformed item before the first answer is sent, and a batch answers 400 for the first and 200 for the second.
     * Whenever this reading and {@link #parse} could disagree (any failure), the body goes through {@link #parse},
     * so a broken body gets exactly the problem it always got.
     */
    public BatchBody batch(byte[] body) {
        checkText(body);
        int[] bounds;
        try {
            bounds = itemBounds(body);
        } catch (IOException | RuntimeException e) {
            return new BatchBody(this, parse(body), body, null); // parse throws the exact problem of this body
        }
        return new BatchBody(this, null, body, bounds);
    }

    /**
     * Start and end offsets of each item of a root array (null when the root is not an array), or an exception when
     * {@link #parse} could fail on this body.
     */
    private int[] itemBounds(byte[] body) throws IOException {
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            JsonToken token = p.nextToken();
            boolean array = token == JsonToken.START_ARRAY;
            int[] bounds = new int[64];
            int items = 0;
            int depth = 0;
            while (token != null) {
                if (array && depth == 1 && !token.isStructEnd()) {
                    if (2 * items + 2 > bounds.length) {
                        bounds = java.util.Arrays.copyOf(bounds, bounds.length * 2);
                    }
                    bounds[2 * items] = (int) p.currentTokenLocation().getByteOffset();
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    // What the tree would do with each value: decode it (and fail where it would fail).
                    case VALUE_NUMBER_INT -> p.getNumberValue();
                    case VALUE_NUMBER_FLOAT -> p.getDecimalValue().stripTrailingZeros();
                    case VALUE_STRING -> p.getTextLength();
                    default -> { }
                }
                if (array && depth == 1 && (token.isScalarValue() || token.isStructEnd())) {
                    bounds[2 * items++ + 1] = (int) p.currentLocation().getByteOffset();
                }
                if (depth == 0) {
                    break;
                }
                token = p.nextToken();
            }
            if (token == null || p.nextToken() != null) {
                throw new IOException("the body is not one JSON value"); // parse says exactly what is wrong
            }
            return array ? java.util.Arrays.copyOf(bounds, 2 * items) : null;
        }
    }

    /** A batch body from {@link #batch}: its items, each parsed only when asked for. */
    public static final class BatchBody {
        private final RequestReader reader;
        private final JsonNode tree;
        private final byte[] body;
        private final int[] bounds;

        private BatchBody(RequestReader reader, JsonNode tree, byte[] body, int[] bounds) {
            this.reader = reader;
            this.tree = tree;
            this.body = body;
            this.bounds = bounds;
        }

        public boolean isArray() {
            return tree != null ? tree.isArray() : bounds != null;
        }

        public int size() {
            return tree != null ? tree.size() : bounds == null ? 0 : bounds.length / 2;
        }

        /**
         * Item i as a request, read as {@link RequestReader#read(byte[])} reads a body: bound straight from its bytes
         * when it is plainly valid, else through its tree (whose problems are those of POST /evaluate).
         */
        public EvaluationRequest read(int i) {
            EvaluationRequest request = tree != null ? null
                    : reader.plainlyValid(body, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
            return request != null ? request : reader.read(item(i));
        }

        /** Item i as a tree (a 400 problem in the unlikely case it does not parse alone). */
        public JsonNode item(int i) {
            if (tree != null) {
                return tree.get(i);
            }
            return reader.parse(body, bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i]);
        }
    }

    private static boolean blank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * A.9: bodies are UTF-8. Jackson would otherwise detect UTF-16/32 from NUL bytes or a byte-order mark and accept
     * overlong UTF-8 forms. NUL is never valid in JSON text as sent (it must be escaped inside strings), so a NUL byte
     * means another encoding; anything else is checked by the JDK's strict decoder, which refuses overlong forms,
     * surrogates and truncated sequences. ASCII bodies (the common case) cost one pass over the bytes.
     */
    static void checkUtf8(byte[] body) {
        boolean ascii = true;
        int i = 0;
        // Eight bytes at a time while no NUL is seen (a byte at or above 0x80 has its own high bit set); the rest, and
        // the word holding a NUL, one by one below.
        for (int end = body.length - 7; i < end; i += 8) {
            long x = ByteWords.word(body, i);
            if ((ByteWords.zeroByte(x) & ByteWords.HIGH_BITS) != 0) {
                break;
            }
            ascii &= (x & ByteWords.HIGH_BITS) == 0;
        }
        for (; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                throw new ProblemException(Problem.malformed("the request body is not UTF-8: it contains NUL bytes "
                        + "(UTF-16 or UTF-32?); send UTF-8"));
            }
            ascii &= b >= 0;
        }
        if (ascii) {
            return;
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ProblemException(Problem.malformed("the request body is not valid UTF-8 (invalid, overlong or "
                    + "truncated byte sequence); send UTF-8"));
        }
    }

    /** Reads one evaluation request from a parsed tree (consumed: the tree is trimmed while checking). */
    public EvaluationRequest read(JsonNode node) {
        List<Violation> violations = shapes.check(node, EvaluationRequest.class);
        if (!node.isObject()) {
            throw new ProblemException(Problem.validation(violations));
        }
        EvaluationRequest request;
        try {
            request = mapper.treeToValue(node, EvaluationRequest.class);
        } catch (JsonMappingException e) {
            violations.add(new Violation(path(e), "has an invalid value"));
            throw new ProblemException(Problem.validation(violations));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            violations.add(new Violation("$", "cannot be read as an evaluation request"));
            throw new ProblemException(Problem.validation(violations));
        }
        if (violations.isEmpty() && CertainlyValid.check(request)) {
            return request; // plainly valid: Bean Validation would find nothing (see CertainlyValid)
        }
        // A value the shape check already dropped must not be reported again (e.g. as "is required").
        List<Violation> shapeViolations = List.copyOf(violations);
        for (ConstraintViolation<EvaluationRequest> v : validator.validate(request)) {
            String field = path(v.getPropertyPath());
            if (shapeViolations.stream().noneMatch(known -> field.equals(known.field()) || field.startsWith(known.field() + ".")
                    || field.startsWith(known.field() + "["))) {
                violations.add(new Violation(field, v.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
            throw new ProblemException(Problem.validation(violations));
        }
        return request;
    }

    /**
     * Reads one evaluation request from a body: a plainly valid body is bound straight from its bytes
     * ({@link DirectRequestBinder}); anything else takes the tree path ({@link #parse}, then {@link #read(JsonNode)}),
     * which gives every problem document.
     */
    public EvaluationRequest read(byte[] body) {
        EvaluationRequest request = null;
        if (body != null && body.length > 0) {
            checkUtf8(body); // the tree path checks again, but only bodies that are not plainly valid get there
            request = plainlyValid(body, 0, body.length);
        }
        return request != null ? request : read(parse(body));
    }

    /**
     * The request in the UTF-8 JSON text at {@code body[offset, offset + length)} bound straight from its bytes, if it
     * is plainly well-formed and plainly valid; null when it must take the strict path (tree, shape check, bind,
     * Bean Validation), which alone writes problem documents.
     */
    private EvaluationRequest plainlyValid(byte[] body, int offset, int length) {
        EvaluationRequest request = direct.bind(body, offset, length);
        return request != null && CertainlyValid.check(request) ? request : null;
    }

    /** Bean Validation path as a JSON path: {@code partners[1].sector}. */
    static String path(Path propertyPath) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : propertyPath) {
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(node.getName());
            }
        }
        return out.length() == 0 ? "$" : out.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return out.length() == 0 ? "$" : out.toString();
    }

    /** Where the parser was when it failed, as a JSON path. */
    private static String path(StreamReadException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "$";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inArray()) {
                parts.add(0, "[" + Math.max(0, ctx.getCurrentIndex()) + "]");
            } else if (ctx.getCurrentName() != null) {
                parts.add(0, "." + ctx.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.isEmpty() ? "$" : joined.startsWith(".") ? joined.substring(1) : joined;
    }

    private static String describe(StreamReadException e) {
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = cut > 0 ? message.substring(0, cut) : message;
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return Problem.sanitize(message.length() > 200 ? message.substring(0, 200) : message);
    }
}
