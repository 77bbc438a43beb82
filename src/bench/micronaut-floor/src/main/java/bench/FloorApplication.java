package bench;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.runtime.Micronaut;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bare Micronaut application: GET /events/{id} answers the document in the file named by the
 * system property floor.document (the service's answer to one read by id), on the "reads" pool as
 * the service's reads run, with its media type; an id that is not a number gets the 404 document in
 * floor.not-found-document, as the service answers it. No token, no filters, no database: the
 * framework's own cost of a read by id, and of the service's floor.
 */
@Controller
@Consumes(MediaType.ALL) // as the service's route: negotiation is not Micronaut's (else an Accept of
@Produces(MediaType.ALL) // JSON:API's media type misses the route and is answered 406)
public class FloorApplication {

    private static final MediaType JSON_API = MediaType.of("application/vnd.api+json");

    private final byte[] document;
    private final byte[] notFoundDocument;

    public FloorApplication() throws IOException {
        document = Files.readAllBytes(Path.of(System.getProperty("floor.document")));
        notFoundDocument = Files.readAllBytes(Path.of(System.getProperty("floor.not-found-document")));
    }

    @Get("/events/{id}")
    @ExecuteOn("reads")
    public HttpResponse<byte[]> event(String id) {
        if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
            return HttpResponse.<byte[]>status(HttpStatus.NOT_FOUND).body(notFoundDocument).contentType(JSON_API);
        }
        return HttpResponse.ok(document).contentType(JSON_API);
    }

    public static void main(String[] args) {
        Micronaut.run(FloorApplication.class, args);
    }
}
