-- The bundled example: a small shop, modelled on the agent definition's examples.
-- Used by `make run`, the golden tests and the benchmarks.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE users (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email       varchar(255) NOT NULL,
    name        varchar(255) NOT NULL,
    status      varchar(20) NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'inactive', 'banned')),
    profile     jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_email_unique UNIQUE (email)
);

CREATE TABLE teams (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_teams (
    user_id     bigint NOT NULL REFERENCES users (id),
    team_id     bigint NOT NULL REFERENCES teams (id),
    role        text NOT NULL DEFAULT 'member',
    PRIMARY KEY (user_id, team_id)
);

CREATE TABLE products (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku         text NOT NULL UNIQUE,
    name        text NOT NULL,
    description text,
    price       numeric(12,2) NOT NULL,
    category    text,
    attributes  jsonb NOT NULL DEFAULT '{}',
    active      boolean NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id),
    status      order_status NOT NULL DEFAULT 'pending',
    total       numeric(12,2) NOT NULL,
    coupon_code text,
    note        text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    shipped_at  timestamptz
);

CREATE TABLE order_items (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id    bigint NOT NULL REFERENCES orders (id),
    product_id  bigint NOT NULL REFERENCES products (id),
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(12,2) NOT NULL
);

CREATE INDEX idx_orders_created_at ON orders (created_at);
CREATE INDEX idx_order_items_order_id ON order_items (order_id);
CREATE INDEX idx_products_name_pattern ON products (name text_pattern_ops);
