package org.csp.decisions.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark-only JSON round-trip ceiling, never part of the product: a bare Vert.x HTTP server (the stack under
 * Quarkus) that reads the POSTed body, parses it to a Jackson tree and writes the tree back as JSON. It does the
 * least any JSON endpoint must do for the A.10 body, so {@code /evaluate} throughput is reported as a ratio of it.
 * Event loops as Quarkus' default (2 x cores). Binds to 127.0.0.1 only.
 * Usage: EchoServer [port] (default 8081); GET /ready answers 200 once listening.
 */
public final class EchoServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        int loops = Integer.getInteger("echo.eventLoops", 2 * Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        ObjectMapper mapper = new ObjectMapper();
        CountDownLatch ready = new CountDownLatch(1);
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                        .requestHandler(req -> {
                            if (req.method() == HttpMethod.GET && "/ready".equals(req.path())) {
                                req.response().end("ok");
                                return;
                            }
                            if (req.method() != HttpMethod.POST) {
                                req.response().setStatusCode(405).end();
                                return;
                            }
                            req.body().onSuccess(body -> {
                                try {
                                    JsonNode tree = mapper.readTree(body.getBytes());
                                    byte[] out = mapper.writeValueAsBytes(tree);
                                    req.response().putHeader("Content-Type", "application/json")
                                            .end(Buffer.buffer(out));
                                } catch (Exception e) {
                                    req.response().setStatusCode(400).end();
                                }
                            }).onFailure(e -> req.response().setStatusCode(500).end());
                        })
                        .listen()
                        .onSuccess(s -> ready.countDown())
                        .onFailure(e -> {
                            e.printStackTrace();
                            System.exit(1);
                        });
            }
        }, new DeploymentOptions().setInstances(loops));
        if (!ready.await(30, TimeUnit.SECONDS)) {
            System.err.println("echo server did not start");
            System.exit(1);
        }
        System.out.println("echo server on http://127.0.0.1:" + port + " with " + loops + " event loops");
    }
}
