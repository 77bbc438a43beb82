package io.eventstore;

import io.eventstore.api.ExportCommand;
import io.eventstore.auth.admin.AdminCommand;
import io.eventstore.db.DatabaseConfigurer;
import io.eventstore.db.EmbeddedMariaDb;
import io.eventstore.db.MigrateCommand;
import io.micronaut.runtime.Micronaut;

import java.util.Arrays;

/**
 * {@code java -jar event-store.jar} starts the service; {@code java -jar event-store.jar admin ...}
 * administers orgs and tokens against the same configured database (see {@link AdminCommand});
 * {@code java -jar event-store.jar migrate} brings its schema up to date (see {@link MigrateCommand}).
 * SIGTERM shuts the service down gracefully (requests in flight finish, then the pool and the
 * embedded database close) and exits 0.
 */
public class Application {
    public static void main(String[] args) {
        if (args.length > 1 && args[0].equals("admin") && args[1].equals("export")) {
            System.exit(ExportCommand.main(Arrays.asList(args).subList(2, args.length), System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        try {
            DatabaseConfigurer.refuseEmbeddedInProduction();
            Micronaut.run(Application.class, args);
        } catch (RuntimeException e) {
            Throwable refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            System.err.println("event-store: " + refusal.getMessage());
            System.exit(1);
        }
        EmbeddedMariaDb.outliveApplications();
        TermSignal.exitZero();
    }

    /** A start refused for a reason one line says (another service on the same embedded database, no database in production). */
    private static Throwable refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EmbeddedMariaDb.AlreadyRunning || cause instanceof DatabaseConfigurer.NoDatabaseConfigured) {
                return cause;
            }
        }
        return null;
    }
}
