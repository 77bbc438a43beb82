package io.eventstore.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a token may do. {@code events.all} includes every other scope of the org (its events and
 * its webhooks); {@code metrics.read} (the instance's metrics, which span every org) only a token
 * given it by name.
 */
public enum Scope {
    READ("events.read"),
    WRITE("events.write"),
    DELETE("events.delete"),
    ALL("events.all"),
    WEBHOOKS_READ("webhooks.read"),
    WEBHOOKS_WRITE("webhooks.write"),
    METRICS("metrics.read");

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Scope parse(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + name.trim() + "' (known: "
                        + Arrays.stream(values()).map(Scope::wireName).collect(Collectors.joining(", ")) + ")"));
    }

    /** Parses a comma-separated list such as {@code events.read,events.write}. */
    public static Set<Scope> parseList(String names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                scopes.add(parse(name));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one scope");
        }
        return scopes;
    }

    public static String format(Collection<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(","));
    }
}
