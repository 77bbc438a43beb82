package io.eventstore.jsonapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.crnk.core.boot.CrnkBoot;
import io.crnk.core.boot.CrnkProperties;
import io.crnk.core.engine.http.HttpResponse;
import io.crnk.core.engine.information.resource.ResourceInformation;
import io.crnk.core.engine.query.QueryContext;
import io.crnk.core.module.SimpleModule;
import io.crnk.core.queryspec.QuerySpec;
import io.crnk.core.queryspec.pagingspec.OffsetLimitPagingBehavior;
import io.eventstore.event.EventRepository;
import io.eventstore.event.RelatedResourceRepository;
import io.eventstore.query.CursorPagingBehavior;
import io.eventstore.query.EventQueryUrlMapper;
import io.eventstore.query.PageParser;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * crnk, booted once at start-up (not on the first request) with what we replace in it: the query
 * parameter mapper, cursor paging, error mapping, and link clean-up.
 */
@Context
public class CrnkEngine {

    private final CrnkBoot boot = new CrnkBoot();
    private final ObjectMapper mapper;

    public CrnkEngine(EventRepository events, PageParser pages,
                      @Value("${event-store.page.default-size:50}") int defaultPageSize) {
        // crnk gets a mapper of its own: it changes the one it is given, and dates must be ISO strings
        mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        boot.setObjectMapper(mapper);
        Map<String, String> properties = Map.of(
                CrnkProperties.NULL_DATA_RESPONSE_ENABLED, "true",
                CrnkProperties.RETURN_404_ON_NULL, "true");
        boot.setPropertiesProvider(properties::get);
        boot.setUrlMapper(new EventQueryUrlMapper(pages));

        SimpleModule module = new SimpleModule("event-store");
        module.addRepository(events);
        RelatedResourceRepository.all().forEach(module::addRepository);
        module.addPagingBehavior(new CursorPagingBehavior(defaultPageSize));
        // crnk builds offset-paged specs of its own when it resolves relationship linkage
        module.addPagingBehavior(new OffsetLimitPagingBehavior());
        module.addExceptionMapper(new CrnkErrorMappers.Refusals());
        module.addExceptionMapper(new CrnkErrorMappers.Faults());
        module.addFilter(new LinkCleanup());
        boot.addModule(module);
        boot.boot();
    }

    /** Hands a request to crnk; empty when crnk has no route for it. */
    public Optional<HttpResponse> process(String method, String path, String baseUrl,
                                          Map<String, Set<String>> parameters, byte[] body) {
        CrnkRequest request = new CrnkRequest(method, path, baseUrl, parameters, body);
        try {
            return boot.getRequestDispatcher().process(request).map(result -> result.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query of a request to {@code type}'s collection, parsed as crnk would parse it. */
    public QuerySpec querySpec(Class<?> type, Map<String, Set<String>> parameters) {
        ResourceInformation resource = boot.getResourceRegistry().getEntry(type).getResourceInformation();
        return boot.getUrlMapper().deserialize(resource, parameters, new QueryContext());
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
