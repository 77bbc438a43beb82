package io.eventstore.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;

/**
 * On a database without a usable token every request gets 401. On the embedded development
 * database (never anywhere else: a production start has no embedded database) the first start
 * mints a development token (org default, events.all), prints it once and keeps it in
 * {@code development-token} of the embedded directory, readable by its owner only, so that the
 * README's curl session needs no build step. Elsewhere it says how to mint the first one.
 */
@Singleton
public class FirstToken {

    private static final Logger LOG = LoggerFactory.getLogger(FirstToken.class);
    static final String FILE = "development-token";
    private static final long DEFAULT_ORG = 1;

    private final ApiTokens tokens;
    private final String embeddedRoot;
    private final boolean developmentToken;

    FirstToken(ApiTokens tokens, @Value("${event-store.embedded-db.root:}") String embeddedRoot,
               @Value("${event-store.development-token:true}") boolean developmentToken) {
        this.tokens = tokens;
        this.embeddedRoot = embeddedRoot;
        this.developmentToken = developmentToken;
    }

    @EventListener
    void onStartup(ServerStartupEvent event) {
        if (tokens.anyUsable()) {
            return;
        }
        if (developmentToken && !embeddedRoot.isBlank()) {
            String secret = tokens.mint(DEFAULT_ORG, "development", EnumSet.of(Scope.ALL), null, null).secret();
            Path file = Path.of(embeddedRoot, FILE);
            LOG.warn("""
                    A development token for org default (events.all), shown once, also kept in {} (readable by you only):
                        {}""", file, secret);
            keep(file, secret);
            return;
        }
        LOG.warn("""
                No API token exists yet, so every request will be answered 401. Mint a first one (shown once) with:
                    ./mvnw -B -DskipTests package
                    java -jar target/event-store-0.1.0.jar admin token create --org default --scopes events.all --name first""");
    }

    private static void keep(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("could not keep the development token in {}: {}", file, e.toString());
        }
    }
}
