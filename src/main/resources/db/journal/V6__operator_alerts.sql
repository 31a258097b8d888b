-- Alerts for the operator (hookbridge.operator.*). One row per fact: a delivery went dead, a flow
-- paused or delivers again, no webhook for the quiet period and webhooks again, little disk
-- left, the daily summary. They go out in digests, one per kind and channel: mailed_at_ms and
-- posted_at_ms are when the digest that carried the row was sent by email and to the operator's
-- webhook (0: that channel was off), NULL while it waits. details is a JSON object.
CREATE TABLE hookbridge_alert (
    id            BIGINT ${identity} PRIMARY KEY,
    kind          VARCHAR(32)   NOT NULL,
    alert_key     VARCHAR(255)  NOT NULL,
    details       ${text}       NOT NULL,
    created_at_ms BIGINT        NOT NULL,
    mailed_at_ms  BIGINT,
    posted_at_ms  BIGINT
) ${table_options};
CREATE INDEX hookbridge_alert_to_mail ON hookbridge_alert (mailed_at_ms, kind);
CREATE INDEX hookbridge_alert_to_post ON hookbridge_alert (posted_at_ms, kind);
CREATE INDEX hookbridge_alert_created ON hookbridge_alert (created_at_ms);

-- The digests of each kind on each channel (email, webhook): when the last went out, and while
-- one fails, its failed attempts, when it is tried again and the error.
CREATE TABLE hookbridge_alert_digest (
    kind               VARCHAR(32)   NOT NULL,
    channel            VARCHAR(16)   NOT NULL,
    sent_at_ms         BIGINT,
    attempts           INT           NOT NULL,
    next_attempt_at_ms BIGINT        NOT NULL,
    last_error         VARCHAR(2000),
    last_error_at_ms   BIGINT,
    PRIMARY KEY (kind, channel)
) ${table_options};

-- What the alerts remember between checks and across restarts: conditions the operator was told
-- of and not yet told are over (quiet, disk-low, flow-paused:<flow>), since when the bridge
-- watches for webhooks (quiet-watch) and the last daily summary (daily-summary). mark_ms: the
-- newest webhook when quiet began; the time of the last daily summary.
CREATE TABLE hookbridge_alert_state (
    name           VARCHAR(255)  NOT NULL PRIMARY KEY,
    since_ms       BIGINT        NOT NULL,
    mark_ms        BIGINT
) ${table_options};
