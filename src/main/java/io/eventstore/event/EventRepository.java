package io.eventstore.event;

import io.crnk.core.engine.http.HttpRequestContext;
import io.crnk.core.engine.http.HttpRequestContextAware;
import io.crnk.core.engine.http.HttpRequestContextProvider;
import io.crnk.core.queryspec.QuerySpec;
import io.crnk.core.repository.ResourceRepositoryBase;
import io.crnk.core.resource.list.DefaultResourceList;
import io.crnk.core.resource.list.ResourceList;
import io.eventstore.jsonapi.ApiException;
import io.eventstore.jsonapi.Links;
import io.eventstore.query.Cursor;
import io.eventstore.query.CursorCodec;
import io.eventstore.query.CursorPage;
import io.eventstore.query.EventListing;
import io.eventstore.query.Micros;
import io.eventstore.query.SortKey;
import io.eventstore.auth.Caller;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** crnk's view of the events: it hands over parsed requests, this hands them to the service and the listing. */
@Singleton
public class EventRepository extends ResourceRepositoryBase<Event, String> implements HttpRequestContextAware {

    private final EventService service;
    private final EventListing listing;
    private final CursorCodec cursors;
    private HttpRequestContextProvider requests;

    public EventRepository(EventService service, EventListing listing, CursorCodec cursors) {
        super(Event.class);
        this.service = service;
        this.listing = listing;
        this.cursors = cursors;
    }

    @Override
    public void setHttpRequestContextProvider(HttpRequestContextProvider provider) {
        this.requests = provider;
    }

    @Override
    public Event findOne(String id, QuerySpec querySpec) {
        return EventMapping.toResource(findRecord(id));
    }

    /** The caller's event with this id; 404 when there is none (or the id is not one of ours). */
    public EventRecord findRecord(String id) {
        return service.findRecord(Caller.current().org(), parseId(id)).orElseThrow(ApiException::notFound);
    }

    @Override
    public ResourceList<Event> findAll(QuerySpec querySpec) {
        HttpRequestContext request = requests.getRequestContext();
        ListedPage listed = list(querySpec, request.getBaseUrl(), Links.singleValues(request.getRequestParameters()));
        List<Event> events = new ArrayList<>(listed.rows().size());
        listed.rows().forEach(row -> events.add(EventMapping.toResource(row)));
        return new DefaultResourceList<>(events, listed.meta(), listed.links());
    }

    /** A page of rows with what the document says about it. */
    public record ListedPage(List<EventRecord> rows, PageLinks links, PageMeta meta) {
    }

    /** One page of the caller's events, with its links built from the request's own parameters. */
    public ListedPage list(QuerySpec querySpec, String baseUrl, Map<String, String> parameters) {
        long org = Caller.current().org();
        CursorPage page = querySpec.getPaging(CursorPage.class);
        SortKey sort = SortKey.of(querySpec.getSort());
        EventListing.Page result = listing.list(org, querySpec.getFilters(), sort, page);
        PageLinks links = links(org, sort, result.rows(), result, baseUrl, parameters);
        return new ListedPage(result.rows(), links, result.total() == null ? null : PageMeta.of(result.total()));
    }

    @Override
    public ResourceList<Event> findAll(Collection<String> ids, QuerySpec querySpec) {
        List<Long> numeric = new ArrayList<>();
        ids.forEach(id -> {
            Long value = tryParseId(id);
            if (value != null) {
                numeric.add(value);
            }
        });
        List<Event> events = new ArrayList<>();
        listing.byIds(Caller.current().org(), numeric).forEach(row -> events.add(EventMapping.toResource(row)));
        if (events.size() < ids.size()) {
            // crnk asks for ids taken from the URL (relationship endpoints): a missing one is a 404
            throw ApiException.notFound();
        }
        return new DefaultResourceList<>(events, null, null);
    }

    @Override
    public <S extends Event> S create(S resource) {
        @SuppressWarnings("unchecked")
        S created = (S) service.create(Caller.current().org(), resource);
        return created;
    }

    @Override
    public <S extends Event> S save(S resource) {
        @SuppressWarnings("unchecked")
        S saved = (S) service.update(Caller.current().org(), parseId(resource.getId()), resource);
        return saved;
    }

    @Override
    public void delete(String id) {
        service.delete(Caller.current().org(), parseId(id));
    }

    private PageLinks links(long org, SortKey sort, List<EventRecord> events, EventListing.Page page, String baseUrl,
                            Map<String, String> all) {
        Map<String, String> parameters = new LinkedHashMap<>(all);
        parameters.remove("page[after]");
        parameters.remove("page[before]");
        String collection = baseUrl + "/events";
        String first = Links.withQuery(collection, parameters);
        String prev = null;
        String next = null;
        if (!events.isEmpty() && page.hasPrev()) {
            prev = Links.withQuery(collection, with(parameters, "page[before]", cursor(org, sort, events.get(0))));
        }
        if (!events.isEmpty() && page.hasNext()) {
            next = Links.withQuery(collection, with(parameters, "page[after]", cursor(org, sort, events.get(events.size() - 1))));
        }
        PageLinks links = new PageLinks(first, prev, next);
        links.setSelf(Links.withQuery(collection, all));
        return links;
    }

    private String cursor(long org, SortKey sort, EventRecord event) {
        List<Long> values = new ArrayList<>();
        sort.fields().forEach(field -> values.add(Micros.of(sortValue(event, field))));
        return cursors.encode(new Cursor(org, sort.signature(), values, event.key().id()));
    }

    private static Instant sortValue(EventRecord event, io.eventstore.query.SortField field) {
        return switch (field) {
            case EVENT_AT -> event.eventAt();
            case CREATED_AT -> event.createdAt();
            case UPDATED_AT -> event.updatedAt();
        };
    }

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return copy;
    }

    private static long parseId(String id) {
        Long value = tryParseId(id);
        if (value == null) {
            throw ApiException.notFound(); // a malformed id names no event
        }
        return value;
    }

    private static Long tryParseId(String id) {
        if (id == null || id.isEmpty() || id.length() > 19 || !id.chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
