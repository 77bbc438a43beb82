package io.eventstore.auth;

import io.eventstore.error.ApiException;
import io.micronaut.http.HttpMethod;

/**
 * Which scope a request needs: reading takes {@code events.read}, creating and updating
 * {@code events.write}, deleting {@code events.delete}; {@code events.all} does everything. A batch
 * ({@code POST /operations}) is let in with {@code events.write} or {@code events.delete}; each of
 * its operations is then checked like the single request it stands for.
 */
public final class ScopePolicy {

    /** The challenge of every 401 and 403 (RFC 6750). */
    public static final String REALM = "Bearer realm=\"event-store\"";

    private ScopePolicy() {
    }

    public static void check(Caller caller, HttpMethod method, boolean batch) {
        Scope needed = needed(method);
        boolean allowed = needed == null || caller.may(needed) || (batch && caller.may(Scope.DELETE));
        if (!allowed) {
            throw refused(caller, method, needed, batch ? " (or events.delete for removals)" : "");
        }
    }

    /** The webhook resources: reading takes {@code webhooks.read}, everything else {@code webhooks.write}. */
    public static void checkWebhooks(Caller caller, HttpMethod method) {
        Scope needed = switch (method) {
            case OPTIONS -> null;
            case GET, HEAD -> Scope.WEBHOOKS_READ;
            default -> Scope.WEBHOOKS_WRITE;
        };
        if (needed != null && !caller.may(needed)) {
            throw refused(caller, method, needed, "");
        }
    }

    private static ApiException refused(Caller caller, HttpMethod method, Scope needed, String alternative) {
        return ApiException.of(403, "insufficient_scope", "Forbidden", "This token's scopes ("
                        + Scope.format(caller.scopes()) + ") do not allow " + method + " here; it needs "
                        + needed.wireName() + alternative + " or events.all.")
                .withHeader("WWW-Authenticate", REALM + ", error=\"insufficient_scope\", scope=\"" + needed.wireName() + "\"");
    }

    /** The scope a method needs; OPTIONS needs none beyond a valid token (it only tells what a route allows). */
    private static Scope needed(HttpMethod method) {
        return switch (method) {
            case OPTIONS -> null;
            case GET, HEAD -> Scope.READ;
            case DELETE -> Scope.DELETE;
            default -> Scope.WRITE;
        };
    }
}
