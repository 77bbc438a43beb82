-- The change feed (docs/adr/0008-change-feed.md). Every create, update and delete of an event writes
-- one row here in the transaction of the change itself, with the event as it was stored (for a
-- delete: as it was last). The row has no position yet (0): positions are given after commit, in
-- increasing order per org, by the sequencer (feed/Sequencer), whose transactions lock the org's row
-- of event_feed and therefore commit one after another. A reader that follows positions never
-- misses a change however the writing transactions interleave: a change gets its position only
-- once it is committed, and a later position is committed after every earlier one.
--
-- The event's columns repeat the event table's (feed/store/ChangeStore binds and reads them with
-- the same field table); the feed is kept for event-store.feed.retention (7 days by default).
CREATE TABLE event_change (
    org_id          BIGINT        NOT NULL,
    change_id       BIGINT        NOT NULL,
    -- 0 until the sequencer positions it; NOT NULL so that positioning updates the row in place
    feed_position   BIGINT        NOT NULL DEFAULT 0,
    kind            TINYINT       NOT NULL,
    -- the change's time on the event's own clock: createdAt, the new updatedAt, or for a delete a
    -- microsecond past the last updatedAt at least. It grows with every change of one event, so
    -- ordering unsequenced changes by it never puts a later change of an event before an earlier one.
    changed_at      DATETIME(6)   NOT NULL,
    id              BIGINT        NOT NULL,
    name            VARCHAR(255)  NOT NULL,
    event_at        DATETIME(6)   NOT NULL,
    created_at      DATETIME(6)   NOT NULL,
    updated_at      DATETIME(6)   NOT NULL,
    body            MEDIUMTEXT    NULL,
    external_url    VARCHAR(2048) NULL,
    payload         JSON          NULL,
    request_city    VARCHAR(255)  NULL,
    request_device  VARCHAR(255)  NULL,
    request_host    VARCHAR(255)  NULL,
    request_proxied BOOLEAN       NULL,
    request_region  VARCHAR(255)  NULL,
    account_id      VARCHAR(64)   NULL,
    call_id         VARCHAR(64)   NULL,
    mailing_id      VARCHAR(64)   NULL,
    opportunity_id  VARCHAR(64)   NULL,
    prospect_id     VARCHAR(64)   NULL,
    task_id         VARCHAR(64)   NULL,
    user_id         VARCHAR(64)   NULL,
    PRIMARY KEY (org_id, change_id) /*T![clustered_index] NONCLUSTERED */,
    -- readers: the org's changes after a position (unique but for the unsequenced 0s: the
    -- sequencer gives each position once, under the org's event_feed lock)
    KEY event_change_by_position (org_id, feed_position),
    -- the sequencer: unsequenced changes in the order it gives them positions
    KEY event_change_unsequenced (feed_position, org_id, changed_at, change_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per org that has a feed: the newest position given, and how far retention has deleted.
CREATE TABLE event_feed (
    org_id        BIGINT NOT NULL,
    last_position BIGINT NOT NULL,
    swept_through BIGINT NOT NULL,
    PRIMARY KEY (org_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
