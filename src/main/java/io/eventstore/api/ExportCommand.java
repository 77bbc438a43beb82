package io.eventstore.api;

import io.eventstore.analytics.Exports;
import io.eventstore.auth.Caller;
import io.eventstore.auth.Org;
import io.eventstore.auth.OrgRepository;
import io.eventstore.auth.Scope;
import io.eventstore.crnk.QueryGrammar;
import io.eventstore.db.EmbeddedMariaDb;
import io.eventstore.error.ApiException;
import io.eventstore.event.Event;
import io.eventstore.event.query.CursorCodec;
import io.micronaut.context.ApplicationContext;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code java -jar event-store.jar admin export --org <id|name> [--format ndjson|csv] [--query <listing
 * parameters>]}: an org's events written to standard output as {@code GET /exports/events} writes
 * them (the same grammar, chunks and writers, run here in one process against the configured or the
 * running service's database), with a progress bar on standard error. For operators without an
 * HTTP client; the file is the same bytes an export over HTTP would give.
 */
public final class ExportCommand {

    static final String USAGE = """
            usage: java -jar event-store.jar admin export --org <id|name> [--format ndjson|csv]
                        [--query '<filter[...]=...&sort=...&fields[event]=...&page[after]=...>'] [--base-url <url>]
              writes the org's events (those the listing's parameters select) to standard output""";

    private ExportCommand() {
    }

    /** The options of one run, checked before any database is touched. */
    private record Options(String org, ExportStream.Format format, Map<String, List<String>> parameters, String baseUrl) {

        static Options parse(List<String> args) {
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!List.of("--org", "--format", "--query", "--base-url").contains(arg) || i + 1 >= args.size()) {
                    throw new IllegalArgumentException("unexpected '" + arg + "'");
                }
                options.put(arg.substring(2), args.get(++i));
            }
            String format = options.getOrDefault("format", "ndjson");
            if (!options.containsKey("org")) {
                throw new IllegalArgumentException("--org is required");
            }
            if (!List.of("ndjson", "csv").contains(format)) {
                throw new IllegalArgumentException("--format is ndjson or csv");
            }
            return new Options(options.get("org"), format.equals("csv") ? ExportStream.Format.CSV : ExportStream.Format.NDJSON,
                    ExportCommand.query(options.getOrDefault("query", "")), options.getOrDefault("base-url", "http://localhost:8080"));
        }
    }

    /**
     * The command as the jar runs it: the arguments checked at once, then an application context on
     * the configured database, or the running service's embedded one (started if none runs).
     */
    public static int main(List<String> args, OutputStream stdout, PrintStream err) {
        try {
            Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("admin export: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        System.setProperty("eventstore.log.target", "System.err");
        System.setProperty("eventstore.log.level", "OFF");
        System.setProperty(EmbeddedMariaDb.ATTACH_PROPERTY, "true"); // the running service's embedded database, if any
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("event-store.migrations.mode", "on-start")).start()) {
            return run(context, args, stdout, err);
        } catch (RuntimeException e) {
            err.println("admin export: cannot use the database: " + e);
            return 1;
        }
    }

    /** One export on an application context's beans; answers the exit code (2: bad usage, 1: the database failed). */
    public static int run(ApplicationContext context, List<String> args, OutputStream stdout, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("admin export: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Optional<Org> org = org(context.getBean(OrgRepository.class), options.org());
            if (org.isEmpty()) {
                err.println("admin export: no org " + options.org());
                return 2;
            }
            Caller caller = new Caller(org.get().orgId(), 0, EnumSet.of(Scope.READ), null, null);
            return export(context, caller, options.parameters(), options.format(), options.baseUrl(), stdout, err);
        } catch (ApiException refused) {
            err.println("admin export: " + refused.getMessage()
                    + (refused.source().parameter() == null ? "" : " (" + refused.source().parameter() + ")"));
            return 2;
        } catch (RuntimeException e) {
            err.println("admin export: failed: " + e);
            return 1;
        }
    }

    private static Optional<Org> org(OrgRepository orgs, String given) {
        if (given.matches("\\d{1,18}")) {
            return orgs.findById(Long.parseLong(given));
        }
        return orgs.findByName(given);
    }

    private static int export(ApplicationContext context, Caller caller, Map<String, List<String>> parameters,
                              ExportStream.Format format, String baseUrl, OutputStream stdout, PrintStream err) {
        QueryGrammar.Listing listing = context.getBean(QueryGrammar.class).export(parameters);
        Exports exports = context.getBean(Exports.class);
        long total = exports.count(caller, listing.query());
        Progress progress = new Progress(total, err);
        Exports.Permit permit = exports.open(caller, listing.query());
        List<Event> first = exports.chunk(caller, listing.query(), listing.query().page().after());
        ExportStream stream = new ExportStream(exports, caller, listing.query(), format, listing.fields(), baseUrl,
                context.getBean(CursorCodec.class), permit, Runnable::run, new RequestId("admin-" + UUID.randomUUID()), first);
        OutputStream out = new BufferedOutputStream(stdout, 1 << 16);
        CompletableFuture<Void> finished = new CompletableFuture<>();
        // one chunk asked for at a time, as a connection would: the next is read when this one is written
        stream.subscribe(new Subscriber<>() {
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(byte[] piece) {
                try {
                    out.write(piece);
                } catch (IOException e) {
                    subscription.cancel();
                    finished.completeExceptionally(new UncheckedIOException(e));
                    return;
                }
                progress.written(stream.exported());
                subscription.request(1);
            }

            @Override
            public void onError(Throwable error) {
                finished.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                finished.complete(null);
            }
        });
        try {
            finished.join();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.done(stream.exported());
        return 0;
    }

    /** {@code a=b&c=d} (percent-encoded or not), each name once. */
    static Map<String, List<String>> query(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (query.isBlank()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (parameters.put(name, List.of(value)) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        return parameters;
    }

    /** A bar on standard error, redrawn at most ten times a second. */
    private static final class Progress {
        private final long total;
        private final PrintStream err;
        private final long started = System.nanoTime();
        private long drawn;

        Progress(long total, PrintStream err) {
            this.total = total;
            this.err = err;
        }

        void written(long exported) {
            long now = System.nanoTime();
            if (now - drawn > 100_000_000L) {
                drawn = now;
                draw(exported, "\r");
            }
        }

        void done(long exported) {
            draw(exported, "\r");
            err.println();
        }

        private void draw(long exported, String start) {
            int width = 30;
            int filled = total == 0 ? width : (int) Math.min(width, width * exported / total);
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            err.printf("%s[%s%s] %3d%% %,d / %,d events, %,.0f/s", start, "#".repeat(filled), " ".repeat(width - filled),
                    total == 0 ? 100 : Math.min(100, 100 * exported / total), exported, total, exported / seconds);
            err.flush();
        }
    }
}
