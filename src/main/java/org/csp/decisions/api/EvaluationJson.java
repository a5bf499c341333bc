package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csp.decisions.model.CategorySummary;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.Summary;

/**
 * Writes an {@link Evaluation} straight to a {@link JsonGenerator}, field by field, giving exactly the bytes that
 * the service's Jackson mapper gives for it (same names, order, nulls, numbers and escaping; {@code EvaluationJsonTest}
 * compares the two on every bundled case and the A.10 example). The parts that come from a rule's metadata and repeat
 * on every answer - recommendations, practice notes and sources - are written from UTF-8 prepared once per
 * distinct value; a triggering fact of a type this class does not know is handed to the mapper.
 *
 * <p>Why not the mapper alone: the profile of {@code POST /evaluate} under load put data binding (bean and map
 * serializers, property writers, reflective accessor calls) at ~37 us of the ~256 us a request cost with the A.10
 * answer (bench/results/profiles/profile-evaluate-async-before-cpu.txt); this writer does the same in a fraction of that.
 */
final class EvaluationJson {
    /** Distinct prepared values are a few per rule; the cap only guards against endless edits of the rules. */
    private static final int MAX_CACHED = 20_000;
    private static final SerializedString RULE_SET_VERSION = new SerializedString("ruleSetVersion");
    private static final SerializedString PARTNERSHIP_ID = new SerializedString("partnershipId");
    private static final SerializedString EVALUATED_AT = new SerializedString("evaluatedAt");
    private static final SerializedString FINDINGS = new SerializedString("findings");
    private static final SerializedString SUMMARY = new SerializedString("summary");
    private static final SerializedString FIRED_RULES = new SerializedString("firedRules");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString CATEGORY = new SerializedString("category");
    private static final SerializedString SEVERITY = new SerializedString("severity");
    private static final SerializedString TITLE = new SerializedString("title");
    private static final SerializedString EXPLANATION = new SerializedString("explanation");
    private static final SerializedString RECOMMENDATIONS = new SerializedString("recommendations");
    private static final SerializedString PRACTICE_NOTES = new SerializedString("practiceNotes");
    private static final SerializedString SUBJECTS = new SerializedString("subjects");
    private static final SerializedString TRIGGERING_FACTS = new SerializedString("triggeringFacts");
    private static final SerializedString AGGREGATE = new SerializedString("aggregate");
    private static final SerializedString SOURCE = new SerializedString("source");
    private static final SerializedString HIGHEST_SEVERITY = new SerializedString("highestSeverity");
    private static final SerializedString BY_SEVERITY = new SerializedString("bySeverity");
    private static final SerializedString BY_CATEGORY = new SerializedString("byCategory");
    private static final SerializedString OVERALL_LEGITIMACY_RISK = new SerializedString("overallLegitimacyRisk");
    private static final SerializedString COUNT = new SerializedString("count");
    private static final SerializedString FINDING_IDS = new SerializedString("findingIds");

    private final ObjectMapper mapper;
    /** Values of other types, written as the mapper writes them. */
    private final ObjectWriter other;
    /** Rule metadata as JSON: recommendation and practice-note lists, and sources. */
    private final Map<Object, SerializableString> prepared = new ConcurrentHashMap<>();
    /** Rule names as JSON strings. */
    private final Map<String, SerializableString> ruleNames = new ConcurrentHashMap<>();

    EvaluationJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.other = mapper.writerFor(Object.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /**
     * The answer's JSON on {@code out}, through a generator of the mapper's factory (its features apply); {@code out}
     * is neither flushed nor closed.
     */
    void write(Evaluation evaluation, OutputStream out) throws IOException {
        try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            write(evaluation, gen);
        }
    }

