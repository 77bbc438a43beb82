package io.eventstore.api;

import io.eventstore.event.EventField;
import io.micronaut.http.HttpMethod;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The routes this service serves, with the methods each one allows; {@code id} is the path's id as written. */
record Route(Kind kind, String id, EventField relationship) {

    /** The shapes of URL. HEAD goes wherever GET goes. */
    enum Kind {
        COLLECTION(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)),
        ITEM(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.DELETE)),
        RELATIONSHIP(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH)),
        OPERATIONS(EnumSet.of(HttpMethod.POST)),
        /** {@code /events/stream}: the change feed as Server-Sent Events (GET only: a HEAD would open a stream) */
        STREAM(EnumSet.of(HttpMethod.GET));

        private final Set<HttpMethod> methods;

        Kind(Set<HttpMethod> methods) {
            this.methods = methods;
        }
    }

    /** The route of a path, or null when the service has none. */
    static Route match(String path) {
        if (path.equals("/operations")) {
            return new Route(Kind.OPERATIONS, null, null);
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || !segments[0].isEmpty() || !segments[1].equals("events")) {
            return null;
        }
        if (segments.length == 2) {
            return new Route(Kind.COLLECTION, null, null);
        }
        String id = segments[2];
        if (id.isEmpty()) {
            return null;
        }
        if (segments.length == 3) {
            return id.equals("stream") ? new Route(Kind.STREAM, null, null) : new Route(Kind.ITEM, id, null);
        }
        if (segments.length == 5 && segments[3].equals("relationships")) {
            EventField relationship = EventField.relationship(segments[4]);
            return relationship == null ? null : new Route(Kind.RELATIONSHIP, id, relationship);
        }
        return null;
    }

    /**
     * The route template of a path, for metrics: one of the API's routes, a management endpoint, or
     * {@code other} (so that a scan of random URLs cannot grow the number of series).
     */
    static String template(String path) {
        Route route = match(path);
        if (route != null) {
            return switch (route.kind()) {
                case COLLECTION -> "/events";
                case ITEM -> "/events/{id}";
                case RELATIONSHIP -> "/events/{id}/relationships/" + route.relationship().jsonName();
                case OPERATIONS -> "/operations";
                case STREAM -> "/events/stream";
            };
        }
        return OPERATIONS_PATHS.contains(path) ? path : "other";
    }

    /** Every route of the API as a template with its methods (the OpenAPI description must list exactly these). */
    static Map<String, Set<HttpMethod>> served() {
        Map<String, Set<HttpMethod>> routes = new LinkedHashMap<>();
        routes.put("/events", Kind.COLLECTION.methods);
        routes.put("/events/stream", Kind.STREAM.methods);
        routes.put("/events/{id}", Kind.ITEM.methods);
        for (EventField relationship : EventField.RELATIONSHIPS) {
            routes.put("/events/{id}/relationships/" + relationship.jsonName(), Kind.RELATIONSHIP.methods);
        }
        routes.put("/operations", Kind.OPERATIONS.methods);
        return routes;
    }

    private static final Set<String> OPERATIONS_PATHS = Set.of("/health", "/health/liveness", "/health/readiness",
            "/prometheus", "/openapi.json");

    boolean allows(HttpMethod method) {
        return kind.methods.contains(method);
    }

    /** The Allow header: the methods in alphabetical order. */
    String allowHeader() {
        return kind.methods.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }
}
