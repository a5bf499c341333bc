package org.csp.decisions.api;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.csp.decisions.model.Evaluation;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Writes the full answer of {@code POST /evaluate} with {@link EvaluationJson} (through {@link AnswerJson}) (the same bytes as the Jackson writer it
 * replaces for this one type, without data binding). Every other type still goes to Quarkus' Jackson writer.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationWriter implements ServerMessageBodyWriter<Evaluation> {
    private final AnswerJson json;

    public EvaluationWriter(AnswerJson json) {
        this.json = json;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return Evaluation.class.equals(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Evaluation.class.equals(type);
    }

    @Override
    public void writeResponse(Evaluation evaluation, Type genericType, ServerRequestContext context) throws IOException {
        OutputStream out = context.getOrCreateOutputStream();
        json.write(evaluation, out);
        out.close();
    }

    @Override
    public void writeTo(Evaluation evaluation, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        json.write(evaluation, out);
    }
}
