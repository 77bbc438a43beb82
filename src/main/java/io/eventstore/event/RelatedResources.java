package io.eventstore.event;

import io.crnk.core.resource.annotations.JsonApiId;
import io.crnk.core.resource.annotations.JsonApiResource;

/**
 * Resource types an event points to. The service does not hold them, only their ids; crnk still
 * needs a type per relationship to write the linkage.
 */
public final class RelatedResources {

    private RelatedResources() {
    }

    /** What every related type has: just an id. */
    public abstract static class Related {
        @JsonApiId
        private String id;

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }
    }

    @JsonApiResource(type = "account", resourcePath = "accounts")
    public static class Account extends Related {
    }

    @JsonApiResource(type = "call", resourcePath = "calls")
    public static class Call extends Related {
    }

    @JsonApiResource(type = "mailing", resourcePath = "mailings")
    public static class Mailing extends Related {
    }

    @JsonApiResource(type = "opportunity", resourcePath = "opportunities")
    public static class Opportunity extends Related {
    }

    @JsonApiResource(type = "prospect", resourcePath = "prospects")
    public static class Prospect extends Related {
    }

    @JsonApiResource(type = "task", resourcePath = "tasks")
    public static class Task extends Related {
    }

    @JsonApiResource(type = "user", resourcePath = "users")
    public static class User extends Related {
    }
}
