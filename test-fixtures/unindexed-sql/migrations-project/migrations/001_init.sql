-- The shop's first schema.
CREATE TABLE customers (
  id         bigserial PRIMARY KEY,
  email      text NOT NULL UNIQUE,
  name       text,
  phone      text,
  country    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

CREATE TABLE orders (
  id          bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status      text NOT NULL,
  total_cents integer NOT NULL,
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_status_created_at_idx ON orders (status, created_at);

CREATE TABLE products (
  id       serial PRIMARY KEY,
  sku      text NOT NULL,
  name     text NOT NULL,
  category text,
  archived boolean NOT NULL DEFAULT false
);

CREATE TABLE order_items (
  order_id   bigint NOT NULL REFERENCES orders (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL,
  PRIMARY KEY (order_id, product_id)
);

-- Columns with a few values: an index on one of them alone rarely narrows the rows.
CREATE TYPE coupon_kind AS ENUM ('percent', 'fixed', 'shipping');
CREATE TABLE coupons (
  id         serial PRIMARY KEY,
  code       text NOT NULL,
  kind       coupon_kind NOT NULL,
  active     boolean NOT NULL DEFAULT true,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
