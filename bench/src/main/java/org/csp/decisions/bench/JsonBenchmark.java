package org.csp.decisions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.csp.decisions.api.RequestReader;
import org.csp.decisions.engine.Evaluator;
import org.csp.decisions.engine.RuleSet;
import org.csp.decisions.engine.RuleSetBuilder;
import org.csp.decisions.engine.RuleSetHolder;
import org.csp.decisions.model.Evaluation;
import org.csp.decisions.model.EvaluationRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON side of POST /evaluate, single-threaded, for the A.10 body: the product's strict request reading (parse
 * with duplicate detection, shape check, bind, Bean Validation) and its parts, the response serialisation with the
 * mapper quarkus-rest-jackson uses, and the echo server's round trip (tree in, tree out) for comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class JsonBenchmark {
    private byte[] body;
    private RequestReader reader;
    private Validator validator;
    private EvaluationRequest request;
    private final ObjectMapper plain = new ObjectMapper();

    /** The A.10 answer and the response mapper; only writeResponse pays for building the rules. */
    @State(Scope.Benchmark)
    public static class Answer {
        Evaluation evaluation;
        ObjectMapper responseMapper;
        ObjectMapper defaultMapper;

        @Setup(Level.Trial)
        public void setUp() {
            BenchSupport.quietLogging();
            EvaluationRequest request = BenchSupport.requestReader().read(BenchSupport.a10Body());
            RuleSet ruleSet = BenchSupport.build(new RuleSetBuilder(), BenchSupport.bundledRules(), "bench");
            evaluation = new Evaluator(new RuleSetHolder(), BenchSupport.MAX_FIRINGS, BenchSupport.TIMEOUT, BenchSupport.THREADS)
                    .evaluate(ruleSet, request);
            ruleSet.retire();
            responseMapper = BenchSupport.productResponseMapper();
            defaultMapper = BenchSupport.responseMapper();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        BenchSupport.quietLogging();
        body = BenchSupport.a10Body();
        validator = BenchSupport.validator();
        reader = new RequestReader(validator);
        request = reader.read(body);
    }

    /** The product path: RequestReader.read(byte[]), everything from bytes to a valid EvaluationRequest. */
    @Benchmark
    public EvaluationRequest readRequest() {
        return reader.read(body);
    }

    /** Part: RequestReader.parse (strict parser to a tree, incl. the blank-body check). */
    @Benchmark
    public JsonNode readRequestParseOnly() {
        return reader.parse(body);
    }

    /** Part: Bean Validation of an already bound request. */
    @Benchmark
    public Set<ConstraintViolation<EvaluationRequest>> readRequestValidateOnly() {
        return validator.validate(request);
    }

    /** Reference: plain Jackson data binding, bytes straight to the records (no tree, no shape check). */
    @Benchmark
    public EvaluationRequest bindPlainJackson() throws IOException {
        return plain.readValue(body, EvaluationRequest.class);
    }

    /** The response: Evaluation to bytes as the service writes it (Quarkus' defaults plus FindingJson). */
    @Benchmark
    public byte[] writeResponse(Answer answer) throws IOException {
        return answer.responseMapper.writeValueAsBytes(answer.evaluation);
    }

    /** Reference: the same answer with Quarkus' default ObjectMapper alone (every text escaped on every call). */
    @Benchmark
    public byte[] writeResponseDefaultMapper(Answer answer) throws IOException {
        return answer.defaultMapper.writeValueAsBytes(answer.evaluation);
    }

    /** The echo ceiling's work: A.10 bytes to a tree and back to bytes. */
    @Benchmark
    public byte[] echoRoundTrip() throws IOException {
        return plain.writeValueAsBytes(plain.readTree(body));
    }
}
