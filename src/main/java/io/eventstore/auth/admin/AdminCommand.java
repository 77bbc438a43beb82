package io.eventstore.auth.admin;

import io.eventstore.auth.ApiToken;
import io.eventstore.auth.ApiTokens;
import io.eventstore.auth.Org;
import io.eventstore.auth.OrgRepository;
import io.eventstore.auth.Scope;
import io.eventstore.db.DatabaseConfigurer;
import io.eventstore.db.EmbeddedMariaDb;
import io.eventstore.ids.IdGenerator;
import io.eventstore.time.ServiceClock;
import io.micronaut.context.ApplicationContext;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code java -jar event-store.jar admin <command>}: orgs and tokens, against the database the
 * service is configured with ({@code DATASOURCES_DEFAULT_URL}, or the embedded one, whether the
 * service is running or not). A minted token is the only thing written to standard output, so
 * {@code TOKEN=$(java -jar ... admin token create ...)} works; everything else goes to stderr.
 */
public final class AdminCommand {

    static final String USAGE = """
            usage: java -jar event-store.jar admin <command>
              org create <name>                       create an org, print its id
              org list                                list orgs
              token create --org <id|name> --scopes <s1,s2> [--name <text>]
                           [--expires-in <90d|12h|30m>] [--rate-limit <requests per period>]
                                                      mint a token and print it (shown only this once)
              token list --org <id|name>              list an org's tokens (never the tokens themselves)
              token revoke --org <id|name> <token-id> revoke a token
              export --org <id|name> [--format ndjson|csv] [--query '<listing parameters>']
                                                      write the org's events to standard output
            scopes: events.read, events.write, events.delete, events.all""";

    /** DATETIME ends at 9999; no token needs to live longer than this. */
    private static final Duration MAX_EXPIRY = Duration.ofDays(3650);

