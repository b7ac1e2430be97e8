package io.returnflow.events.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Which URLs a webhook endpoint may have: absolute {@code https} (plain {@code http} only with
 * {@code returnflow.webhooks.allow-http}), no user-info, at most {@value #MAX_LENGTH} characters, and a host that
 * resolves to public addresses only, unless {@code returnflow.webhooks.allow-private-addresses}: otherwise anyone
 * who may register an endpoint could make ReturnFlow post to its own network (the database, the metadata service
 * of a cloud, an admin console). The deliveries check the address again, since a name may resolve differently
 * later.
 */
@Component
class WebhookUrlPolicy {

    static final int MAX_LENGTH = 2048;

    /** Resolves a host to its addresses (the system's resolver; tests give their own). */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final WebhookProperties properties;
    private final Resolver resolver;

    @Autowired
    WebhookUrlPolicy(WebhookProperties properties) {
        this(properties, InetAddress::getAllByName);
    }

    WebhookUrlPolicy(WebhookProperties properties, Resolver resolver) {
        this.properties = properties;
        this.resolver = resolver;
    }

    /** What is wrong with the URL for an endpoint, or empty when it may be one. */
    Optional<String> refusal(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || scheme == null || uri.getHost() == null) {
            return Optional.of("an absolute http(s) URL with a host");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && properties.allowHttp())) {
            return Optional.of(properties.allowHttp() ? "http or https" : "must be https");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a user or password");
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return addressRefusal(uri.getHost());
    }

    /** Why the host may not be posted to, or empty when it may (always, with private addresses allowed). */
    Optional<String> addressRefusal(String host) {
        if (properties.allowPrivateAddresses()) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of("the host " + host + " resolves to a loopback, private or link-local address");
            }
        }
        return Optional.empty();
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0.0.0.0/8 (this network), 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24 (protocol assignments),
            // 198.18.0.0/15 (benchmarking, often routed inside a network), 240.0.0.0/4 (reserved, and broadcast)
            return first != 0 && !(first == 100 && second >= 64 && second < 128)
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    && !(first == 198 && (second == 18 || second == 19))
                    && first < 240;
        }
        if (address instanceof Inet6Address) {
            // fc00::/7, unique local addresses (IPv6's private networks)
            return (b[0] & 0xfe) != 0xfc;
        }
        return true;
    }
}
