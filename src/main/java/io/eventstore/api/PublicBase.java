package io.eventstore.api;

import io.eventstore.error.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.eventstore.net.AddressBlock;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The base of every link and {@code Location}: {@code EVENT_STORE_PUBLIC_URL} when it is set (the
 * request's Host then plays no part), otherwise the Host the client used, if it is one of
 * {@code EVENT_STORE_ALLOWED_HOSTS} (default: the loopback names); any other Host is refused (400),
 * so that no client can make the service write links to a host of its choosing. Behind a proxy
 * listed in {@code EVENT_STORE_TRUSTED_PROXIES} (addresses or CIDR blocks), the host and scheme
 * come from its {@code Forwarded} or {@code X-Forwarded-Host}/{@code X-Forwarded-Proto} headers,
 * checked the same way; from anyone else those headers are ignored.
 */
@Singleton
final class PublicBase {

    private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?$");
    private static final Pattern FORWARDED_PAIR = Pattern.compile("(?i)(host|proto)=(\"[^\"]*\"|[^;,\\s]*)");

    private final String publicUrl;
    private final List<String> allowedHosts;
    private final List<AddressBlock> trustedProxies;
    // Hosts already found answerable, so that a busy client's Host is not matched by two patterns on
    // every request; only accepted ones, and a bounded number (a Host may carry any port).
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private static final int MAX_ACCEPTED = 256;

    PublicBase(@Value("${event-store.public-url:}") String publicUrl,
               @Value("${event-store.allowed-hosts}") List<String> allowedHosts,
               @Value("${event-store.trusted-proxies:}") List<String> trustedProxies) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.allowedHosts = allowedHosts.stream().map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.trustedProxies = trustedProxies.stream().map(String::trim).filter(p -> !p.isEmpty()).map(block -> AddressBlock.parse(block, "event-store.trusted-proxies")).toList();
    }

    /** {@code scheme://host[:port]} for links answered to this request. */
    String of(HttpRequest<?> request) {
        if (!publicUrl.isEmpty()) {
            return publicUrl;
        }
        String scheme = request.isSecure() ? "https" : "http";
        String host = request.getHeaders().get(HttpHeaders.HOST);
        String header = HttpHeaders.HOST;
        if (fromTrustedProxy(request)) {
            Forwarded forwarded = forwarded(request);
            if (forwarded.host() != null) {
                host = forwarded.host();
                header = forwarded.header();
            }
            if ("http".equalsIgnoreCase(forwarded.proto()) || "https".equalsIgnoreCase(forwarded.proto())) {
                scheme = forwarded.proto().toLowerCase(Locale.ROOT);
            }
        }
        if (host == null) { // HTTP/1.0 needs no Host (an HTTP/1.1 request without one never gets here)
            return scheme + "://localhost:" + request.getServerAddress().getPort();
        }
        if (!accepted.contains(host)) {
            if (!HOST.matcher(host).matches() || !allowed(host)) {
                throw ApiException.atHeader(400, "invalid_host", "Bad request",
                        "This service does not answer for that host. Operators: list it in EVENT_STORE_ALLOWED_HOSTS or set"
                                + " EVENT_STORE_PUBLIC_URL.", header);
            }
            if (accepted.size() < MAX_ACCEPTED) {
                accepted.add(host);
            }
        }
        return scheme + "://" + host;
    }

    private boolean allowed(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        String name = lower.startsWith("[") ? lower.substring(0, lower.indexOf(']') + 1) : lower.replaceFirst(":\\d+$", "");
        return allowedHosts.contains(lower) || allowedHosts.contains(name);
    }

    private boolean fromTrustedProxy(HttpRequest<?> request) {
        if (trustedProxies.isEmpty() || request.getRemoteAddress().getAddress() == null) {
            return false;
        }
        InetAddress peer = request.getRemoteAddress().getAddress();
        return trustedProxies.stream().anyMatch(block -> block.contains(peer));
    }

    /** What a proxy says the client asked for, and the header that said it. */
    private record Forwarded(String host, String proto, String header) {
    }

    /** RFC 7239 {@code Forwarded} first, then the X-Forwarded pair. */
    private static Forwarded forwarded(HttpRequest<?> request) {
        String forwarded = request.getHeaders().get("Forwarded");
        if (forwarded != null) {
            String first = forwarded.split(",")[0]; // each proxy appends: the first element is what the client asked for
            String host = null;
            String proto = null;
            Matcher pair = FORWARDED_PAIR.matcher(first);
            while (pair.find()) {
                String value = pair.group(2).replace("\"", "");
                if (pair.group(1).equalsIgnoreCase("host")) {
                    host = value;
                } else {
                    proto = value;
                }
            }
            return new Forwarded(host, proto, "Forwarded");
        }
        String host = request.getHeaders().get("X-Forwarded-Host");
        String proto = request.getHeaders().get("X-Forwarded-Proto");
        return new Forwarded(host == null ? null : host.split(",")[0].trim(), proto == null ? null : proto.split(",")[0].trim(),
                "X-Forwarded-Host");
    }

}
