package io.eventstore.api;

import io.eventstore.analytics.EventCounts;
import io.eventstore.auth.Caller;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.error.ApiException;
import io.eventstore.analytics.Exports;
import io.eventstore.catalog.Catalog;
import io.eventstore.catalog.store.CatalogStore;
import io.eventstore.event.Event;
import io.eventstore.event.query.CursorCodec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.ExecutorService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * The analysts' routes, after {@link EventApi} matched the route and checked the method and the
 * scope (they all read): counts, exports and the catalog of names. Each reads its parameters into a
 * typed query with the listing's grammar, runs its use case and writes its answer.
 */
@Singleton
final class AnalyticsApi {

    private final QueryGrammar grammar;
    private final EventCounts counts;
    private final Exports exports;
    private final CursorCodec cursors;
    private final ExecutorService executor;
    private final Catalog catalog;
    private static final int DEFAULT_NAMES = 50;
    private static final int MAX_NAMES = 1000;

    AnalyticsApi(QueryGrammar grammar, EventCounts counts, Exports exports, CursorCodec cursors,
                 @Named("exports") ExecutorService executor, Catalog catalog) {
        this.catalog = catalog;
        this.grammar = grammar;
        this.counts = counts;
        this.exports = exports;
        this.cursors = cursors;
        this.executor = executor;
    }

    ApiResponse handle(Caller caller, ApiRequest request, Route route) {
        Map<String, List<String>> parameters = once(request.parameters());
        return switch (route.kind()) {
            case COUNTS -> {
                Negotiation.check(request, false);
                QueryGrammar.Counting counting = grammar.counting(parameters);
                EventCounts.Counted counted = counts.count(caller, counting.query());
                String self = Links.withQuery(request.baseUrl() + "/event-counts", Links.singleValues(parameters));
                yield ApiResponse.document(200, DocumentWriter.counts(counting.query(), counted, counting.fields(), self));
            }
            case EXPORT -> export(caller, request, parameters);
            case EVENT_NAMES -> {
                Negotiation.check(request, false);
                yield names(caller, request.baseUrl(), parameters);
            }
            case EVENT_NAME -> {
                Negotiation.check(request, false);
                Set<String> fields = null;
                for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
                    if (!parameter.getKey().startsWith("fields[")) {
                        throw ApiException.atParameter(parameter.getKey(), "unknown_parameter", "An event name takes only fields[event-name].");
                    }
                    fields = QueryGrammar.fieldset(parameter.getKey(), parameter.getValue().get(0), "event-name",
                            DocumentWriter.EVENT_NAME_FIELDS);
                }
                String self = Links.withQuery(request.baseUrl() + "/event-names/" + EventNameIds.encode(route.id()),
                        Links.singleValues(parameters));
                yield ApiResponse.document(200, DocumentWriter.eventName(catalog.find(caller, route.id()), fields, request.baseUrl(), self));
            }
            default -> throw new IllegalStateException("not an analytics route: " + route.kind());
        };
    }

    /**
     * {@code GET /exports/events}: negotiated, checked and its first chunk read before the answer
     * starts (a refusal or a fault there is an error document with its status); the rest is streamed.
     */
    private ApiResponse export(Caller caller, ApiRequest request, Map<String, List<String>> parameters) {
        ExportStream.Format format = ExportStream.Format.negotiate(request.accept());
        if (format == null) {
            throw ApiException.of(406, "not_acceptable", "Not acceptable",
                    "An export answers with application/x-ndjson or text/csv; send one of them in Accept.");
        }
        QueryGrammar.Listing listing = grammar.export(parameters);
        Exports.Permit permit = exports.open(caller, listing.query());
        try {
            List<Event> first = exports.chunk(caller, listing.query(), listing.query().page().after());
            ExportStream body = new ExportStream(exports, caller, listing.query(), format, listing.fields(), request.baseUrl(),
                    cursors, permit, executor, request.requestId(), first);
            return ApiResponse.chunked(format.contentType, Map.of("Content-Disposition",
                    "attachment; filename=\"" + format.fileName() + "\"", "X-Accel-Buffering", "no"), body);
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    /** {@code GET /event-names}: filter[prefix], sort, page[size], page[after], fields[event-name]. */
    private ApiResponse names(Caller caller, String baseUrl, Map<String, List<String>> parameters) {
        String prefix = null;
        CatalogStore.Order order = CatalogStore.Order.NAME;
        boolean descending = false;
        int size = DEFAULT_NAMES;
        String after = null;
        Set<String> fields = null;
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue().get(0);
            switch (name) {
                case "filter[prefix]" -> {
                    if (value.isEmpty() || value.length() > 255) {
                        throw ApiException.atParameter(name, "invalid_filter", "filter[prefix] is the start of a name: 1 to 255 characters.");
                    }
                    prefix = value;
                }
                case "sort" -> {
                    descending = value.startsWith("-");
                    order = switch (descending ? value.substring(1) : value) {
                        case "name" -> CatalogStore.Order.NAME;
                        case "count" -> CatalogStore.Order.COUNT;
                        case "lastEventAt" -> CatalogStore.Order.LAST_EVENT_AT;
                        default -> throw ApiException.atParameter("sort", "invalid_sort",
                                "The catalog sorts by one of name, count and lastEventAt, each with '-' for descending.");
                    };
                }
                case "page[size]" -> {
                    if (!value.matches("\\d{1,4}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > MAX_NAMES) {
                        throw ApiException.atParameter(name, "invalid_page_size", "page[size] is a whole number from 1 to " + MAX_NAMES + ".");
                    }
                    size = Integer.parseInt(value);
                }
                case "page[after]" -> after = value;
                default -> {
                    if (!name.startsWith("fields[")) {
                        throw ApiException.atParameter(name, "unknown_parameter", "Unknown query parameter. The catalog takes"
                                + " filter[prefix], sort, page[size], page[after] and fields[event-name].");
                    }
                    fields = QueryGrammar.fieldset(name, value, "event-name", DocumentWriter.EVENT_NAME_FIELDS);
                }
            }
        }
        Catalog.Page page = catalog.list(caller, new Catalog.NameQuery(prefix, order, descending, size, after));
        String collection = baseUrl + "/event-names";
        Map<String, String> all = Links.singleValues(parameters);
        Map<String, String> first = new LinkedHashMap<>(all);
        first.remove("page[after]");
        String next = null;
        if (page.next() != null) {
            Map<String, String> nextParameters = new LinkedHashMap<>(first);
            nextParameters.put("page[after]", page.next());
            next = Links.withQuery(collection, nextParameters);
        }
        DocumentWriter.PageLinks links = new DocumentWriter.PageLinks(Links.withQuery(collection, all),
                Links.withQuery(collection, first), null, next);
        return ApiResponse.document(200, DocumentWriter.eventNames(page, fields, baseUrl, links));
    }

    /** Every parameter is given once. */
    private static Map<String, List<String>> once(Map<String, List<String>> parameters) {
        parameters.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.atParameter(name, "repeated_parameter", name + " may be given only once.");
            }
        });
        return parameters;
    }
}
