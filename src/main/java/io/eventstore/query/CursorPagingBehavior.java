package io.eventstore.query;

import io.crnk.core.engine.query.QueryAdapter;
import io.crnk.core.queryspec.pagingspec.PagingBehavior;
import io.crnk.core.queryspec.pagingspec.PagingSpecUrlBuilder;
import io.crnk.core.resource.links.PagedLinksInformation;
import io.crnk.core.resource.list.ResourceList;

import java.util.Map;
import java.util.Set;

/**
 * Registers {@link CursorPage} with crnk. Parameters are parsed by {@link EventQueryUrlMapper} and
 * the paging links are written by the event repository, so crnk's own link building stays off:
 * it would write offset links and {@code fields=} instead of {@code fields[event]=}.
 */
public class CursorPagingBehavior implements PagingBehavior<CursorPage> {

    private final int defaultSize;

    public CursorPagingBehavior(int defaultSize) {
        this.defaultSize = defaultSize;
    }

    @Override
    public Map<String, Set<String>> serialize(CursorPage pagingSpec, String resourceType) {
        return Map.of();
    }

    @Override
    public CursorPage deserialize(Map<String, Set<String>> parameters) {
        return createDefaultPagingSpec();
    }

    @Override
    public CursorPage createEmptyPagingSpec() {
        return createDefaultPagingSpec();
    }

    @Override
    public CursorPage createDefaultPagingSpec() {
        return new CursorPage(defaultSize, null, null, false);
    }

    @Override
    public void build(PagedLinksInformation linksInformation, ResourceList<?> resources, QueryAdapter queryAdapter,
                      PagingSpecUrlBuilder urlBuilder) {
        // links come from the repository; crnk calls this only when isRequired says so
    }

    @Override
    public boolean isRequired(CursorPage pagingSpec) {
        return false;
    }
}