    private final ApiTokens tokens;
    private final OrgRepository orgs;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    public AdminCommand(ApiTokens tokens, OrgRepository orgs, Clock clock, PrintStream out, PrintStream err) {
        this.tokens = tokens;
        this.orgs = orgs;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** The command over one plain JDBC connection (the path of a reachable database). */
    static AdminCommand overJdbc(Connection connection, Clock clock, PrintStream out, PrintStream err) {
        JdbcRepositories repositories = new JdbcRepositories(connection);
        ApiTokens tokens = new ApiTokens(repositories.tokens(), repositories.orgs(), new IdGenerator(-1, clock), clock);
        return new AdminCommand(tokens, repositories.orgs(), clock, out, err);
    }

    /** The command on an application context's beans (the path that starts the embedded server). */
    public static AdminCommand of(ApplicationContext context, PrintStream out, PrintStream err) {
        return new AdminCommand(context.getBean(ApiTokens.class), context.getBean(OrgRepository.class),
                context.getBean(Clock.class), out, err);
    }

    /**
     * Runs one command and answers the process exit code. The arguments are checked first, so bad
     * usage is answered at once. A configured database, or the embedded server a running service
     * started, is used over one plain JDBC connection (about a second); only when the embedded
     * server must be started does an application context start, which brings the embedded
     * database's schema up to date as the service would. A database that cannot be used is one line on stderr and exit code 1, never a
     * stack trace.
     */
    public static int main(String[] args) {
        System.setProperty("eventstore.log.target", "System.err");
        System.setProperty("eventstore.log.level", "OFF"); // what libraries log is not the answer; failures are reported below
        System.setProperty(EmbeddedMariaDb.ATTACH_PROPERTY, "true"); // use the running service's embedded database
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.err.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        PrintStream err = System.err;
        Arguments arguments;
        try {
            arguments = Arguments.parse(List.of(args));
            check(arguments);
        } catch (IllegalArgumentException e) {
            err.println("admin: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Optional<DatabaseConfigurer.Target> reachable = DatabaseConfigurer.configuredOrRunning();
        if (reachable.isPresent()) {
            DatabaseConfigurer.Target target = reachable.get();
            try (Connection connection = DriverManager.getConnection(target.url(), target.user(), target.password())) {
                return overJdbc(connection, ServiceClock.system(), System.out, err).run(List.of(args));
            } catch (SQLException | RuntimeException e) {
                err.println("admin: cannot use the database: " + rootMessage(e));
                return 1;
            }
        }
        // only the embedded database comes here (nothing reachable to attach to): its schema is made
        // current as the service would make it, so that a first command before any start works too
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .properties(Map.of("event-store.migrations.mode", "on-start")).start()) {
            return of(context, System.out, err).run(List.of(args));
        } catch (RuntimeException e) {
            err.println("admin: cannot use the database: " + rootMessage(e));
            return 1;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** Every check that needs no database: the command, its arguments and their values. */
    static void check(Arguments arguments) {
        String command = String.join(" ", arguments.positional().subList(0, Math.min(2, arguments.positional().size())));
        switch (command) {
            case "org create" -> orgName(arguments.positional(2));
            case "org list" -> { }
            case "token create" -> {
                arguments.required("org");
                Scope.parseList(arguments.required("scopes"));
                arguments.option("expires-in").ifPresent(AdminCommand::duration);
                arguments.option("rate-limit").ifPresent(AdminCommand::positiveInt);
            }
            case "token list" -> arguments.required("org");
            case "token revoke" -> {
                arguments.required("org");
                tokenId(arguments.positional(2));
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
    }

    private static String orgName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("an org name is 1-100 letters, digits, '.', '_' or '-'");
        }
        return name;
    }

    private static long tokenId(String text) {
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("a token id is a number (admin token list shows them)");
        }
        return Long.parseLong(text);
    }

    /** Exit codes: 0 done, 1 refused (no such org or token), 2 bad usage. */
    public int run(List<String> args) {
        try {
            Arguments arguments = Arguments.parse(args);
            check(arguments);
            String command = String.join(" ", arguments.positional().subList(0, Math.min(2, arguments.positional().size())));
            return switch (command) {
                case "org create" -> createOrg(arguments.positional(2));
                case "org list" -> listOrgs();
                case "token create" -> createToken(arguments);
                case "token list" -> listTokens(arguments);
                case "token revoke" -> revokeToken(arguments);
                default -> usage("unknown command '" + command + "'");
            };
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
    }

    private int createOrg(String name) {
        if (orgs.findByName(name).isPresent()) {
            err.println("org '" + name + "' exists already");
            return 1;
        }
        orgs.insertNext(name, now());
        Org org = orgs.findByName(name).orElseThrow();
        out.println(org.orgId());
        err.println("created org " + org.orgId() + " '" + org.name() + "'");
        return 0;
    }

    private int listOrgs() {
        out.printf("%-8s %-30s %s%n", "ID", "NAME", "CREATED");
        for (Org org : orgs.list()) {
            out.printf("%-8d %-30s %s%n", org.orgId(), org.name(), org.createdAt());
        }
        return 0;
    }

    private int createToken(Arguments arguments) {
        Optional<Org> org = org(arguments);
        if (org.isEmpty()) {
            return 1;
        }
        var scopes = Scope.parseList(arguments.required("scopes"));
        String name = arguments.option("name").orElse("token");
        Instant expiresAt = arguments.option("expires-in").map(AdminCommand::duration).map(now()::plus).orElse(null);
        Integer rateLimit = arguments.option("rate-limit").map(AdminCommand::positiveInt).orElse(null);
        ApiTokens.Minted minted = tokens.mint(org.get().orgId(), name, scopes, expiresAt, rateLimit);
        out.println(minted.secret());
        err.println("token " + minted.token().id() + " for org " + org.get().orgId() + " '" + org.get().name()
                + "' with scopes " + minted.token().scopes() + (expiresAt == null ? "" : ", expires " + expiresAt)
                + ": it is shown only this once, keep it now");
        return 0;
    }

    private int listTokens(Arguments arguments) {
        Optional<Org> org = org(arguments);
        if (org.isEmpty()) {
            return 1;
        }
        Instant now = now();
        out.printf("%-20s %-11s %-8s %-20s %-45s %-11s %-28s %s%n",
                "ID", "PREFIX", "STATE", "NAME", "SCOPES", "RATE-LIMIT", "CREATED", "EXPIRES");
        for (ApiToken token : tokens.list(org.get().orgId())) {
            out.printf("%-20d %-11s %-8s %-20s %-45s %-11s %-28s %s%n", token.id(), token.prefix() + "…", token.state(now),
                    token.name(), token.scopes(), token.rateLimit() == null ? "default" : token.rateLimit(),
                    token.createdAt(), token.expiresAt() == null ? "never" : token.expiresAt());
        }
        return 0;
    }

    private int revokeToken(Arguments arguments) {
        Optional<Org> org = org(arguments);
        if (org.isEmpty()) {
            return 1;
        }
        long id = tokenId(arguments.positional(2));
        if (!tokens.revoke(org.get().orgId(), id)) {
            err.println("org " + org.get().orgId() + " has no active token " + id);
            return 1;
        }
        err.println("revoked token " + id + " of org " + org.get().orgId());
        return 0;
    }

    private Optional<Org> org(Arguments arguments) {
        String wanted = arguments.required("org");
        Optional<Org> org = wanted.matches("\\d{1,18}") ? orgs.findById(Long.parseLong(wanted)) : orgs.findByName(wanted);
        if (org.isEmpty()) {
            err.println("there is no org '" + wanted + "' (admin org list shows them)");
        }
        return org;
    }

    private Instant now() {
        return clock.instant(); // the service's clock, as token expiry goes by it
    }

    private int usage(String problem) {
        err.println("admin: " + problem);
        err.println(USAGE);
        return 2;
    }

    static Duration duration(String text) {
        try {
            Duration duration = text.toUpperCase(Locale.ROOT).startsWith("P") ? Duration.parse(text) : suffixed(text);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_EXPIRY) > 0) {
                throw new IllegalArgumentException();
            }
            return duration;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--expires-in takes a positive duration of at most 3650 days, such as 90d,"
                    + " 12h, 30m or PT1H");
        }
    }

    private static Duration suffixed(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 'd' -> Duration.ofDays(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 's' -> Duration.ofSeconds(amount);
            default -> throw new IllegalArgumentException();
        };
    }

    private static int positiveInt(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("--rate-limit takes a whole number of requests per period, at least 1");
    }

    /** Positional words and {@code --name value} options. */
    record Arguments(List<String> positional, Map<String, String> options) {

        static Arguments parse(List<String> args) {
            List<String> positional = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("--")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    options.put(arg.substring(2), args.get(++i));
                } else {
                    positional.add(arg);
                }
            }
            return new Arguments(positional, options);
        }

        String positional(int index) {
            if (index >= positional.size()) {
                throw new IllegalArgumentException("missing argument");
            }
            return positional.get(index);
        }

        Optional<String> option(String name) {
            return Optional.ofNullable(options.get(name));
        }

        String required(String name) {
            return option(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
        }
    }
}
