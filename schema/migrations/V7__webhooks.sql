-- Webhooks (docs/adr/0009-webhooks.md): a client's receivers of its org's change feed, and the
-- deliveries of changes to them. A hook's feed_position says how far the org's feed has been turned
-- into its deliveries; the enqueuer advances it in the transaction that inserts them, with the
-- hook's row locked, and the unique key makes a change one delivery per hook whatever happens.
CREATE TABLE webhook (
    org_id                  BIGINT         NOT NULL,
    webhook_id              BIGINT         NOT NULL,
    url                     VARCHAR(2048)  NOT NULL,
    -- the listing's filter parameters as a JSON object ({} for every change)
    filter_parameters       TEXT           NOT NULL,
    active                  BOOLEAN        NOT NULL,
    -- why the service turned it off (its deliveries all failed for event-store.webhooks.disable-after)
    disabled_reason         VARCHAR(512)   NULL,
    -- the base of the links in its deliveries' documents: the public base of the request that made it
    base_url                VARCHAR(512)   NOT NULL,
    feed_position           BIGINT         NOT NULL,
    -- since when every attempt has failed (null after a success)
    failing_since           DATETIME(6)    NULL,
    -- the signing secrets, sealed (AES-256-GCM; webhook/SecretSeal); the previous one signs too until it expires
    secret                  VARBINARY(128) NOT NULL,
    previous_secret         VARBINARY(128) NULL,
    previous_secret_until   DATETIME(6)    NULL,
    created_at              DATETIME(6)    NOT NULL,
    updated_at              DATETIME(6)    NOT NULL,
    PRIMARY KEY (org_id, webhook_id) /*T![clustered_index] NONCLUSTERED */
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One change on its way to one hook. The body is written once, when the delivery is made, so
-- that every attempt posts the same bytes (and outlives the feed's retention). next_attempt_at is
-- when the delivery is due; while an attempt runs it is when the attempt's lease ends, so that a
-- delivery whose instance died is taken up again then; claim names the attempt that may record
-- its outcome. Finished deliveries keep next_attempt_at as the time they finished (for the sweep).
CREATE TABLE webhook_delivery (
    org_id            BIGINT        NOT NULL,
    delivery_id       BIGINT        NOT NULL,
    webhook_id        BIGINT        NOT NULL,
    feed_position     BIGINT        NOT NULL,
    kind              TINYINT       NOT NULL,
    event_id          BIGINT        NOT NULL,
    body              MEDIUMBLOB    NOT NULL,
    -- 1 pending, 2 succeeded, 3 failed
    state             TINYINT       NOT NULL,
    attempts          INT           NOT NULL,
    next_attempt_at   DATETIME(6)   NOT NULL,
    claim             BIGINT        NOT NULL DEFAULT 0,
    last_attempt_at   DATETIME(6)   NULL,
    last_status       INT           NULL,
    last_latency_ms   INT           NULL,
    last_error        VARCHAR(512)  NULL,
    created_at        DATETIME(6)   NOT NULL,
    PRIMARY KEY (org_id, delivery_id) /*T![clustered_index] NONCLUSTERED */,
    UNIQUE KEY webhook_delivery_once (org_id, webhook_id, feed_position),
    -- GET /webhooks/{id}/deliveries, newest first, by outcome or not
    KEY webhook_delivery_by_hook (org_id, webhook_id, delivery_id),
    KEY webhook_delivery_by_outcome (org_id, webhook_id, state, delivery_id),
    -- the deliverers: what is due; the sweep: what finished long ago
    KEY webhook_delivery_due (state, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
