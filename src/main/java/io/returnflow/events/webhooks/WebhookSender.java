package io.returnflow.events.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/**
 * Posts one delivery: the event's bytes as stored, signed, with the connect and read timeouts of
 * {@code returnflow.webhooks} and nothing else: no retry (the worker's backoff retries), no redirect (a 3xx is a
 * failure: the merchant registers the URL that answers).
 */
@Component
class WebhookSender {

    static final String EVENT_ID = "ReturnFlow-Event-Id";
    static final String EVENT_TYPE = "ReturnFlow-Event-Type";

    private final WebhookProperties properties;
    private final WebhookUrlPolicy policy;
    private final HttpClient http;

    WebhookSender(WebhookProperties properties, WebhookUrlPolicy policy) {
        this.properties = properties;
        this.policy = policy;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** What came of one attempt: the receiver's status, or why there was none, and how long it took. */
    record Outcome(Integer status, String error, long latencyMs, String snippet) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }

        String summary() {
            return status != null ? "HTTP " + status : error;
        }
    }

    Outcome send(String url, String eventId, String eventType, byte[] body, String signature) {
        long started = System.nanoTime();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "invalid URL", 0, null);
        }
        // the name may resolve elsewhere than when the endpoint was registered; the JDK client resolves it once
        // more to connect and cannot be held to this address (the README's webhooks section: DNS rebinding)
        Optional<String> refused = uri.getHost() == null ? Optional.of("no host")
                : policy.addressRefusal(uri.getHost());
        if (refused.isPresent()) {
            return new Outcome(null, "not sent: " + refused.get(), 0, null);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", properties.userAgent())
                .header(WebhookSignature.HEADER, signature)
                .header(EVENT_ID, eventId)
                .header(EVENT_TYPE, eventType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        CompletableFuture<HttpResponse<String>> call =
                http.sendAsync(request, info -> new Snippet(properties.responseSnippet()));
        try {
            // the request's timeout bounds the wait for the answer's head; this bounds its body as well
            HttpResponse<String> response = call.get(
                    properties.connectTimeout().plus(properties.readTimeout()).plus(properties.readTimeout()).toMillis(),
                    TimeUnit.MILLISECONDS);
            return new Outcome(response.statusCode(), null, millisSince(started), response.body());
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Outcome(null, "timed out", millisSince(started), null);
        } catch (ExecutionException e) {
            return new Outcome(null, describe(e.getCause()), millisSince(started), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new Outcome(null, "interrupted", millisSince(started), null);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof HttpTimeoutException) {
            return "timed out: " + failure.getMessage();
        }
        if (failure instanceof ConnectException) {
            return "connection refused or unreachable";
        }
        if (failure instanceof IOException) {
            return "I/O error: " + failure;
        }
        return String.valueOf(failure);
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Keeps the first characters of an answer's body and lets the rest go by. */
    private static final class Snippet implements HttpResponse.BodySubscriber<String> {

        private final int max;
        private final StringBuilder text = new StringBuilder();
        private final byte[] kept;
        private int length;
        private final CompletableFuture<String> result = new CompletableFuture<>();

        Snippet(int max) {
            this.max = max;
            // UTF-8 takes at most 4 bytes a character
            this.kept = new byte[max * 4];
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), kept.length - length);
                buffer.get(kept, length, take);
                length += take;
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            text.append(new String(kept, 0, length, StandardCharsets.UTF_8));
            result.complete(text.length() > max ? text.substring(0, max) : text.toString());
        }
    }
}
