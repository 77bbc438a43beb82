package io.eventstore.api;

import io.eventstore.auth.Scope;
import io.eventstore.support.Api;
import io.eventstore.support.ApiTestBase;
import io.eventstore.support.AtomicBatch;
import io.eventstore.support.Bytes;
import io.eventstore.support.Reply;
import io.eventstore.support.Store;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static io.eventstore.support.EventDocument.changes;
import static io.eventstore.support.EventDocument.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Thousands of malformed requests, each built to be wrong in at least one way (mutated documents,
 * random parameters, broken headers): every answer must be a 4xx JSON:API error document, and the
 * stored events must be exactly as before. The seed is fixed (and printed on failure) so a failure
 * can be replayed; set -Dfuzz.seed=... to explore others.
 */
class MalformedRequestFuzzTest extends ApiTestBase {

    private static final int REQUESTS = 3_000;
    private static final String JSON_API = Api.JSON_API;

    @Inject
    Store store;

    /** One malformed request. */
    record Attempt(String kind, String method, String path, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            return kind + ": " + method + " " + path + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private Random random;
    private long org;
    private Api fuzzer;
    private List<String> ids;

    @Test
    void everyMalformedRequestIsA4xxJsonApiErrorAndTheStoreIsUnchanged() {
        long seed = Long.getLong("fuzz.seed", 20261124L);
        random = new Random(seed);
        org = newOrg();
        fuzzer = api.as(token(org, Scope.ALL));
        ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fuzzer.create(event("seed_" + i).prospect("p-" + i).payload("{\"n\":" + i + ",\"s\":\"text\"}")));
        }
        String before = store.snapshot(org);

