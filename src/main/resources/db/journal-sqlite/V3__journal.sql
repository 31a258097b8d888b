-- The journal on SQLite: the schema that db/journal/V1 to V3 build on the other databases, in one
-- script, because an identity column on SQLite must be spelled INTEGER PRIMARY KEY (the rowid).
-- Later versions are the same scripts as for the other databases.
CREATE TABLE hookbridge_event (
    id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    source         VARCHAR(64)   NOT NULL,
    type           VARCHAR(255)  NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    received_at_ms BIGINT        NOT NULL,
    remote_address VARCHAR(64),
    headers        VARCHAR(4000),
    dedupe_key     BLOB          NOT NULL,
    body           BLOB          NOT NULL,
    CONSTRAINT hookbridge_event_dedupe UNIQUE (dedupe_key)
);
CREATE INDEX hookbridge_event_received ON hookbridge_event (received_at_ms);

CREATE TABLE hookbridge_delivery (
    id                 INTEGER PRIMARY KEY,
    event_id           VARCHAR(36)   NOT NULL,
    flow               VARCHAR(128)  NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    attempts           INT           NOT NULL,
    next_attempt_at_ms BIGINT        NOT NULL,
    last_error         VARCHAR(2000),
    updated_at_ms      BIGINT        NOT NULL,
    claimed_by         VARCHAR(100),
    lease_until_ms     BIGINT,
    CONSTRAINT hookbridge_delivery_event_flow UNIQUE (event_id, flow),
    CONSTRAINT hookbridge_delivery_event FOREIGN KEY (event_id) REFERENCES hookbridge_event (id) ON DELETE CASCADE
);
CREATE INDEX hookbridge_delivery_due ON hookbridge_delivery (status, next_attempt_at_ms);
CREATE INDEX hookbridge_delivery_by_flow ON hookbridge_delivery (flow, status);

CREATE TABLE hookbridge_attempt (
    id             INTEGER PRIMARY KEY,
    delivery_id    BIGINT        NOT NULL,
    attempt        INT           NOT NULL,
    started_at_ms  BIGINT        NOT NULL,
    finished_at_ms BIGINT        NOT NULL,
    outcome        VARCHAR(16)   NOT NULL,
    error          VARCHAR(2000),
    instance       VARCHAR(100)  NOT NULL,
    CONSTRAINT hookbridge_attempt_delivery FOREIGN KEY (delivery_id) REFERENCES hookbridge_delivery (id) ON DELETE CASCADE
);
CREATE INDEX hookbridge_attempt_by_delivery ON hookbridge_attempt (delivery_id);

CREATE TABLE hookbridge_writer_lease (
    name           VARCHAR(128)  NOT NULL PRIMARY KEY,
    holder         VARCHAR(100)  NOT NULL,
    lease_until_ms BIGINT        NOT NULL
);
