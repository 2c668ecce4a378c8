-- What the review console shows of an item at a glance, fixed when the item is opened: a title
-- ("INV-1042 from Acme GmbH") and the key figures ("Invoice 1,200.00 EUR", "PO 1,000.00 EUR").
ALTER TABLE "review_items" ADD COLUMN "summary" JSONB NOT NULL DEFAULT '{}';
