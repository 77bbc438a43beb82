package io.eventstore.api;

import io.eventstore.event.EventField;
import io.micronaut.http.HttpMethod;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The routes this service serves, with the methods each one allows; {@code id} is the path's id as
 * written (an event's or a webhook's), {@code deliveryId} a webhook delivery's.
 */
record Route(Kind kind, String id, EventField relationship, String deliveryId) {

    /** The shapes of URL. HEAD goes wherever GET goes. */
    enum Kind {
        COLLECTION(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)),
        ITEM(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.DELETE)),
        RELATIONSHIP(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH)),
        OPERATIONS(EnumSet.of(HttpMethod.POST)),
        /** {@code /events/stream}: the change feed as Server-Sent Events (GET only: a HEAD would open a stream) */
        STREAM(EnumSet.of(HttpMethod.GET)),
        WEBHOOKS(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)),
        WEBHOOK(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.PATCH, HttpMethod.DELETE)),
        /** {@code POST /webhooks/{id}/secret}: a new signing secret */
        WEBHOOK_SECRET(EnumSet.of(HttpMethod.POST)),
        DELIVERIES(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD)),
        DELIVERY(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD)),
        /** {@code POST /webhooks/{id}/deliveries/{deliveryId}/retry}: one more attempt of a failed delivery */
        DELIVERY_RETRY(EnumSet.of(HttpMethod.POST)),
        /** {@code /event-counts}: the events counted per group */
        COUNTS(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD)),
        /** {@code /exports/events}: every matching event, streamed as NDJSON or CSV (GET only: a HEAD would run the export) */
        EXPORT(EnumSet.of(HttpMethod.GET)),
        /** {@code /event-names}: the catalog of the org's event names */
        EVENT_NAMES(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD)),
        /** {@code /event-names/{name}}: one name of the catalog ({@code id} is the name, percent-decoded) */
        EVENT_NAME(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD));

        private final Set<HttpMethod> methods;

        Kind(Set<HttpMethod> methods) {
            this.methods = methods;
        }
    }

    /** The route of a path, or null when the service has none. */
    static Route match(String path) {
        if (path.equals("/operations")) {
            return new Route(Kind.OPERATIONS, null, null, null);
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || !segments[0].isEmpty()) {
            return null;
        }
        if (segments[1].equals("webhooks")) {
            return webhooks(segments);
        }
        if (segments[1].equals("event-counts") && segments.length == 2) {
            return new Route(Kind.COUNTS, null, null, null);
        }
        if (segments[1].equals("exports") && segments.length == 3 && segments[2].equals("events")) {
            return new Route(Kind.EXPORT, null, null, null);
        }
        if (segments[1].equals("event-names")) {
            if (segments.length == 2) {
                return new Route(Kind.EVENT_NAMES, null, null, null);
            }
            String name = segments.length == 3 ? EventNameIds.decode(segments[2]) : null;
            return name == null ? null : new Route(Kind.EVENT_NAME, name, null, null);
        }
        if (!segments[1].equals("events")) {
            return null;
        }
        if (segments.length == 2) {
            return new Route(Kind.COLLECTION, null, null, null);
        }
        String id = segments[2];
        if (id.isEmpty()) {
            return null;
        }
        if (segments.length == 3) {
            return id.equals("stream") ? new Route(Kind.STREAM, null, null, null) : new Route(Kind.ITEM, id, null, null);
        }
        if (segments.length == 5 && segments[3].equals("relationships")) {
            EventField relationship = EventField.relationship(segments[4]);
            return relationship == null ? null : new Route(Kind.RELATIONSHIP, id, relationship, null);
        }
        return null;
    }

    private static Route webhooks(String[] segments) {
        if (segments.length == 2) {
            return new Route(Kind.WEBHOOKS, null, null, null);
        }
        String id = segments[2];
        if (id.isEmpty() || (segments.length > 3 && segments[3].isEmpty())) {
            return null;
        }
        if (segments.length == 3) {
            return new Route(Kind.WEBHOOK, id, null, null);
        }
        if (segments.length == 4) {
            return switch (segments[3]) {
                case "secret" -> new Route(Kind.WEBHOOK_SECRET, id, null, null);
                case "deliveries" -> new Route(Kind.DELIVERIES, id, null, null);
                default -> null;
            };
        }
        if (!segments[3].equals("deliveries") || segments[4].isEmpty()) {
            return null;
        }
        if (segments.length == 5) {
            return new Route(Kind.DELIVERY, id, null, segments[4]);
        }
        return segments.length == 6 && segments[5].equals("retry") ? new Route(Kind.DELIVERY_RETRY, id, null, segments[4]) : null;
    }

    /** A route of the analysts' resources: counts, exports and the catalog of names. */
    boolean analytics() {
        return switch (kind) {
            case COUNTS, EXPORT, EVENT_NAMES, EVENT_NAME -> true;
            default -> false;
        };
    }

    /** A route of the webhook resources (their own scopes, documents and use cases). */
    boolean webhook() {
        return switch (kind) {
            case WEBHOOKS, WEBHOOK, WEBHOOK_SECRET, DELIVERIES, DELIVERY, DELIVERY_RETRY -> true;
            default -> false;
        };
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
                case WEBHOOKS -> "/webhooks";
                case WEBHOOK -> "/webhooks/{id}";
                case WEBHOOK_SECRET -> "/webhooks/{id}/secret";
                case DELIVERIES -> "/webhooks/{id}/deliveries";
                case DELIVERY -> "/webhooks/{id}/deliveries/{deliveryId}";
                case DELIVERY_RETRY -> "/webhooks/{id}/deliveries/{deliveryId}/retry";
                case COUNTS -> "/event-counts";
                case EXPORT -> "/exports/events";
                case EVENT_NAMES -> "/event-names";
                case EVENT_NAME -> "/event-names/{name}";
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
        routes.put("/webhooks", Kind.WEBHOOKS.methods);
        routes.put("/webhooks/{id}", Kind.WEBHOOK.methods);
        routes.put("/webhooks/{id}/secret", Kind.WEBHOOK_SECRET.methods);
        routes.put("/webhooks/{id}/deliveries", Kind.DELIVERIES.methods);
        routes.put("/webhooks/{id}/deliveries/{deliveryId}", Kind.DELIVERY.methods);
        routes.put("/webhooks/{id}/deliveries/{deliveryId}/retry", Kind.DELIVERY_RETRY.methods);
        routes.put("/event-counts", Kind.COUNTS.methods);
        routes.put("/exports/events", Kind.EXPORT.methods);
        routes.put("/event-names", Kind.EVENT_NAMES.methods);
        routes.put("/event-names/{name}", Kind.EVENT_NAME.methods);
        return routes;
    }

    private static final Set<String> OPERATIONS_PATHS = Set.of("/health", "/health/liveness", "/health/readiness",
            "/prometheus", "/openapi.json", "/explorer", "/explorer/explorer.css", "/explorer/explorer.js", "/explorer/api.js",
            "/explorer/live.js", "/explorer/histogram.js");

    boolean allows(HttpMethod method) {
        return kind.methods.contains(method);
    }

    /** The Allow header: the methods in alphabetical order. */
    String allowHeader() {
        return kind.methods.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }
}
