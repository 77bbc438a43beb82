package io.eventstore.jsonapi;

import java.util.List;
import java.util.Locale;

/**
 * JSON:API content negotiation: which request bodies the service reads (415 otherwise) and whether
 * it can answer what the client accepts (406 otherwise). No extension is supported yet, so any
 * {@code ext} is refused; {@code profile} is always allowed.
 */
public final class MediaTypes {

    public static final String JSON_API = "application/vnd.api+json";

    private MediaTypes() {
    }

    /** Null when the Content-Type is acceptable, otherwise why not. */
    public static String contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "Send the body as application/vnd.api+json.";
        }
        MediaRange range = MediaRange.parse(contentType);
        if (range == null || !range.type().equals(JSON_API)) {
            return "Send the body as application/vnd.api+json.";
        }
        for (String parameter : range.parameters()) {
            if (parameter.equals("ext")) {
                return "This server supports no JSON:API extension.";
            }
            if (!parameter.equals("profile")) {
                return "application/vnd.api+json takes no media type parameter other than ext and profile.";
            }
        }
        return null;
    }

    /** Whether an answer in application/vnd.api+json satisfies this Accept header. */
    public static boolean acceptable(String accept) {
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
                usableJsonApi |= range.parameters().stream().allMatch(p -> p.equals("profile"));
            } else if (range.type().equals("*/*") || range.type().equals("application/*")) {
                wildcard = true;
            }
        }
        // JSON:API: 406 when every instance of its media type carries parameters it cannot honour
        return sawJsonApi ? usableJsonApi : wildcard;
    }

    /** One media range of a header: its type, the names of its parameters (q excluded) and its quality. */
    record MediaRange(String type, List<String> parameters, double quality) {

        static MediaRange parse(String text) {
            String[] pieces = text.split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty() || type.indexOf('/') < 0) {
                return null;
            }
            List<String> parameters = new java.util.ArrayList<>();
            double quality = 1;
            for (int i = 1; i < pieces.length; i++) {
                String piece = pieces[i].trim();
                int equals = piece.indexOf('=');
                String name = (equals < 0 ? piece : piece.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
                if (name.equals("q")) {
                    quality = quality(equals < 0 ? "" : piece.substring(equals + 1).trim());
                } else if (!name.isEmpty()) {
                    parameters.add(name);
                }
            }
            return new MediaRange(type, List.copyOf(parameters), quality);
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
