-- Payments reference orders; PostgreSQL does not index a foreign key by itself.
CREATE TABLE payments (
  id           uuid PRIMARY KEY,
  order_id     bigint NOT NULL REFERENCES orders (id),
  provider_ref text,
  amount_cents integer NOT NULL,
  captured_at  timestamptz
);
ALTER TABLE payments RENAME COLUMN provider_ref TO external_ref;
CREATE INDEX payments_external_ref_idx ON payments (external_ref);
CREATE INDEX payments_captured_at_idx ON payments (captured_at);
DROP INDEX payments_captured_at_idx;
