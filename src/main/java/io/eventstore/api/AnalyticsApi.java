package io.eventstore.api;

import io.eventstore.analytics.EventCounts;
import io.eventstore.auth.Caller;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.error.ApiException;
import jakarta.inject.Singleton;

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

    AnalyticsApi(QueryGrammar grammar, EventCounts counts) {
        this.grammar = grammar;
        this.counts = counts;
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
            default -> throw new IllegalStateException("not an analytics route: " + route.kind());
        };
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
