package io.eventstore.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.eventstore.api.ExportCommand;
import io.eventstore.support.ApiTestBase;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.eventstore.analytics.ExportTest.CSV;
import static io.eventstore.analytics.ExportTest.NDJSON;
import static io.eventstore.analytics.ExportTest.export;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code admin export}: the file on standard output is what the HTTP export answers; a progress bar on standard error. */
class ExportCommandTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    record Run(int exit, String out, String err) {
    }

    private Run admin(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExportCommand.run(context, List.of(args).subList(1, args.length), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatTheHttpExportWrites() throws Exception {
        String prospect = uniqueId("p");
        for (int i = 0; i < 5; i++) {
            api.create(event("e" + i).prospect(prospect).payload("{\"i\":" + i + "}"));
        }
        String base = server.getURI().toString().replaceAll("/$", "");
        Run ndjson = admin("export", "--org", Long.toString(org), "--query", "filter[prospect][id]=" + prospect, "--base-url", base);
        assertEquals(0, ndjson.exit(), ndjson.err());
        String http = api.send("GET", export("filter[prospect][id]", prospect), Map.of("Accept", NDJSON), null).text();
        assertEquals(http, ndjson.out());
        assertTrue(ndjson.err().contains("100%") && ndjson.err().contains("5 / 5 events"), ndjson.err());

        Run csv = admin("export", "--org", Long.toString(org), "--format", "csv", "--query",
                "filter%5Bprospect%5D%5Bid%5D=" + prospect + "&sort=eventAt");
        assertEquals(0, csv.exit(), csv.err());
        List<CSVRecord> rows = ExportTest.csv(csv.out());
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), rows.stream().map(row -> row.get("name")).toList());
        JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ndjson.out().split("\n")[4]);
        assertEquals(first.path("id").asText(), rows.get(0).get("id"));
        assertTrue(api.send("GET", export("filter[prospect][id]", prospect, "sort", "eventAt"), Map.of("Accept", CSV), null)
                .text().equals(csv.out()));
    }

    @Test
    void badUsageIsRefusedWithTheReason() {
        assertEquals(2, admin("export").exit());
        assertEquals(2, admin("export", "--org", Long.toString(org), "--format", "xml").exit());
        Run badFilter = admin("export", "--org", Long.toString(org), "--query", "filter[colour]=red");
        assertEquals(2, badFilter.exit());
        assertTrue(badFilter.err().contains("filter[colour]"), badFilter.err());
        assertEquals(2, admin("export", "--org", uniqueId("nobody")).exit());
        assertEquals("", admin("export", "--org", uniqueId("nobody")).out());
    }
}
