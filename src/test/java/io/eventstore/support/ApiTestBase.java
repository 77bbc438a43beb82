package io.eventstore.support;

import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.OrgRepository;
import io.eventstore.auth.Scope;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;

/**
 * What every HTTP test has: the running server (one per test JVM, see {@link SharedService}), a
 * client for it that acts with every scope in an org of the test class's own, and ids no other
 * test uses.
 */
@ExtendWith(SharedService.class)
public abstract class ApiTestBase {

    /** The org of all events written before orgs existed; present on every database. */
    public static final long DEFAULT_ORG = 1;
    // one fresh org per test class: on a reused external database no test meets another run's events
    private static final Map<Class<?>, Long> ORGS = new ConcurrentHashMap<>();
    /** Budget of the tokens tests use, so that no test but the rate-limit tests meets the limit. */
    private static final int TEST_BUDGET = 1_000_000;

    @Inject
    protected EmbeddedServer server;

    @Inject
    protected ApiTokens tokens;

    @Inject
    protected OrgRepository orgs;

    protected Api api;
    /** The org {@link #api} acts in: created for this test class. */
    protected long org;
    /** The token {@link #api} sends: this class's org, every scope. */
    protected String token;

    @Inject
    protected TestClock clock;

    @BeforeEach
    protected void connect() {
        clock.reset(); // a test that moved the service's time leaves it moved for no other test
        org = ORGS.computeIfAbsent(getClass(), type -> newOrg());
        token = token(org, Scope.ALL);
        api = new Api(server.getURI(), token);
    }

    /** A new token of {@code org} with these scopes. */
    protected String token(long org, Scope first, Scope... more) {
        return tokens.mint(org, "test", EnumSet.of(first, more), null, TEST_BUDGET).secret();
    }

    /** A new org, answered by id. */
    protected long newOrg() {
        String name = uniqueId("org");
        orgs.insertNext(name, Instant.now());
        return orgs.findByName(name).orElseThrow().orgId();
    }

    /** A related id unique to this call, so tests that share the database never see each other's events. */
    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 18);
    }

}
