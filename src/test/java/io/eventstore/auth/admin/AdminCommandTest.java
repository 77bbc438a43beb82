package io.eventstore.auth.admin;

import io.eventstore.auth.Scope;
import io.eventstore.support.ApiTestBase;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin command against the service's database: what it mints works over HTTP, what it revokes stops. */
class AdminCommandTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    /** One run of the command: its exit code and what it printed on each stream. */
    record Run(int exit, String out, String err) {
    }

    /**
     * One command in this JVM, as the command runs it beside a service: over a plain JDBC connection
     * to the service's database (JdbcRepositories), with the service's clock.
     */
    private Run admin(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                context.getProperty("datasources.default.url", String.class).orElseThrow(),
                context.getProperty("datasources.default.username", String.class).orElse("root"),
                context.getProperty("datasources.default.password", String.class).orElse(""))) {
            int exit = AdminCommand.overJdbc(connection, context.getBean(java.time.Clock.class),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run(List.of(args));
            return new Run(exit, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void createsAnOrgAndMintsListsAndRevokesItsTokens() {
        String name = uniqueId("acme");
        Run created = admin("org", "create", name);
        assertEquals(0, created.exit(), created.err());
        long org = Long.parseLong(created.out());
        assertTrue(admin("org", "list").out().contains(name));
        assertEquals(1, admin("org", "create", name).exit(), "an org name is taken once");

        Run minted = admin("token", "create", "--org", name, "--scopes", "events.read,events.write", "--name", "crm",
                "--expires-in", "30d");
        assertEquals(0, minted.exit(), minted.err());
        String secret = minted.out();
        assertTrue(secret.matches("evs_[A-Za-z0-9_-]{43}"), "stdout holds the token and nothing else: " + secret);
        assertTrue(minted.err().contains("shown only this once"));

        var holder = api.as(secret);
        String id = holder.create(event("via_admin_token"));
        holder.delete("/events/" + id).assertError(403, "insufficient_scope", null, null);
        api.get("/events/" + id).assertStatus(404); // the token acts in its own org, not the default one

        Run listed = admin("token", "list", "--org", Long.toString(org));
        assertEquals(0, listed.exit());
        assertTrue(listed.out().contains("crm") && listed.out().contains("active") && listed.out().contains(secret.substring(0, 10)));
        assertFalse(listed.out().contains(secret.substring(10)), "a listing never shows a token");
        String tokenId = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

        assertEquals(0, admin("token", "revoke", "--org", name, tokenId).exit());
        holder.get("/events").assertError(401, "invalid_token", "header", "Authorization");
        assertTrue(admin("token", "list", "--org", name).out().contains("revoked"));
        assertEquals(1, admin("token", "revoke", "--org", name, tokenId).exit(), "a revoked token is revoked once");
    }

    @Test
    void aTokenCanCarryItsOwnBudget() {
        Run minted = admin("token", "create", "--org", "default", "--scopes", Scope.READ.wireName(), "--rate-limit", "7");
        assertEquals(0, minted.exit(), minted.err());
        assertEquals("7", api.as(minted.out()).get("/events?page[size]=1").assertStatus(200).header("X-RateLimit-Limit"));
    }

    @Test
    void badUsageIsRefusedWithoutWritingAnything() {
        int before = tokens.list(DEFAULT_ORG).size();
        assertEquals(2, admin().exit());
        assertEquals(2, admin("token", "create", "--org", "default", "--scopes", "events.everything").exit());
        assertEquals(2, admin("token", "create", "--scopes", "events.read").exit());
        assertEquals(2, admin("token", "create", "--org", "default", "--scopes", "events.read", "--expires-in", "-5d").exit());
        assertEquals(2, admin("token", "create", "--org", "default", "--scopes", "events.read", "--rate-limit", "0").exit());
        assertEquals(2, admin("org", "create", "bad name!").exit());
        assertEquals(1, admin("token", "create", "--org", "no-such-org", "--scopes", "events.read").exit());
        assertEquals(2, admin("token", "frobnicate").exit());
        assertEquals(before, tokens.list(DEFAULT_ORG).size());
    }

    @Test
    void expiriesThatAreNotPositiveOrTooFarAreBadUsage() {
        for (String expiry : List.of("PT-5S", "-1d", "0s", "99999999d", "3651d", "P99999999D", "soon")) {
            Run run = admin("token", "create", "--org", "default", "--scopes", "events.read", "--expires-in", expiry);
            assertEquals(2, run.exit(), expiry + ": " + run.err());
            assertTrue(run.err().contains("--expires-in"), run.err());
            assertEquals("", run.out(), "nothing minted for " + expiry);
        }
        assertEquals(0, admin("token", "create", "--org", "default", "--scopes", "events.read", "--expires-in", "3650d").exit());
        assertEquals(2, admin("token", "revoke", "--org", "default", "abc").exit());
    }

    @Test
    void badUsageIsCheckedWithoutADatabase() {
        for (List<String> args : List.of(List.of("bogus"), List.of("org", "create", "bad name!"), List.of("token", "create",
                "--org", "default", "--scopes", "events.everything"), List.of("token", "revoke", "--org", "default"))) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> AdminCommand.check(AdminCommand.Arguments.parse(args)), args.toString());
            assertFalse(refused.getMessage().isBlank());
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineAndExitCode1() throws Exception {
        Process admin = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Ddatasources.default.url=jdbc:mysql://127.0.0.1:1/nowhere?connectTimeout=500",
                "io.eventstore.Application", "admin", "org", "list").start();
        String out = new String(admin.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(admin.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, admin.waitFor(), err);
        assertEquals("", out);
        assertTrue(err.startsWith("admin: cannot use the database: "), err);
        assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
    }

    @Test
    void aRevokeRunsWithoutTheApplicationContext() throws Exception {
        String name = uniqueId("fast");
        long org = Long.parseLong(admin("org", "create", name).out());
        ApiTokensAccess minted = new ApiTokensAccess(admin("token", "create", "--org", name, "--scopes", "events.read"));
        api.as(minted.secret()).get("/events").assertStatus(200);

        Run revoked = adminProcess("token", "revoke", "--org", name, minted.id());
        assertEquals(0, revoked.exit(), revoked.err());
        assertEquals("revoked token " + minted.id() + " of org " + org, revoked.err());
        api.as(minted.secret()).get("/events").assertStatus(401);
        assertTrue(admin("token", "list", "--org", name).out().contains("revoked"));

        Run again = adminProcess("token", "revoke", "--org", Long.toString(org), minted.id());
        assertEquals(1, again.exit());
        assertEquals("org " + org + " has no active token " + minted.id(), again.err());
        assertEquals(1, adminProcess("token", "revoke", "--org", "no-such-org", minted.id()).exit());
    }

    /** The secret a token create printed and the id it reported. */
    private record ApiTokensAccess(String secret, String id) {
        ApiTokensAccess(Run created) {
            this(created.out(), created.err().replaceFirst("^token (\\d+) .*", "$1").lines().findFirst().orElseThrow());
        }
    }

    /** The admin command as its own process, against the test database. */
    private Run adminProcess(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Ddatasources.default.url=" + context.getProperty("datasources.default.url", String.class).orElseThrow(),
                "-Ddatasources.default.username=" + context.getProperty("datasources.default.username", String.class).orElse("root"),
                "-Ddatasources.default.password=" + context.getProperty("datasources.default.password", String.class).orElse(""),
                "io.eventstore.Application", "admin"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return new Run(process.waitFor(), out, err);
    }
}
