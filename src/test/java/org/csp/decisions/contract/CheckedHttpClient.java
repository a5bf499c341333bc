package org.csp.decisions.contract;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A java.net.http client for the tests that do not use REST-assured (concurrent load, fuzzing with raw bytes):
 * exchanges are checked by {@link ContractFilter} exactly like REST-assured ones. Use
 * {@code CheckedHttpClient.of(HttpClient...)}. The JDK client offers no interceptor, so this delegates every method
 * and checks in {@code send}.
 * <p>
 * These tests send thousands of exchanges of the same few kinds (RuleCasesTest, ErrorResponsesTest, BatchTest and
 * the other REST-assured tests check every exchange), and a check costs about 25 ms for an A.10-sized
 * answer, so per operation and status the first {@value #ALWAYS} exchanges are checked and then every
 * {@value #EVERY}th; {@code -Dcontract.all=true} checks every one.
 */
public final class CheckedHttpClient extends HttpClient {
    static final int ALWAYS = 20;
    static final int EVERY = 50;
    private static final Map<String, java.util.concurrent.atomic.AtomicLong> SEEN = new java.util.concurrent.ConcurrentHashMap<>();
    private final HttpClient delegate;

    private CheckedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    public static HttpClient of(HttpClient delegate) {
        return new CheckedHttpClient(delegate);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> raw = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long n = SEEN.computeIfAbsent(request.method() + " " + request.uri().getPath() + " " + raw.statusCode(),
                k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        boolean checked = n <= ALWAYS || n % EVERY == 0 || Boolean.getBoolean("contract.all");
        if (checked && !request.uri().getPath().startsWith("/q/")) {
            Map<String, String> headers = new LinkedHashMap<>();
            raw.headers().map().forEach((name, values) -> headers.put(name, values.get(values.size() - 1)));
            ContractFilter.check(ContractFilter.validator(request.uri()), request.method(), request.uri(),
                    request.headers().firstValue("Content-Type").orElse(null),
                    request.headers().firstValue("Authorization").orElse(null), body(request),
                    raw.statusCode(), raw.headers().firstValue("Content-Type").orElse(null), headers,
                    new String(raw.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return new Converted<>(raw, convert(raw, handler));
    }

    /** The request body, read from its publisher (the JDK's publishers can be read again). */
    private static byte[] body(HttpRequest request) {
        if (request.bodyPublisher().isEmpty()) {
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().get().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return out.toByteArray();
    }

    /** Feeds the bytes already read to the caller's body handler. */
    private static <T> T convert(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return raw.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return raw.headers();
            }

            @Override
            public Version version() {
                return raw.version();
            }
        });
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    private record Converted<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public java.net.URI uri() {
            return raw.uri();
        }

        @Override
        public Version version() {
            return raw.version();
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        Executor executor = delegate.executor().orElse(Runnable::run);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request, handler);
            } catch (IOException | InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, executor == null ? java.util.concurrent.ForkJoinPool.commonPool() : executor);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
