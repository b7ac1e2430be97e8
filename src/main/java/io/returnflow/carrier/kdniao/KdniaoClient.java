package io.returnflow.carrier.kdniao;

import java.net.URI;
import java.util.Map;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Kdniao's HTTP endpoints. Every method takes the base URL as its first argument: it is resolved per
 * call (the sandbox gateway lives on this application's own port, known only after start-up), and a
 * {@link URI} argument replaces the client's placeholder URL in Feign. Production serves each instruction
 * on its own path; Kdniao's test environment serves them all on one gateway URL ({@link #gateway}).
 *
 * <p>Bodies go out as {@code application/x-www-form-urlencoded; charset=UTF-8} through feign-form
 * (Spring Cloud OpenFeign's encoder hands form content types to it). Answers are taken as raw bytes
 * because Kdniao labels its JSON inconsistently ({@code text/html}, {@code text/plain}); the adapter
 * reads them as UTF-8 JSON itself. Timeouts: {@code spring.cloud.openfeign.client.config.kdniao}.
 */
// the url is never used: each call passes its resolved base URI, and a fixed url keeps the client
// off the load balancer path (which would need a service registry)
@FeignClient(name = "kdniao", url = "http://kdniao.base-url.is.passed.per.call")
public interface KdniaoClient {

    // deliberately without a charset parameter: Spring Cloud OpenFeign hands a body to feign-form only
    // when the declared type equals application/x-www-form-urlencoded exactly; feign-form then encodes
    // in UTF-8 (its default) and sends "application/x-www-form-urlencoded; charset=UTF-8"
    String FORM = MediaType.APPLICATION_FORM_URLENCODED_VALUE;

    /** Pickup orders: 1801 create, 1802 cancel. */
    @PostMapping(value = "/api/OOrderService", consumes = FORM)
    byte[] orderService(URI baseUrl, @RequestBody Map<String, ?> form);

    /** Tracking subscription: 1008. */
    @PostMapping(value = "/api/dist", consumes = FORM)
    byte[] distribution(URI baseUrl, @RequestBody Map<String, ?> form);

    /** Instant tracking query: 1002. */
    @PostMapping(value = "/Ebusiness/EbusinessOrderHandle.aspx", consumes = FORM)
    byte[] trackingQuery(URI baseUrl, @RequestBody Map<String, ?> form);

    /** Any instruction, posted to {@code gatewayUrl} itself (no path added): the form's RequestType says which. */
    @PostMapping(consumes = FORM)
    byte[] gateway(URI gatewayUrl, @RequestBody Map<String, ?> form);
}
