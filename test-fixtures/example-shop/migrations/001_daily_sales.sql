-- Reporting table written by the nightly job through pg; the Prisma models do not manage it.
CREATE TABLE daily_sales (
  day           date NOT NULL,
  product_id    integer NOT NULL REFERENCES products (id),
  units         integer NOT NULL,
  revenue_cents bigint NOT NULL,
  PRIMARY KEY (day, product_id)
);
