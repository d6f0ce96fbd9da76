-- The home-service catalogue (服务目录, modules/catalog): items grouped by the categories of
-- GB/T 43153-2023, each with its unit (per visit or per hour), standard duration, price in fen
-- and the qualification a worker needs to deliver it. Items are retired (active = 0), never
-- deleted: orders and settlements will point at them.
CREATE TABLE service_items (
  id {{id}},
  category TEXT NOT NULL CHECK (category IN ('life_care', 'basic_care', 'health', 'visiting',
                                             'comfort', 'errands', 'retrofit')),
  name TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('visit', 'hour')),
  duration_min BIGINT NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
  price_fen BIGINT NOT NULL CHECK (price_fen BETWEEN 0 AND 10000000),
  qualification TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX service_items_name ON service_items (category, name);
