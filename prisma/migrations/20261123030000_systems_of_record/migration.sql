-- Systems of record: the simulated external systems (a CRM, an ERP, billing, shipping and a
-- company directory) that Steward's tools read and write. Each lives in a PostgreSQL schema of its
-- own, apart from Steward's tables in `public`, so Prisma and the schema drift check never see them;
-- tools reach them with plain SQL, as a connector to a real system would.
--
-- Keys are what the real system would hand out: UUID row ids plus natural keys (vendor and PO
-- numbers, customer numbers, email addresses, domains) under unique constraints. The seed
-- (server/systems/seed) supplies every id and timestamp itself, so seeded rows are deterministic;
-- the defaults are for rows that tools insert later.
--
-- Idempotent writes: every system that tools write to has `<schema>.applied_writes`, keyed by the
-- step's idempotency key. A write tool, in ONE transaction, inserts its key there first
-- (INSERT ... ON CONFLICT (idempotency_key) DO NOTHING RETURNING); if the key was new it performs
-- the write and stores its result in the row, and if the key was already there it does nothing
-- and returns the stored `result`. So a repeated write with the same key is a no-op returning the
-- first result, guarded by a primary key, whichever table the write touched. `request_hash` lets a
-- tool refuse the same key reused with different input. The directory is read-only: it has none.

-- ─── CRM ────────────────────────────────────────────────────────────────────────────────────────
CREATE SCHEMA crm;

