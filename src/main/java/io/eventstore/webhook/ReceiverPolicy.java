package io.eventstore.webhook;

import io.eventstore.net.AddressBlock;
import jakarta.inject.Singleton;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where hooks may point: an absolute https URL (http too where {@code allow-http} is set, for
 * development), without credentials or fragment, whose host resolves only to public addresses.
 * Loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254 among them),
 * multicast, reserved and documentation ranges are refused, IPv4 and IPv6, also when embedded in
 * an IPv6 address (mapped, NAT64, 6to4), unless {@code allowed-networks} lists them. Checked when a
 * hook is saved and again before each delivery, whose connection then goes to the address checked
 * (a name that resolves elsewhere by then cannot redirect it).
 */
@Singleton
public class ReceiverPolicy {

    public static final int MAX_URL_LENGTH = 2048;

    private static final List<AddressBlock> REFUSED = blocks(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8");
    private static final AddressBlock NAT64 = AddressBlock.parse("64:ff9b::/96", "NAT64");
    private static final AddressBlock SIX_TO_FOUR = AddressBlock.parse("2002::/16", "6to4");

    /** A URL that may be used, or why not (a sentence for the client). */
    public record Checked(URI url, String problem) {
    }

    /** An address to connect to, or why none may be. */
    public record Resolved(InetAddress address, String problem) {
    }

    /** Looks a host up (the system's resolver). */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowHttp;
    private final List<AddressBlock> allowed;
    private final Resolver resolver;

    public ReceiverPolicy(WebhookSettings settings) {
        this(settings.allowHttp(), settings.allowedNetworks(), InetAddress::getAllByName);
    }

    public ReceiverPolicy(boolean allowHttp, List<String> allowedNetworks, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowed = allowedNetworks.stream().map(String::trim).filter(block -> !block.isEmpty())
                .map(block -> AddressBlock.parse(block, "event-store.webhooks.allowed-networks")).toList();
        this.resolver = resolver;
    }

    /** The URL's form (no look-up). */
    public Checked check(String text) {
        if (text.length() > MAX_URL_LENGTH) {
            return new Checked(null, "A hook's URL has at most " + MAX_URL_LENGTH + " characters.");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return new Checked(null, "The URL is not valid (RFC 3986): " + e.getReason() + ".");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            return new Checked(null, allowHttp ? "A hook's URL is https or http." : "A hook's URL must be https.");
        }
        if (url.getRawUserInfo() != null) {
            return new Checked(null, "A hook's URL carries no credentials; deliveries are signed instead.");
        }
        if (url.getRawFragment() != null) {
            return new Checked(null, "A hook's URL has no fragment.");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            return new Checked(null, "A hook's URL needs a host (a name, or an address; IPv6 in brackets).");
        }
        return new Checked(url, null);
    }

    /** The address to deliver to: the first address of the host, if every one of them may be reached. */
    public Resolved resolve(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return new Resolved(null, "The host " + host + " does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!mayReach(address)) {
                return new Resolved(null, "The host " + host + " resolves to " + address.getHostAddress()
                        + ", an address hooks may not reach (loopback, private, link-local, multicast or reserved).");
            }
        }
        return addresses.length == 0 ? new Resolved(null, "The host " + host + " does not resolve.") : new Resolved(addresses[0], null);
    }

    boolean mayReach(InetAddress address) {
        if (allowed.stream().anyMatch(block -> block.contains(address))) {
            return true;
        }
        if (REFUSED.stream().anyMatch(block -> block.contains(address))) {
            return false;
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            // an IPv4 address inside an IPv6 one reaches that IPv4 address
            if (NAT64.contains(address)) {
                return mayReach(v4(Arrays.copyOfRange(bytes, 12, 16)));
            }
            if (SIX_TO_FOUR.contains(address)) {
                return mayReach(v4(Arrays.copyOfRange(bytes, 2, 6)));
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] bytes) {
        try {
            return Inet4Address.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<AddressBlock> blocks(String... blocks) {
        return Arrays.stream(blocks).map(block -> AddressBlock.parse(block, "refused networks")).toList();
    }
}
