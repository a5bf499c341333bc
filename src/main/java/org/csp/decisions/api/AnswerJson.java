package org.csp.decisions.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import org.csp.decisions.model.Evaluation;

/**
 * Writes answers as the service's Jackson mapper would, the full {@link Evaluation} with {@link EvaluationJson} and
 * anything else (compact answers, problem documents) with the mapper itself, onto a generator that is never flushed
 * before the end (so an answer under the output buffer's size still leaves in one write).
 */
@Singleton
public class AnswerJson {
    private final ObjectMapper mapper;
    private final ObjectWriter other;
    private final EvaluationJson evaluations;

    @Inject
    public AnswerJson(ObjectMapper mapper) {
        this.mapper = mapper;
        this.other = mapper.writerFor(Object.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.evaluations = new EvaluationJson(mapper);
    }

    /**
     * A generator of the mapper's factory on {@code out}; closing it writes what it holds to {@code out} but neither
     * flushes nor closes {@code out} (a flush of the response's stream would send the answer in chunks).
     */
    JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator gen = mapper.getFactory().createGenerator(out);
        gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        gen.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
        return gen;
    }

    void writeAnswer(Object answer, JsonGenerator gen) throws IOException {
        if (answer instanceof Evaluation evaluation) {
            evaluations.write(evaluation, gen);
        } else {
            other.writeValue(gen, answer);
        }
    }

    /**
     * One answer (an evaluation, a compact answer or a problem document) as JSON bytes: a batch item. Written into a
     * buffer the thread keeps (it grows to the largest answer once), so each answer allocates only its own bytes: a
     * batch allocates fast enough that every extra copy shows as more frequent garbage collections.
     */
    byte[] bytes(Object answer) throws IOException {
        Buffer out = BUFFER.get();
        out.reset();
        try (JsonGenerator gen = generator(out)) {
            writeAnswer(answer, gen);
        }
        if (out.capacity() > MAX_KEPT_BUFFER) {
            BUFFER.remove(); // an unusually large answer: not kept for the thread's life
        }
        return out.toByteArray();
    }

    private static final int MAX_KEPT_BUFFER = 256 * 1024;
    private static final ThreadLocal<Buffer> BUFFER = ThreadLocal.withInitial(Buffer::new);

    /** A {@link java.io.ByteArrayOutputStream} that says how big it has grown. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        Buffer() {
            super(32 * 1024);
        }

        int capacity() {
            return buf.length;
        }
    }

    /** One full answer on {@code out}, which is left open and unflushed. */
    void write(Evaluation evaluation, OutputStream out) throws IOException {
        try (JsonGenerator gen = generator(out)) {
            evaluations.write(evaluation, gen);
        }
    }
}
