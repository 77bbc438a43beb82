package io.eventstore.api;

import io.eventstore.auth.Caller;
import io.eventstore.error.ApiException;
import io.eventstore.event.EventIds;
import io.eventstore.webhook.Delivery;
import io.eventstore.webhook.DeliveryState;
import io.eventstore.webhooks.WebhookInput;
import io.eventstore.webhooks.Webhooks;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpMethod;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook routes, after {@link EventApi} matched the route, checked the method, the scope and
 * the negotiation: the request's document or parameters read into typed input, the use case, the writer.
 */
@Singleton
final class WebhookApi {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final Webhooks webhooks;
    private final WebhookDocumentReader documents;

    WebhookApi(Webhooks webhooks, WebhookDocumentReader documents) {
        this.webhooks = webhooks;
        this.documents = documents;
    }

    ApiResponse handle(Caller caller, ApiRequest request, Route route) {
        Map<String, String> parameters = parameters(route, request.parameters());
        String base = request.baseUrl();
        HttpMethod method = request.method();
        return switch (route.kind()) {
            case WEBHOOKS -> method == HttpMethod.POST ? create(caller, request) : ApiResponse.document(200,
                    WebhookWriter.webhooks(webhooks.list(caller), base));
            case WEBHOOK -> switch (method) {
                case PATCH -> ApiResponse.document(200, WebhookWriter.webhook(webhooks.update(caller, id(route.id()),
                        documents.update(StrictJson.parseObject(request.body()), route.id())), null, base));
                case DELETE -> {
                    webhooks.delete(caller, id(route.id()));
                    yield ApiResponse.noContent();
                }
                default -> ApiResponse.document(200, WebhookWriter.webhook(webhooks.find(caller, id(route.id())), null, base));
            };
            case WEBHOOK_SECRET -> {
                noBody(request);
                Webhooks.WithSecret rotated = webhooks.rotate(caller, id(route.id()));
                yield ApiResponse.document(200, WebhookWriter.webhook(rotated.webhook(), rotated.secret(), base));
            }
            case DELIVERIES -> deliveries(caller, route, parameters, base);
            case DELIVERY -> ApiResponse.document(200, WebhookWriter.delivery(
                    webhooks.delivery(caller, id(route.id()), id(route.deliveryId())), base));
            case DELIVERY_RETRY -> {
                noBody(request);
                Delivery retried = webhooks.retry(caller, id(route.id()), id(route.deliveryId()));
                yield ApiResponse.document(202, WebhookWriter.delivery(retried, base));
            }
            default -> throw new IllegalStateException("not a webhook route: " + route.kind());
        };
    }

    private ApiResponse create(Caller caller, ApiRequest request) {
        WebhookInput input = documents.create(StrictJson.parseObject(request.body()));
        Webhooks.WithSecret created = webhooks.create(caller, input, request.baseUrl());
        String location = request.baseUrl() + "/webhooks/" + created.webhook().id();
        return ApiResponse.document(201, WebhookWriter.webhook(created.webhook(), created.secret(), request.baseUrl()))
                .withHeaders(Map.of("Location", location));
    }

    private ApiResponse deliveries(Caller caller, Route route, Map<String, String> parameters, String base) {
        DeliveryState outcome = null;
        if (parameters.containsKey("filter[outcome]")) {
            outcome = DeliveryState.ofWireName(parameters.get("filter[outcome]"));
            if (outcome == null) {
                throw ApiException.atParameter("filter[outcome]", "invalid_filter", "filter[outcome] is pending, succeeded or failed.");
            }
        }
        int size = DEFAULT_PAGE;
        if (parameters.containsKey("page[size]")) {
            String text = parameters.get("page[size]");
            if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_PAGE) {
                throw ApiException.atParameter("page[size]", "invalid_page", "page[size] is a whole number from 1 to " + MAX_PAGE + ".");
            }
            size = Integer.parseInt(text);
        }
        Long after = null;
        if (parameters.containsKey("page[after]")) {
            after = EventIds.parse(parameters.get("page[after]"));
            if (after == null) {
                throw ApiException.atParameter("page[after]", "invalid_cursor",
                        "page[after] is the id of the last delivery of the previous page; use links.next.");
            }
        }
        long hook = id(route.id());
        List<Delivery> page = webhooks.deliveries(caller, hook, outcome, after, size + 1);
        boolean more = page.size() > size;
        List<Delivery> shown = more ? page.subList(0, size) : page;
        String collection = base + "/webhooks/" + route.id() + "/deliveries";
        String next = null;
        if (more) {
            Map<String, String> nextParameters = new LinkedHashMap<>(parameters);
            nextParameters.put("page[after]", Long.toString(shown.get(shown.size() - 1).id()));
            next = Links.withQuery(collection, nextParameters);
        }
        return ApiResponse.document(200, WebhookWriter.deliveries(shown, base, Links.withQuery(collection, parameters), next));
    }

    /** The parameters a webhook route takes: only a list of deliveries takes any. */
    private static Map<String, String> parameters(Route route, Map<String, List<String>> given) {
        Map<String, String> single = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : given.entrySet()) {
            String name = parameter.getKey();
            if (parameter.getValue().size() > 1) {
                throw ApiException.atParameter(name, "repeated_parameter", name + " may be given only once.");
            }
            boolean known = route.kind() == Route.Kind.DELIVERIES
                    && (name.equals("filter[outcome]") || name.equals("page[size]") || name.equals("page[after]"));
            if (!known) {
                throw ApiException.atParameter(name, "unknown_parameter", route.kind() == Route.Kind.DELIVERIES
                        ? "A list of deliveries takes filter[outcome], page[size] and page[after]."
                        : "This endpoint takes no query parameters.");
            }
            single.put(name, parameter.getValue().get(0));
        }
        return single;
    }

    private static void noBody(ApiRequest request) {
        if (request.body() != null && request.body().length > 0) {
            throw ApiException.atPointer(400, "invalid_document", "Invalid document", "This action takes no document.", "");
        }
    }

    /** The hook or delivery a path names; a malformed id names none. */
    private static long id(String text) {
        Long id = EventIds.parse(text);
        if (id == null) {
            throw ApiException.notFound();
        }
        return id;
    }
}