CREATE TABLE crm.accounts (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name            TEXT NOT NULL CHECK (btrim(name) <> ''),
    domain          TEXT NOT NULL UNIQUE CHECK (domain = lower(domain) AND domain LIKE '%.%'),
    industry        TEXT,
    employee_count  INTEGER CHECK (employee_count > 0),
    country         TEXT CHECK (country ~ '^[A-Z]{2}$'),
    owner           TEXT NOT NULL,
    lifecycle_stage TEXT NOT NULL DEFAULT 'prospect'
                    CHECK (lifecycle_stage IN ('prospect', 'customer', 'churned', 'partner')),
    lead_score      INTEGER CHECK (lead_score BETWEEN 0 AND 100),
    enriched_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX accounts_name_idx ON crm.accounts (lower(name));

CREATE TABLE crm.contacts (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id   UUID NOT NULL REFERENCES crm.accounts (id) ON DELETE CASCADE,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    email        TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    phone        TEXT,
    title        TEXT,
    line1        TEXT,
    line2        TEXT,
    city         TEXT,
    postal_code  TEXT,
    region       TEXT,
    country      TEXT CHECK (country ~ '^[A-Z]{2}$'),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX contacts_account_idx ON crm.contacts (account_id);

CREATE TABLE crm.applied_writes (
    idempotency_key TEXT PRIMARY KEY,
    tool            TEXT NOT NULL,
    request_hash    TEXT,
    result          JSONB,
    applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ─── ERP ────────────────────────────────────────────────────────────────────────────────────────
CREATE SCHEMA erp;

CREATE TABLE erp.vendors (
    id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_number  TEXT NOT NULL UNIQUE CHECK (vendor_number ~ '^V-[0-9]{4,}$'),
    name           TEXT NOT NULL CHECK (btrim(name) <> ''),
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'on_hold', 'blocked')),
    status_reason  TEXT,
    payment_terms  TEXT NOT NULL DEFAULT 'NET30' CHECK (payment_terms IN ('NET15', 'NET30', 'NET45', 'NET60', 'DUE_ON_RECEIPT')),
    currency       TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    tax_id         TEXT,
    email          TEXT,
    country        TEXT CHECK (country ~ '^[A-Z]{2}$'),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE erp.purchase_orders (
    id          UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    po_number   TEXT NOT NULL UNIQUE CHECK (po_number ~ '^PO-[0-9]{5,}$'),
    vendor_id   UUID NOT NULL REFERENCES erp.vendors (id),
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('draft', 'open', 'partially_received', 'received', 'closed', 'cancelled')),
    currency    TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    total       NUMERIC(14, 2) NOT NULL CHECK (total >= 0),
    ordered_at  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX purchase_orders_vendor_idx ON erp.purchase_orders (vendor_id);

CREATE TABLE erp.purchase_order_lines (
    po_id        UUID NOT NULL REFERENCES erp.purchase_orders (id) ON DELETE CASCADE,
    line_no      INTEGER NOT NULL CHECK (line_no > 0),
    sku          TEXT NOT NULL,
    description  TEXT NOT NULL,
    quantity     NUMERIC(12, 3) NOT NULL CHECK (quantity > 0),
    unit_price   NUMERIC(14, 2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (po_id, line_no)
);

CREATE TABLE erp.invoices (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    vendor_id       UUID NOT NULL REFERENCES erp.vendors (id),
    invoice_number  TEXT NOT NULL CHECK (btrim(invoice_number) <> ''),
    po_id           UUID REFERENCES erp.purchase_orders (id),
    amount          NUMERIC(14, 2) NOT NULL CHECK (amount >= 0),
    currency        TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status          TEXT NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received', 'approved', 'on_hold', 'paid', 'rejected')),
    invoice_date    DATE NOT NULL,
    due_date        DATE NOT NULL CHECK (due_date >= invoice_date),
    received_at     TIMESTAMPTZ NOT NULL,
    hold_reason     TEXT,
    approved_at     TIMESTAMPTZ,
    approved_by     TEXT,
    paid_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (vendor_id, invoice_number),
    CHECK ((status = 'on_hold') = (hold_reason IS NOT NULL)),
    CHECK (status NOT IN ('approved', 'paid') OR approved_at IS NOT NULL),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL))
);
CREATE INDEX invoices_po_idx ON erp.invoices (po_id);
CREATE INDEX invoices_status_idx ON erp.invoices (status);

CREATE TABLE erp.applied_writes (
    idempotency_key TEXT PRIMARY KEY,
    tool            TEXT NOT NULL,
    request_hash    TEXT,
    result          JSONB,
    applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ─── Billing ────────────────────────────────────────────────────────────────────────────────────
CREATE SCHEMA billing;

CREATE TABLE billing.customers (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_number   TEXT NOT NULL UNIQUE CHECK (customer_number ~ '^C-[0-9]{5,}$'),
    crm_account_id    UUID,  -- crm.accounts.id, by reference only: another system, no foreign key
    name              TEXT NOT NULL CHECK (btrim(name) <> ''),
    email             TEXT NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
    currency          TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    billing_line1     TEXT NOT NULL,
    billing_line2     TEXT,
    billing_city      TEXT NOT NULL,
    billing_postal_code TEXT NOT NULL,
    billing_region    TEXT,
    billing_country   TEXT NOT NULL CHECK (billing_country ~ '^[A-Z]{2}$'),
    tax_id            TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX customers_crm_account_idx ON billing.customers (crm_account_id);

CREATE TABLE billing.applied_writes (
    idempotency_key TEXT PRIMARY KEY,
    tool            TEXT NOT NULL,
    request_hash    TEXT,
    result          JSONB,
    applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ─── Shipping ───────────────────────────────────────────────────────────────────────────────────
CREATE SCHEMA shipping;

CREATE TABLE shipping.delivery_profiles (
    id                  UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_reference  TEXT NOT NULL,  -- billing.customers.customer_number, by reference only
    name                TEXT NOT NULL,
    line1               TEXT NOT NULL,
    line2               TEXT,
    city                TEXT NOT NULL,
    postal_code         TEXT NOT NULL,
    region              TEXT,
    country             TEXT NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    instructions        TEXT,
    is_default          BOOLEAN NOT NULL DEFAULT false,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX delivery_profiles_customer_idx ON shipping.delivery_profiles (customer_reference);
CREATE UNIQUE INDEX delivery_profiles_one_default ON shipping.delivery_profiles (customer_reference) WHERE is_default;

CREATE TABLE shipping.applied_writes (
    idempotency_key TEXT PRIMARY KEY,
    tool            TEXT NOT NULL,
    request_hash    TEXT,
    result          JSONB,
    applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ─── Company directory (firmographics; read-only) ──────────────────────────────────────────────
CREATE SCHEMA directory;

CREATE TABLE directory.companies (
    domain           TEXT PRIMARY KEY CHECK (domain = lower(domain) AND domain LIKE '%.%'),
    legal_name       TEXT NOT NULL,
    normalized_name  TEXT NOT NULL,  -- lower case, no punctuation or legal suffix: the match key
    industry         TEXT NOT NULL,
    employee_range   TEXT NOT NULL
                     CHECK (employee_range IN ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+')),
    country          TEXT NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    hq_city          TEXT NOT NULL,
    founded_year     INTEGER CHECK (founded_year BETWEEN 1800 AND 2026),
    revenue_band     TEXT NOT NULL
                     CHECK (revenue_band IN ('<1M', '1M-10M', '10M-50M', '50M-250M', '250M-1B', '1B+')),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX companies_normalized_name_idx ON directory.companies (normalized_name);
