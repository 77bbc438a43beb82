package io.eventstore.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiverPolicyTest {

    private static final ReceiverPolicy STRICT = new ReceiverPolicy(false, List.of(), InetAddress::getAllByName);

    private static InetAddress ip(String text) throws UnknownHostException {
        return InetAddress.getByName(text);
    }

    @Test
    void refusesEveryAddressThatReachesInside() throws Exception {
        for (String inside : List.of("127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "100.100.100.200", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1",
                "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "::127.0.0.1")) {
            assertFalse(STRICT.mayReach(ip(inside)), inside);
        }
    }

    @Test
    void letsPublicAddressesThrough() throws Exception {
        for (String outside : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
                "64:ff9b::808:808", "2002:808:808::")) {
            assertTrue(STRICT.mayReach(ip(outside)), outside);
        }
    }

    @Test
    void theAllowListOpensOnlyWhatItNames() throws Exception {
        ReceiverPolicy development = new ReceiverPolicy(true, List.of("127.0.0.2/32", "10.8.0.0/16"), InetAddress::getAllByName);
        assertTrue(development.mayReach(ip("127.0.0.2")));
        assertTrue(development.mayReach(ip("10.8.1.1")));
        assertFalse(development.mayReach(ip("127.0.0.1")));
        assertFalse(development.mayReach(ip("10.9.0.1")));
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsInsideAndThenResolvedToTheCheckedOne() throws Exception {
        Map<String, InetAddress[]> dns = Map.of(
                "mixed.example", new InetAddress[]{ip("93.184.216.34"), ip("10.0.0.5")},
                "public.example", new InetAddress[]{ip("93.184.216.34")});
        ReceiverPolicy policy = new ReceiverPolicy(false, List.of(), host -> {
            InetAddress[] answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        });
        assertNotNull(policy.resolve(URI.create("https://mixed.example/hook")).problem());
        ReceiverPolicy.Resolved ok = policy.resolve(URI.create("https://public.example/hook"));
        assertNull(ok.problem());
        assertEquals(ip("93.184.216.34"), ok.address());
        assertTrue(policy.resolve(URI.create("https://missing.example/")).problem().contains("does not resolve"));
        assertNotNull(STRICT.resolve(URI.create("https://localhost/hook")).problem());
        assertNotNull(STRICT.resolve(URI.create("https://[::1]:8443/hook")).problem());
    }

    @Test
    void urlsAreHttpsWithAHostAndNoCredentialsOrFragment() {
        assertNull(STRICT.check("https://hooks.example.com/in?x=1").problem());
        assertNotNull(STRICT.check("http://hooks.example.com/in").problem());
        assertNull(new ReceiverPolicy(true, List.of(), InetAddress::getAllByName).check("http://hooks.example.com/in").problem());
        for (String bad : List.of("ftp://hooks.example.com/", "https://user:pw@hooks.example.com/", "https://hooks.example.com/#x",
                "https:///path", "not a url", "/relative", "https://" + "a".repeat(2048) + ".com/")) {
            assertNotNull(STRICT.check(bad).problem(), bad);
        }
    }
}
