-- The catalog of event names (docs/adr/0010-analytics.md): per org and name, how many events there
-- are, the first and last eventAt, and the payload's observed properties. It is kept by
-- catalog/CatalogUpdater from the change feed after commit (ingest writes nothing more), one
-- transaction per org and round that applies the changes after event_catalog.feed_position and
-- moves that position past them.

-- An update's change also says the name the event had before, when the update renamed it: the
-- catalog moves the event from one name to the other. Nullable, added last: instant on MySQL 8
-- and MariaDB 10.3+, and TiDB adds columns online.
ALTER TABLE event_change ADD COLUMN prior_name VARCHAR(255) NULL;

CREATE TABLE event_name (
    org_id               BIGINT       NOT NULL,
    name                 VARCHAR(255) NOT NULL,
    event_count          BIGINT       NOT NULL,
    first_event_at       DATETIME(6)  NOT NULL,
    last_event_at        DATETIME(6)  NOT NULL,
    -- more distinct properties were seen than the catalog keeps for one name
    properties_truncated BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (org_id, name) /*T![clustered_index] NONCLUSTERED */,
    -- the catalog's two other orders, each a keyset walk
    KEY event_name_by_count (org_id, event_count, name),
    KEY event_name_by_last_event_at (org_id, last_event_at, name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per name, key path of the payload and JSON type: how many of the name's events carry it.
CREATE TABLE event_name_property (
    org_id      BIGINT       NOT NULL,
    name        VARCHAR(255) NOT NULL,
    path        VARCHAR(255) NOT NULL,
    json_type   VARCHAR(8)   NOT NULL,
    event_count BIGINT       NOT NULL,
    PRIMARY KEY (org_id, name, path, json_type) /*T![clustered_index] NONCLUSTERED */
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- How far the catalog has applied each org's feed.
CREATE TABLE event_catalog (
    org_id        BIGINT NOT NULL,
    feed_position BIGINT NOT NULL,
    PRIMARY KEY (org_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The events stored before this version: counted and bounded here, in one pass over the name
-- index; the feed is applied from each org's newest position on. (Their payloads' properties are
-- not read here: SQL has no portable way to list a JSON object's key paths on MySQL, MariaDB and
-- TiDB alike; the properties are observed from the events created from now on.)
INSERT INTO event_name (org_id, name, event_count, first_event_at, last_event_at)
    SELECT org_id, name, COUNT(*), MIN(event_at), MAX(event_at) FROM event GROUP BY org_id, name;
INSERT INTO event_catalog (org_id, feed_position)
    SELECT org_id, last_position FROM event_feed;
