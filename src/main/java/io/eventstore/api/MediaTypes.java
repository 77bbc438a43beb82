package io.eventstore.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON:API content negotiation: which request bodies an endpoint reads (415 otherwise) and whether
 * it can answer what the client accepts (406 otherwise). {@code profile} is always allowed; an
 * {@code ext} only where the endpoint supports every extension it names.
 */
public final class MediaTypes {

    public static final String JSON_API = "application/vnd.api+json";
    public static final String ATOMIC = "https://jsonapi.org/ext/atomic";
    public static final String JSON_API_ATOMIC = JSON_API + "; ext=\"" + ATOMIC + "\"";

    private MediaTypes() {
    }

    /** Null when the Content-Type is acceptable for an endpoint with these extensions, otherwise why not. */
    public static String contentTypeProblem(String contentType, Set<String> supportedExtensions, boolean extensionRequired) {
        MediaRange range = contentType == null ? null : MediaRange.parse(contentType);
        if (range == null || !range.type().equals(JSON_API)) {
            return "Send the body as application/vnd.api+json.";
        }
        for (String parameter : range.parameters().keySet()) {
            if (!parameter.equals("ext") && !parameter.equals("profile")) {
                return "application/vnd.api+json takes no media type parameter other than ext and profile.";
            }
        }
        List<String> extensions = range.extensions();
        if (!supportedExtensions.containsAll(extensions)) {
            return supportedExtensions.isEmpty()
                    ? "This endpoint supports no JSON:API extension."
                    : "This endpoint supports only the extension " + String.join(", ", supportedExtensions) + ".";
        }
        if (extensionRequired && !extensions.containsAll(supportedExtensions)) {
            return "Send the body as " + JSON_API + "; ext=\"" + String.join(" ", supportedExtensions) + "\".";
        }
        return null;
    }

    /** Whether an answer in application/vnd.api+json (with these extensions) satisfies this Accept header. */
    public static boolean acceptable(String accept, Set<String> supportedExtensions) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        boolean sawJsonApi = false;
        boolean usableJsonApi = false;
        boolean wildcard = false;
        for (String part : accept.split(",")) {
            MediaRange range = MediaRange.parse(part);
            if (range == null || range.quality() == 0) {
                continue;
            }
            if (range.type().equals(JSON_API)) {
                sawJsonApi = true;
                boolean onlyKnownParameters = range.parameters().keySet().stream()
                        .allMatch(p -> p.equals("profile") || p.equals("ext"));
                usableJsonApi |= onlyKnownParameters && supportedExtensions.containsAll(range.extensions());
            } else if (range.type().equals("*/*") || range.type().equals("application/*")) {
                wildcard = true;
            }
        }
        // JSON:API: 406 when every instance of its media type carries parameters it cannot honour
        return sawJsonApi ? usableJsonApi : wildcard;
    }

    public static final String EVENT_STREAM = "text/event-stream";

    /** Whether an answer in text/event-stream satisfies this Accept header. */
    public static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String part : accept.split(",")) {
            MediaRange range = MediaRange.parse(part);
            if (range != null && range.quality() > 0
                    && (range.type().equals(EVENT_STREAM) || range.type().equals("text/*") || range.type().equals("*/*"))) {
                return true;
            }
        }
        return false;
    }

    /** One media range of a header: its type, its parameters (q apart) and its quality. */
    record MediaRange(String type, Map<String, String> parameters, double quality) {

        static MediaRange parse(String text) {
            String[] pieces = text.split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || type.indexOf('/') < 0) {
                return null;
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                String piece = pieces[i].trim();
                int equals = piece.indexOf('=');
                String name = (equals < 0 ? piece : piece.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : unquote(piece.substring(equals + 1).trim());
                if (name.equals("q")) {
                    quality = quality(value);
                } else if (!name.isEmpty()) {
                    parameters.put(name, value);
                }
            }
            return new MediaRange(type, parameters, quality);
        }

        /** The extension URIs of the {@code ext} parameter (a space-separated list). */
        List<String> extensions() {
            List<String> extensions = new ArrayList<>();
            String ext = parameters.get("ext");
            if (ext != null) {
                for (String uri : ext.trim().split("\\s+")) {
                    if (!uri.isEmpty()) {
                        extensions.add(uri);
                    }
                }
            }
            return extensions;
        }

        private static String unquote(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                    ? value.substring(1, value.length() - 1) : value;
        }

        private static double quality(String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }
}
