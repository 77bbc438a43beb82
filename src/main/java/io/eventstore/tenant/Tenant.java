package io.eventstore.tenant;

/**
 * The org a request acts in. Until authentication exists every request acts in the default org;
 * the schema and every statement already carry the org, so isolation only has to fill this in.
 */
public final class Tenant {

    public static final long DEFAULT_ORG = 1;

    private Tenant() {
    }

    public static long current() {
        return DEFAULT_ORG;
    }
}