        List<Supplier<Attempt>> generators = List.of(this::truncatedDocument, this::invalidBytes, this::duplicateMember,
                this::wrongType, this::tooDeep, this::absurdNumber, this::brokenBatch, this::randomParameters,
                this::brokenContentType, this::brokenAccept, this::brokenAuthorization, this::brokenIdempotencyKey);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Attempt attempt = generators.get(random.nextInt(generators.size())).get();
            Reply reply = send(attempt);
            if (reply.status() < 400 || reply.status() >= 500) {
                fail("seed " + seed + ", request " + i + " got " + reply.status() + ": " + attempt + "\n" + reply.text());
            }
            assertJsonApiError(reply, "seed " + seed + ", request " + i + ": " + attempt);
            statuses.merge(attempt.kind() + " " + reply.status(), 1, Integer::sum);
        }
        assertEquals(before, store.snapshot(org), "the fuzzed org's events and keys are unchanged");
        assertTrue(statuses.keySet().stream().map(k -> k.split(" ")[0]).distinct().count() == generators.size(),
                "every kind of malformation was sent: " + statuses);
    }

    private Reply send(Attempt attempt) {
        Api client = attempt.headers().containsKey("Authorization") ? fuzzer.anonymous() : fuzzer;
        return client.sendBytes(attempt.method(), attempt.path(), attempt.headers(), attempt.body());
    }

    private static void assertJsonApiError(Reply reply, String context) {
        assertEquals(JSON_API, reply.header("Content-Type"), context);
        assertTrue(reply.json().path("errors").isArray() && reply.json().path("errors").size() > 0, context + "\n" + reply.text());
        assertEquals(Integer.toString(reply.status()), reply.json().path("errors").path(0).path("status").asText(), context);
        assertTrue(!reply.text().contains("Exception") && !reply.text().contains("java.") && !reply.text().contains("SQL"),
                "internals leaked: " + context + "\n" + reply.text());
    }

    // ---- documents that cannot be valid ----

    /** A valid create, update or batch document, to be broken. */
    private Attempt validWrite() {
        String id = ids.get(random.nextInt(ids.size()));
        return switch (random.nextInt(3)) {
            case 0 -> attempt("base", "POST", "/events", JSON_API, event("fuzz_" + random.nextInt(1000))
                    .prospect("p-" + random.nextInt(10)).payload("{\"a\":[1,2,{\"b\":\"c\"}],\"d\":true}").json());
            case 1 -> attempt("base", "PATCH", "/events/" + id, JSON_API, changes(id).attribute("name", "renamed_by_fuzz").json());
            default -> attempt("base", "POST", "/operations", AtomicBatch.MEDIA_TYPE,
                    new AtomicBatch().add(event("in_batch")).update(changes(id).attribute("name", "batch_rename")).json());
        };
    }

    private Attempt attempt(String kind, String method, String path, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Accept", contentType.contains("atomic") ? AtomicBatch.MEDIA_TYPE : JSON_API);
        return new Attempt(kind, method, path, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private Attempt withBody(String kind, Attempt base, byte[] body) {
        return new Attempt(kind, base.method(), base.path(), base.headers(), body);
    }

    private Attempt truncatedDocument() {
        Attempt base = validWrite();
        int cut = random.nextInt(base.body().length - 1); // never the whole document: a prefix of an object is not JSON
        return withBody("truncated", base, java.util.Arrays.copyOf(base.body(), cut));
    }

    private Attempt invalidBytes() {
        Attempt base = validWrite();
        byte[][] poison = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, 0x28, (byte) 0xA1}, {0}, {0x07}, {(byte) 0x80}};
        byte[] bad = poison[random.nextInt(poison.length)];
        return withBody("bytes", base, Bytes.insert(base.body(), random.nextInt(base.body().length), bad));
    }

    private Attempt duplicateMember() {
        Attempt base = validWrite();
        String text = new String(base.body(), StandardCharsets.UTF_8);
        String[] members = {"\"type\":", "\"data\":", "\"attributes\":", "\"name\":", "\"op\":"};
        for (int tries = 0; tries < 10; tries++) {
            String member = members[random.nextInt(members.length)];
            int at = text.indexOf(member);
            if (at >= 0) {
                // the same member twice in one object: {"name":"x","name":...}
                String twin = member + (member.equals("\"data\":") || member.equals("\"attributes\":") ? "{}," : "\"twin\",");
                return withBody("duplicate", base, (text.substring(0, at) + twin + text.substring(at)).getBytes(StandardCharsets.UTF_8));
            }
        }
        return withBody("duplicate", base, "{\"data\":1,\"data\":2}".getBytes(StandardCharsets.UTF_8));
    }

    private Attempt wrongType() {
        String[][] cases = {
                {"name", "123"}, {"name", "\"\""}, {"name", "null"}, {"name", "[\"a\"]"}, {"eventAt", "\"yesterday\""},
                {"eventAt", "17000000"}, {"eventAt", "\"0000-01-01T00:00:00Z\""}, {"payload", "\"a string\""},
                {"payload", "[1,2]"}, {"payload", "42"}, {"requestProxied", "\"yes\""}, {"externalUrl", "\"javascript:alert(1)\""},
                {"externalUrl", "5"}, {"body", "{}"}, {"requestCity", "false"}, {"noSuchAttribute", "1"}, {"createdAt", "{}"}};
        String[] chosen = cases[random.nextInt(cases.length)];
        return attempt("type", "POST", "/events", JSON_API, event("typed").jsonWithRaw(chosen[0], chosen[1]));
    }

    private Attempt tooDeep() {
        int depth = 33 + random.nextInt(3000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        return attempt("deep", "POST", "/events", JSON_API, event("deep").jsonWithRaw("payload", "{\"x\":" + nested + "}"));
    }

    private Attempt absurdNumber() {
        String[] numbers = {"1e999999", "-1e309", "1" + "0".repeat(19 + random.nextInt(150)), "-" + "9".repeat(20 + random.nextInt(50)),
                "1" + "0".repeat(300), "NaN", "Infinity", "0x10", "01", "1.", ".5", "+1"};
        String number = numbers[random.nextInt(numbers.length)];
        return attempt("number", "POST", "/events", JSON_API, event("numbers").jsonWithRaw("payload", "{\"n\":" + number + "}"));
    }

    private Attempt brokenBatch() {
        String[] documents = {"{\"atomic:operations\":[]}", "{\"atomic:operations\":{}}", "{\"atomic:operations\":[{\"op\":\"merge\"}]}",
                "{\"atomic:operations\":[{\"op\":\"add\"}]}", "{\"atomic:operations\":[{\"op\":\"remove\",\"ref\":{\"type\":\"event\"}}]}",
                "{\"atomic:operations\":[{\"op\":\"add\",\"data\":{\"type\":\"event\",\"attributes\":{\"name\":\"ok\"}}},{\"op\":\"remove\",\"ref\":{\"type\":\"event\",\"id\":\"1\"}}]}",
                "{\"atomic:operations\":[{\"op\":\"update\",\"ref\":{\"type\":\"event\",\"id\":\"" + ids.get(0) + "\",\"relationship\":\"nope\"},\"data\":null}]}",
                "{\"data\":{\"type\":\"event\"}}", "[]", "{\"atomic:operations\":[{\"op\":\"add\",\"data\":{\"type\":\"event\",\"lid\":\"x\",\"attributes\":{\"name\":\"a\"}}},"
                + "{\"op\":\"add\",\"data\":{\"type\":\"event\",\"lid\":\"x\",\"attributes\":{\"name\":\"b\"}}}]}"};
        return attempt("batch", "POST", "/operations", AtomicBatch.MEDIA_TYPE, documents[random.nextInt(documents.length)]);
    }

    // ---- parameters that cannot be valid ----

    private Attempt randomParameters() {
        String[][] invalid = {
                {"page[size]", "0"}, {"page[size]", "-1"}, {"page[size]", "1001"}, {"page[size]", "ten"}, {"page[size]", "99999999999999999999"},
                {"sort", "name"}, {"sort", "-eventAt,-eventAt"}, {"sort", "+payload"}, {"filter[eventAt]", "yesterday..today"},
                {"filter[eventAt]", "2026-01-02T00:00:00Z..2026-01-01T00:00:00Z"}, {"filter[id]", "abc"}, {"filter[nope]", "1"},
                {"filter[prospect][name]", "x"}, {"page[after]", randomWord(1 + random.nextInt(60))}, {"page[before]", randomWord(20)},
                {"page[number]", "2"}, {"page[totals]", "maybe"}, {"fields[event]", "secret"}, {"fields[other]", "name"},
                {"include", "everything"}, {"filter[eventAt][gte]", "not-a-time"}, {"filter[prospect][id]", ",".repeat(3)}};
        Map<String, String> parameters = new LinkedHashMap<>();
        String[] chosen = invalid[random.nextInt(invalid.length)];
        parameters.put(chosen[0], chosen[1]);
        if (random.nextBoolean()) {
            parameters.put("z" + randomWord(1 + random.nextInt(12)), randomWord(random.nextInt(30))); // never a known parameter
        }
        String path = random.nextInt(4) == 0 ? "/events/" + ids.get(0) : "/events";
        if (path.startsWith("/events/")) {
            parameters.remove("fields[event]"); // the one parameter an item takes
            parameters.putIfAbsent("filter[name]", "x");
        }
        Map<String, String> headers = Map.of("Accept", JSON_API);
        return new Attempt("params", "GET", Links.withQuery(path, parameters), headers, null);
    }

    private String randomWord(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~[]{}!$'()*+,;=:@/?é€😀";
        StringBuilder word = new StringBuilder();
        while (word.length() < length) {
            word.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
        }
        return word.toString();
    }

    // ---- headers that cannot be valid ----

    private Attempt brokenContentType() {
        String[] types = {"text/plain", "application/json", "application/vnd.api+json; charset=utf-8", "application/vnd.api+json; ext=\"urn:x\"",
                "application/vnd.api+json; foo=bar", "*/*", "garbage", "application/vnd.api+jsonx", ""};
        Attempt base = validWrite();
        Map<String, String> headers = new LinkedHashMap<>(base.headers());
        String type = types[random.nextInt(types.length)];
        if (type.isEmpty()) {
            headers.remove("Content-Type");
        } else {
            headers.put("Content-Type", type);
        }
        if (base.path().equals("/operations") && type.equals("application/vnd.api+json; ext=\"urn:x\"")) {
            headers.put("Content-Type", "application/vnd.api+json; ext=\"urn:x\"");
        }
        return new Attempt("content-type", base.method(), base.path(), headers, base.body());
    }

    private Attempt brokenAccept() {
        String[] accepts = {"text/html", "application/json", "application/vnd.api+json; charset=utf-8", "application/vnd.api+json; foo=bar",
                "application/vnd.api+json; ext=\"urn:unknown\"", "image/png, text/html;q=0.9"};
        Attempt base = random.nextBoolean() ? validWrite() : new Attempt("base", "GET", "/events", Map.of(), null);
        Map<String, String> headers = new LinkedHashMap<>(base.headers());
        headers.put("Accept", accepts[random.nextInt(accepts.length)]);
        return new Attempt("accept", base.method(), base.path(), headers, base.body());
    }

    private Attempt brokenAuthorization() {
        String[] values = {"Bearer", "Bearer ", "Bearer " + randomWord(43).replaceAll("[^A-Za-z0-9]", "a"), "Basic Zm9vOmJhcg==",
                "bearer evs_", "Bearer evs_" + "A".repeat(43), "Bearer evs_" + "A".repeat(44), "Token abc", "Bearer a b c"};
        Attempt base = random.nextBoolean() ? validWrite() : new Attempt("base", "DELETE", "/events/" + ids.get(random.nextInt(ids.size())), Map.of(), null);
        Map<String, String> headers = new LinkedHashMap<>(base.headers());
        headers.put("Authorization", values[random.nextInt(values.length)]);
        return new Attempt("authorization", base.method(), base.path(), headers, base.body());
    }

    private Attempt brokenIdempotencyKey() {
        String[] keys = {"k".repeat(256 + random.nextInt(500)), "with space", "tab\tkey", "in\tside", "a b"};
        Attempt base = validWrite();
        if (base.method().equals("PATCH")) {
            base = attempt("base", "POST", "/events", JSON_API, event("keyed").json());
        }
        Map<String, String> headers = new LinkedHashMap<>(base.headers());
        headers.put("Idempotency-Key", keys[random.nextInt(keys.length)]);
        return new Attempt("idempotency-key", base.method(), base.path(), headers, base.body());
    }
}
