package io.returnflow.notification.sms.aliyun;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.returnflow.platform.EndpointResolver;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Alibaba Cloud's RPC style over HTTP: every request a {@code POST} of the action's parameters and the common
 * ones ({@code Action}, {@code Version}, {@code Format=JSON}, {@code AccessKeyId}, {@code RegionId},
 * {@code Timestamp}, {@code SignatureMethod}, {@code SignatureVersion}, a fresh {@code SignatureNonce}) as a form
 * body, signed ({@link AliyunRpcSignature}, method {@code POST}). A POST rather than the documentation's GET
 * example so that the buyer's phone number stays out of URLs (proxies and gateways log those).
 *
 * <p>A {@link RestClient} over the JDK's {@code HttpURLConnection}, bounded by
 * {@code returnflow.sms.aliyun.connect-timeout} and {@code read-timeout}, rather than a Feign client: text messages
 * are sent by the notification sender, scheduled work that never runs inside a job, so the job call budget
 * (platform/JobCallBudgetCheck, which every Feign client must join) does not concern them. Never retried here:
 * the sender tries again later, after the adapter has made sure the message did not arrive.
 */
@Component
class AliyunSmsClient {

    static final String API_VERSION = "2017-05-25";
    static final String FORMAT = "JSON";

    private final AliyunSmsProperties properties;
    private final EndpointResolver endpoints;
    private final Clock clock;
    private final RestClient http;

    AliyunSmsClient(AliyunSmsProperties properties, EndpointResolver endpoints, Clock clock) {
        this.properties = properties;
        this.endpoints = endpoints;
        this.clock = clock;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.connectTimeout());
        requests.setReadTimeout(properties.readTimeout());
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    /** An answer as it came: its status, its media type, its body as text (whatever it is). */
    record Answer(int status, String contentType, String body) {
    }

    /**
     * Posts one action.
     *
     * @throws org.springframework.web.client.ResourceAccessException when no answer came (connection refused or
     *                                                                broken, a timeout)
     */
    Answer call(String action, Map<String, String> actionParameters) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("Action", action);
        parameters.put("Version", API_VERSION);
        parameters.put("Format", FORMAT);
        parameters.put("AccessKeyId", properties.accessKeyId());
        parameters.put("RegionId", properties.regionId());
        parameters.put("Timestamp", timestamp(clock.instant()));
        parameters.put("SignatureMethod", AliyunRpcSignature.METHOD);
        parameters.put("SignatureVersion", AliyunRpcSignature.VERSION);
        parameters.put("SignatureNonce", UUID.randomUUID().toString());
        parameters.putAll(actionParameters);
        parameters.put(AliyunRpcSignature.SIGNATURE,
                AliyunRpcSignature.sign("POST", parameters, properties.accessKeySecret()));
        URI endpoint = endpoints.resolve(properties.endpoint());
        return http.post().uri(endpoint)
                .contentType(new MediaType(MediaType.APPLICATION_FORM_URLENCODED, StandardCharsets.UTF_8))
                .accept(MediaType.APPLICATION_JSON)
                .body(form(parameters))
                .exchange((request, response) -> {
                    byte[] body = response.getBody().readAllBytes();
                    MediaType type = response.getHeaders().getContentType();
                    return new Answer(response.getStatusCode().value(), type == null ? null : type.toString(),
                            new String(body, StandardCharsets.UTF_8));
                });
    }

    /** ISO 8601 in UTC to the second, as the documentation requires: {@code 2017-07-12T02:42:19Z}. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The form body, each name and value percent-encoded like the signature's (a space as %20). */
    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> AliyunRpcSignature.percentEncode(p.getKey()) + "="
                        + AliyunRpcSignature.percentEncode(p.getValue()))
                .collect(Collectors.joining("&"));
    }
}
