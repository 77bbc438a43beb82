package io.eventstore;

import io.eventstore.auth.admin.AdminCommand;
import io.eventstore.db.MigrateCommand;
import io.micronaut.runtime.Micronaut;

import java.util.Arrays;

/**
 * {@code java -jar event-store.jar} starts the service; {@code java -jar event-store.jar admin ...}
 * administers orgs and tokens against the same configured database (see {@link AdminCommand});
 * {@code java -jar event-store.jar migrate} brings its schema up to date (see {@link MigrateCommand}).
 */
public class Application {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(AdminCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("migrate")) {
            System.exit(MigrateCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        Micronaut.run(Application.class, args);
    }
}
