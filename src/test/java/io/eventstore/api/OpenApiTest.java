package io.eventstore.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.Reply;
import io.micronaut.http.HttpMethod;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /openapi.json is valid OpenAPI 3.1 by an independent parser and validator (swagger-parser), and it
 * lists exactly the routes the service serves: the API's routes ({@link Route}) and every route
 * Micronaut has besides the API's catch-all (health, metrics, this document), with their methods.
 */
class OpenApiTest extends ApiTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Router router;

    @Test
    void itIsServedWithoutATokenAndIsTheFileInTheRepository() throws Exception {
        Reply served = api.anonymous().get("/openapi.json").assertStatus(200);
        assertEquals("application/vnd.oai.openapi+json", served.header("Content-Type"));
        assertEquals(JSON.readTree(Files.readString(Path.of("src/main/resources/openapi.json"))), JSON.readTree(served.text()));
    }

    @Test
    void anIndependentValidatorFindsNothingWrong() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(api.anonymous().get("/openapi.json").text(), null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), String.valueOf(result.getMessages()));
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertTrue(result.getOpenAPI().getComponents().getSchemas().containsKey("ErrorDocument"));
    }

    @Test
    void itListsEveryRouteTheServiceServesAndNothingElse() throws Exception {
        Map<String, Set<String>> served = new TreeMap<>();
        Route.served().forEach((template, methods) -> served.put(template, names(methods)));
        router.uriRoutes().map(route -> (UriRouteInfo<?, ?>) route)
                .filter(route -> !route.getUriMatchTemplate().toString().contains("{+path}") && !route.getUriMatchTemplate().toString().equals("/"))
                .forEach(route -> served.computeIfAbsent(template(route), key -> new TreeSet<>()).add(route.getHttpMethodName()));

        Map<String, Set<String>> described = new TreeMap<>();
        JsonNode paths = JSON.readTree(api.anonymous().get("/openapi.json").text()).path("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (!name.equals("parameters")) {
                    methods.add(name.toUpperCase());
                }
            });
            described.put(path.getKey(), methods);
        }
        assertEquals(served, described);
    }

    @Test
    void everyDescribedErrorStatusHasAJsonApiErrorDocument() throws Exception {
        JsonNode responses = JSON.readTree(api.anonymous().get("/openapi.json").text()).at("/components/responses");
        Set<String> statuses = new TreeSet<>();
        responses.fieldNames().forEachRemaining(statuses::add);
        assertTrue(statuses.containsAll(Set.of("E400", "E401", "E403", "E404", "E405", "E406", "E409", "E413", "E415", "E422", "E429",
                "E500", "E503")), statuses.toString());
        for (String status : statuses) {
            assertEquals("#/components/schemas/ErrorDocument",
                    responses.path(status).at("/content/application~1vnd.api+json/schema/$ref").asText(), status);
        }
    }

    /** A Micronaut template as OpenAPI writes it: /health/{selector} for the endpoint's selector. */
    private static String template(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toString().replace("{selector}", "{check}");
    }

    private static Set<String> names(Set<HttpMethod> methods) {
        return methods.stream().map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
