package io.eventstore.crnk;

import io.crnk.core.engine.information.InformationBuilder;
import io.crnk.core.engine.information.resource.ResourceField;
import io.crnk.core.engine.information.resource.ResourceFieldType;
import io.crnk.core.engine.information.resource.ResourceInformation;
import io.crnk.core.engine.internal.information.DefaultInformationBuilder;
import io.crnk.core.engine.parser.TypeParser;
import io.eventstore.event.Event;
import io.eventstore.event.EventField;

import java.util.List;

/**
 * The {@code event} resource as crnk's resource model describes it, built from the field table:
 * the id, every attribute, every to-one relationship with its resource type. The query grammar
 * resolves every name a client writes (filters, sort fields, sparse fieldsets) through it.
 */
final class EventResource {

    static final String TYPE = "event";
    private static final ResourceInformation INFORMATION = build();

    private EventResource() {
    }

    private static ResourceInformation build() {
        InformationBuilder builder = new DefaultInformationBuilder(new TypeParser());
        InformationBuilder.ResourceInformationBuilder resource = builder.createResource(Event.class, TYPE, "events");
        for (EventField field : EventField.ALL) {
            ResourceFieldType type = switch (field.member()) {
                case ID -> ResourceFieldType.ID;
                case ATTRIBUTE -> ResourceFieldType.ATTRIBUTE;
                case RELATIONSHIP -> ResourceFieldType.RELATIONSHIP;
            };
            InformationBuilder.FieldInformationBuilder built = resource.addField(field.jsonName(), type, Object.class)
                    .underlyingName(field.name());
            if (field.isRelationship()) {
                built.oppositeResourceType(field.jsonName());
            }
        }
        return resource.build();
    }

    static ResourceInformation information() {
        return INFORMATION;
    }

    /** The attribute or relationship (never the id) a client names, or null. */
    static EventField member(String jsonName) {
        ResourceField field = INFORMATION.findFieldByJsonName(jsonName, 0);
        return field == null || field.getResourceFieldType() == ResourceFieldType.ID ? null : field(field);
    }

    /**
     * The field a filter path names: {@code [id]}, an attribute {@code [name]}, or a relationship's
     * id {@code [prospect][id]}; null otherwise.
     */
    static EventField filtered(List<String> path) {
        if (path.size() == 1) {
            ResourceField field = INFORMATION.findFieldByJsonName(path.get(0), 0);
            return field == null || field.getResourceFieldType() == ResourceFieldType.RELATIONSHIP ? null : field(field);
        }
        if (path.size() == 2 && path.get(1).equals("id")) {
            ResourceField field = INFORMATION.findFieldByJsonName(path.get(0), 0);
            return field != null && field.getResourceFieldType() == ResourceFieldType.RELATIONSHIP ? field(field) : null;
        }
        return null;
    }

    private static EventField field(ResourceField field) {
        return EventField.valueOf(field.getUnderlyingName());
    }

    /** The path of a filter on {@code field}, as crnk's filter specs name it. */
    static List<String> path(EventField field) {
        return field.isRelationship() ? List.of(field.jsonName(), "id") : List.of(field.jsonName());
    }
}
