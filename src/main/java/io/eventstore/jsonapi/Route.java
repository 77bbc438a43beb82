package io.eventstore.jsonapi;

import io.eventstore.event.Relationship;

import java.util.Set;

/** The routes this service serves, with the methods each one allows. */
public record Route(Kind kind, String id, Relationship relationship) {

    /** The three shapes of URL. */
    public enum Kind {
        COLLECTION(Set.of("GET", "POST")),
        ITEM(Set.of("GET", "PATCH", "DELETE")),
        RELATIONSHIP(Set.of("GET", "PATCH")),
        OPERATIONS(Set.of("POST"));

        private final Set<String> methods;

        Kind(Set<String> methods) {
            this.methods = methods;
        }

        public Set<String> methods() {
            return methods;
        }
    }

    /** The route of a path, or null when the service has none. */
    public static Route match(String path) {
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
            return new Route(Kind.ITEM, id, null);
        }
        if (segments.length == 5 && segments[3].equals("relationships")) {
            Relationship relationship = Relationship.byName(segments[4]);
            return relationship == null ? null : new Route(Kind.RELATIONSHIP, id, relationship);
        }
        return null;
    }

    public boolean allows(String method) {
        return kind.methods().contains(method);
    }

    public String allowHeader() {
        return String.join(", ", kind.methods().stream().sorted().toList());
    }
}