    void write(Evaluation e, JsonGenerator gen) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(RULE_SET_VERSION);
        gen.writeString(e.ruleSetVersion());
        gen.writeFieldName(PARTNERSHIP_ID);
        gen.writeString(e.partnershipId());
        gen.writeFieldName(EVALUATED_AT);
        if (e.evaluatedAt() == null) {
            gen.writeNull();
        } else {
            gen.writeString(e.evaluatedAt().toString()); // ISO-8601, as the mapper's InstantSerializer writes it
        }
        gen.writeFieldName(FINDINGS);
        if (e.findings() == null) {
            gen.writeNull();
        } else {
            gen.writeStartArray();
            for (Finding f : e.findings()) {
                finding(f, gen);
            }
            gen.writeEndArray();
        }
        gen.writeFieldName(SUMMARY);
        summary(e.summary(), gen);
        gen.writeFieldName(FIRED_RULES);
        ruleNames(e.firedRules(), gen);
        gen.writeEndObject();
    }

    private void finding(Finding f, JsonGenerator gen) throws IOException {
        if (f == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        gen.writeFieldName(ID);
        gen.writeString(f.id());
        gen.writeFieldName(CATEGORY);
        enumName(f.category(), gen);
        gen.writeFieldName(SEVERITY);
        enumName(f.severity(), gen);
        gen.writeFieldName(TITLE);
        text(f.title(), gen);
        gen.writeFieldName(EXPLANATION);
        text(f.explanation(), gen);
        gen.writeFieldName(RECOMMENDATIONS);
        raw(f.recommendations(), gen);
        gen.writeFieldName(PRACTICE_NOTES);
        raw(f.practiceNotes(), gen);
        gen.writeFieldName(SUBJECTS);
        strings(f.subjects(), gen);
        gen.writeFieldName(TRIGGERING_FACTS);
        facts(f.triggeringFacts(), gen);
        gen.writeFieldName(AGGREGATE);
        gen.writeBoolean(f.aggregate());
        gen.writeFieldName(SOURCE);
        raw(f.source(), gen);
        gen.writeEndObject();
    }

    private void summary(Summary s, JsonGenerator gen) throws IOException {
        if (s == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        gen.writeFieldName(HIGHEST_SEVERITY);
        enumName(s.highestSeverity(), gen);
        gen.writeFieldName(BY_SEVERITY);
        if (s.bySeverity() == null) {
            gen.writeNull();
        } else {
            gen.writeStartObject();
            for (Map.Entry<?, Integer> count : s.bySeverity().entrySet()) {
                gen.writeFieldName(enumJson((Enum<?>) count.getKey()));
                if (count.getValue() == null) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(count.getValue());
                }
            }
            gen.writeEndObject();
        }
        gen.writeFieldName(BY_CATEGORY);
        if (s.byCategory() == null) {
            gen.writeNull();
        } else {
            gen.writeStartObject();
            for (Map.Entry<?, CategorySummary> category : s.byCategory().entrySet()) {
                gen.writeFieldName(enumJson((Enum<?>) category.getKey()));
                CategorySummary c = category.getValue();
                if (c == null) {
                    gen.writeNull();
                    continue;
                }
                gen.writeStartObject();
                gen.writeFieldName(COUNT);
                gen.writeNumber(c.count());
                gen.writeFieldName(HIGHEST_SEVERITY);
                enumName(c.highestSeverity(), gen);
                gen.writeFieldName(FINDING_IDS);
                strings(c.findingIds(), gen);
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        gen.writeFieldName(OVERALL_LEGITIMACY_RISK);
        gen.writeString(s.overallLegitimacyRisk());
        gen.writeEndObject();
    }

    /**
     * A string of prose (titles and explanations, ~9 KB of the A.10 answer): when it is plain ASCII with nothing to
     * escape - the common case - its bytes are copied as they are (the JDK encodes an ASCII string with one array
     * copy, and one pass checks it needs no escape); anything else, or a generator with its own escapes, goes through
     * {@link JsonGenerator#writeString(String)}. Jackson writes a plain ASCII string byte for byte either way, so the
     * answer is the same; the generator's per-character loop cost ~7 us per A.10 answer.
     */
    private static void text(String value, JsonGenerator gen) throws IOException {
        if (value == null || value.length() < PLAIN_MIN || !(gen instanceof UTF8JsonGenerator)
                || gen.getCharacterEscapes() != null || gen.getHighestEscapedChar() != 0) {
            gen.writeString(value);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (plain(bytes)) {
            gen.writeRawUTF8String(bytes, 0, bytes.length);
        } else {
            gen.writeString(value);
        }
    }

    /**
     * True when no byte is {@link #NOT_PLAIN}: eight bytes at a time (a byte at or above 0x80, one below 0x20, or one
     * equal to a quote or a backslash, found with the usual word-at-a-time tests), the rest one by one.
     */
    static boolean plain(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - 7; i < end; i += 8) {
            long x = ByteWords.word(bytes, i);
            long control = (x - 0x20 * ByteWords.ONES) & ~x;
            if (((x | control | ByteWords.zeroByte(x ^ ('"' * ByteWords.ONES))
                    | ByteWords.zeroByte(x ^ ('\\' * ByteWords.ONES))) & ByteWords.HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (NOT_PLAIN[bytes[i] & 0xFF]) {
                return false;
            }
        }
        return true;
    }

    /** Fact keys ("partners[p1].valuesAlignment"): shorter ones are not worth the copy. */
    private static final int PLAIN_NAME_MIN = 12;

    /**
     * A field name that needs no escape (checked by {@link #plain}): its quoted UTF-8 form, which the generator copies
     * into its buffer, is its own bytes. (Jackson's {@code SerializedString} would escape the name again on first use.)
     */
    private static final class PlainName extends SerializedString {
        PlainName(String name, byte[] utf8) {
            super(name);
            _quotedUTF8Ref = utf8;
        }
    }

    /** Shorter strings are not worth the copy. */
    private static final int PLAIN_MIN = 24;
    /**
     * Bytes a plain string cannot hold: those Jackson escapes by default in ASCII (control characters, quote,
     * backslash) and any byte of a multi-byte UTF-8 sequence (left to Jackson, which also checks surrogates).
     */
    private static final boolean[] NOT_PLAIN = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            NOT_PLAIN[b] = b < 0x20 || b == '"' || b == '\\' || b >= 0x80;
        }
    }

    private static void enumName(Enum<?> value, JsonGenerator gen) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeString(enumJson(value));
        }
    }

    /** Enum names (severities, categories: values and summary keys), prepared once per constant. */
    private static final ClassValue<SerializedString[]> ENUM_NAMES = new ClassValue<>() {
        @Override
        protected SerializedString[] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            SerializedString[] names = new SerializedString[constants.length];
            for (int i = 0; i < constants.length; i++) {
                names[i] = new SerializedString(((Enum<?>) constants[i]).name());
            }
            return names;
        }
    };

    private static SerializedString enumJson(Enum<?> value) {
        return ENUM_NAMES.get(value.getDeclaringClass())[value.ordinal()];
    }

    /** The names of the rules that fired: they come from the rule set, so each is prepared once. */
    private void ruleNames(List<String> names, JsonGenerator gen) throws IOException {
        if (names == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartArray();
        for (String name : names) {
            if (name == null) {
                gen.writeNull();
                continue;
            }
            SerializableString json = ruleNames.get(name);
            if (json == null) {
                json = new SerializedString(name);
                if (ruleNames.size() >= MAX_CACHED) {
                    ruleNames.clear();
                }
                ruleNames.put(name, json);
            }
            gen.writeString(json);
        }
        gen.writeEndArray();
    }

    private static void strings(List<String> list, JsonGenerator gen) throws IOException {
        if (list == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartArray();
        for (String s : list) {
            gen.writeString(s);
        }
        gen.writeEndArray();
    }

    /** Triggering facts: strings, booleans, numbers and lists of strings here; anything else as the mapper writes it. */
    private void facts(Map<String, Object> facts, JsonGenerator gen) throws IOException {
        if (facts == null) {
            gen.writeNull();
            return;
        }
        gen.writeStartObject();
        boolean plainNames = gen instanceof UTF8JsonGenerator && gen.getCharacterEscapes() == null
                && gen.getHighestEscapedChar() == 0;
        for (Map.Entry<String, Object> fact : facts.entrySet()) {
            String key = fact.getKey();
            byte[] bytes = plainNames && key != null && key.length() >= PLAIN_NAME_MIN ? key.getBytes(StandardCharsets.UTF_8) : null;
            if (bytes != null && plain(bytes)) {
                gen.writeFieldName(new PlainName(key, bytes));
            } else {
                gen.writeFieldName(key);
            }
            Object v = fact.getValue();
            if (v == null) {
                gen.writeNull();
            } else if (v instanceof String s) {
                gen.writeString(s);
            } else if (v instanceof Boolean b) {
                gen.writeBoolean(b);
            } else if (v instanceof Integer i) {
                gen.writeNumber(i);
            } else if (v instanceof Long l) {
                gen.writeNumber(l);
            } else if (v instanceof BigDecimal d) {
                gen.writeNumber(d);
            } else if (v instanceof BigInteger i) {
                gen.writeNumber(i);
            } else if (v instanceof Double d) {
                gen.writeNumber(d);
            } else if (v instanceof List<?> list && list.stream().allMatch(x -> x instanceof String)) {
                gen.writeStartArray();
                for (Object s : list) {
                    gen.writeString((String) s);
                }
                gen.writeEndArray();
            } else {
                other.writeValue(gen, v); // without a flush: the answer must still leave in one write
            }
        }
        gen.writeEndObject();
    }

    /** A value of the rule's metadata, from its JSON prepared once (null as null). */
    private void raw(Object value, JsonGenerator gen) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        SerializableString json = prepared.get(value);
        if (json == null) {
            json = new SerializedString(mapper.writeValueAsString(value));
            if (prepared.size() >= MAX_CACHED) {
                prepared.clear();
            }
            prepared.put(value, json);
        }
        gen.writeRawValue(json);
    }
}
