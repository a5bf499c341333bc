package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonGeneratorImpl;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.csp.decisions.model.Finding;
import org.csp.decisions.model.FindingSource;

/**
 * Writes the parts of a finding that come from its rule's metadata (recommendations, practice notes and source, about half
 * of every answer's bytes) from JSON prepared once per distinct value, instead of escaping the same text on every
 * request. The JSON is exactly what Jackson writes for them; only the work is saved.
 */
@Singleton
public class FindingJson implements ObjectMapperCustomizer {
    /** Distinct recommendation lists and sources are a few per rule; the cap only guards against endless edits. */
    private static final int MAX_CACHED = 20_000;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.addMixIn(Finding.class, FindingMixin.class);
    }

    /** Jackson reads these annotations as if they were on {@link Finding}'s accessors. */
    abstract static class FindingMixin {
        @JsonSerialize(using = Prepared.class)
        abstract List<String> recommendations();

        @JsonSerialize(using = Prepared.class)
        abstract List<String> practiceNotes();

        @JsonSerialize(using = Prepared.class)
        abstract FindingSource source();
    }

    /** Serialises a value once with the mapper's own serializer and writes the cached UTF-8 afterwards. */
    static final class Prepared extends JsonSerializer<Object> {
        private static final Map<Object, SerializableString> CACHE = new ConcurrentHashMap<>();
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!(gen instanceof JsonGeneratorImpl)) {
                // Not JSON text (e.g. valueToTree's token buffer): raw JSON would become an opaque value there.
                provider.findValueSerializer(value.getClass()).serialize(value, gen, provider);
                return;
            }
            SerializableString json = CACHE.get(value);
            if (json == null) {
                json = new SerializedString(write(value, provider));
                if (CACHE.size() >= MAX_CACHED) {
                    CACHE.clear();
                }
                CACHE.put(value, json);
            }
            gen.writeRawValue(json);
        }

        /** The value's JSON as the answer's own serializer (same provider, same configuration) writes it. */
        private static String write(Object value, SerializerProvider provider) throws IOException {
            StringWriter out = new StringWriter();
            try (JsonGenerator gen = JSON.createGenerator(out)) {
                provider.findValueSerializer(value.getClass()).serialize(value, gen, provider);
            }
            return out.toString();
        }
    }
}
