package io.eventstore.event;

import io.crnk.core.queryspec.QuerySpec;
import io.crnk.core.repository.ResourceRepositoryBase;
import io.crnk.core.resource.list.DefaultResourceList;
import io.crnk.core.resource.list.ResourceList;
import io.eventstore.jsonapi.ApiException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stands in for a related resource type that this service does not hold: it knows nothing but the
 * ids it is asked about. crnk needs one per relationship type to write linkage.
 */
public class RelatedResourceRepository<T extends RelatedResources.Related> extends ResourceRepositoryBase<T, String> {

    private final Supplier<T> factory;

    public RelatedResourceRepository(Class<T> type, Supplier<T> factory) {
        super(type);
        this.factory = factory;
    }

    @Override
    public ResourceList<T> findAll(QuerySpec querySpec) {
        throw ApiException.notFound();
    }

    @Override
    public ResourceList<T> findAll(Collection<String> ids, QuerySpec querySpec) {
        List<T> resources = new ArrayList<>();
        for (String id : ids) {
            T resource = factory.get();
            resource.setId(id);
            resources.add(resource);
        }
        return new DefaultResourceList<>(resources, null, null);
    }

    public static List<RelatedResourceRepository<?>> all() {
        return List.of(
                new RelatedResourceRepository<>(RelatedResources.Account.class, RelatedResources.Account::new),
                new RelatedResourceRepository<>(RelatedResources.Call.class, RelatedResources.Call::new),
                new RelatedResourceRepository<>(RelatedResources.Mailing.class, RelatedResources.Mailing::new),
                new RelatedResourceRepository<>(RelatedResources.Opportunity.class, RelatedResources.Opportunity::new),
                new RelatedResourceRepository<>(RelatedResources.Prospect.class, RelatedResources.Prospect::new),
                new RelatedResourceRepository<>(RelatedResources.Task.class, RelatedResources.Task::new),
                new RelatedResourceRepository<>(RelatedResources.User.class, RelatedResources.User::new));
    }
}
