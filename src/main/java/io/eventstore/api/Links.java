package io.eventstore.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the URLs the service emits, with every query name and value percent-encoded. */
public final class Links {

    private Links() {
    }

    /** A request's parameters (each given once: the gateway refuses repeats) as name → value, in order. */
    public static Map<String, String> singleValues(Map<String, ? extends Collection<String>> parameters) {
        Map<String, String> single = new LinkedHashMap<>();
        parameters.forEach((name, values) -> single.put(name, values.iterator().next()));
        return single;
    }

    public static String withQuery(String url, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return url;
        }
        StringBuilder link = new StringBuilder(url);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            link.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
            separator = '&';
        }
        return link.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
