CREATE TABLE shipments (
  id            serial PRIMARY KEY,
  order_id      bigint NOT NULL,
  carrier       text NOT NULL,
  tracking_code text,
  shipped_at    timestamptz
);
CREATE INDEX shipments_order_id_idx ON shipments (order_id);
CREATE INDEX shipments_carrier_tracking_idx ON shipments (carrier, tracking_code);
ALTER TABLE shipments ADD COLUMN delivered_at timestamptz;
