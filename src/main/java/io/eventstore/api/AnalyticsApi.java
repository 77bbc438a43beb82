package io.eventstore.api;

import io.eventstore.analytics.EventCounts;
import io.eventstore.auth.Caller;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.error.ApiException;
import io.eventstore.analytics.Exports;
import io.eventstore.event.Event;
import io.eventstore.event.query.CursorCodec;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.util.concurrent.ExecutorService;

import java.util.List;
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

    AnalyticsApi(QueryGrammar grammar, EventCounts counts, Exports exports, CursorCodec cursors,
                 @Named("exports") ExecutorService executor) {
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
