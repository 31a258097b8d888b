-- Fencing of claims: every claim of a delivery increments claim_version, and a replay does too.
-- An instance renews, releases and records a delivery only while claimed_by and claim_version
-- are still the ones its claim set, so a claim that was taken over or replayed is never sent
-- or recorded by the instance that lost it.
ALTER TABLE hookbridge_delivery ADD COLUMN claim_version BIGINT DEFAULT 0 NOT NULL;
