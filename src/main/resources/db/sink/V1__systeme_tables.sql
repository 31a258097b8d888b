-- Tables of the default SQL flows (routes/flows/events-to-sql and sales-to-sql).
-- Times are UTC. Column types that differ between databases are placeholders filled in by SqlDialect.
CREATE TABLE systeme_events (
    event_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    type          VARCHAR(255) NOT NULL,
    occurred_at   ${timestamp},
    contact_id    BIGINT,
    contact_email VARCHAR(320),
    account_email VARCHAR(320),
    raw_json      ${text}      NOT NULL
) ${table_options};

CREATE TABLE systeme_sales (
    event_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    order_id     BIGINT,
    customer_id  BIGINT,
    email        VARCHAR(320),
    first_name   VARCHAR(255),
    surname      VARCHAR(255),
    country      VARCHAR(64),
    offer_name   VARCHAR(500),
    amount_cents BIGINT,
    currency     VARCHAR(16),
    funnel_name  VARCHAR(500),
    created_at   ${timestamp}
) ${table_options};
