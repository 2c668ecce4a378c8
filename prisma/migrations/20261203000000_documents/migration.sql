-- Documents a requester hands a workflow (issue 14): stored once per content (sha256 of the
-- bytes), with the text extracted from them and an offset map (pages of a PDF, headers and body
-- of an e-mail) into that text, so every quote a model gives can be found again.
CREATE TABLE "documents" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "content_hash" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "file_name" TEXT,
    "size_bytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "text" TEXT NOT NULL,
    "segments" JSONB NOT NULL,
    "meta" JSONB,
    "uploaded_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "documents_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "documents_media_type_check"
      CHECK ("media_type" IN ('text/plain', 'message/rfc822', 'application/pdf')),
    CONSTRAINT "documents_size_check" CHECK ("size_bytes" > 0 AND "size_bytes" <= 10485760)
);
CREATE UNIQUE INDEX "documents_content_hash_key" ON "documents" ("content_hash");
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_id_fkey"
  FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Which documents a run was given.
CREATE TABLE "run_documents" (
    "run_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_documents_pkey" PRIMARY KEY ("run_id", "document_id")
);
CREATE INDEX "run_documents_document_idx" ON "run_documents" ("document_id");
ALTER TABLE "run_documents" ADD CONSTRAINT "run_documents_run_id_fkey"
  FOREIGN KEY ("run_id") REFERENCES "runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "run_documents" ADD CONSTRAINT "run_documents_document_id_fkey"
  FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What a run read from its document, per round (1: the model or nobody; 2, 3…: after a
-- person's corrections): each field's value, confidence, evidence and grounding verdict.
CREATE TABLE "document_readings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "tool" TEXT NOT NULL,
    "provider" TEXT,
    "fields" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_readings_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "document_readings_run_round_key" ON "document_readings" ("run_id", "round");
ALTER TABLE "document_readings" ADD CONSTRAINT "document_readings_run_id_fkey"
  FOREIGN KEY ("run_id") REFERENCES "runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "document_readings" ADD CONSTRAINT "document_readings_document_id_fkey"
  FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A reviewer's correction of a value read from a document: a label for evaluating models.
CREATE TABLE "extraction_labels" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "run_id" UUID NOT NULL,
    "review_item_id" UUID,
    "document_id" UUID NOT NULL,
    "tool" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "model_value" JSONB,
    "corrected_value" JSONB,
    "provider" TEXT,
    "corrected_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "extraction_labels_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "extraction_labels_run_idx" ON "extraction_labels" ("run_id");
ALTER TABLE "extraction_labels" ADD CONSTRAINT "extraction_labels_run_id_fkey"
  FOREIGN KEY ("run_id") REFERENCES "runs" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "extraction_labels" ADD CONSTRAINT "extraction_labels_document_id_fkey"
  FOREIGN KEY ("document_id") REFERENCES "documents" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "extraction_labels" ADD CONSTRAINT "extraction_labels_corrected_by_id_fkey"
  FOREIGN KEY ("corrected_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The ERP's bank details: the vendor's account on record, and the account an approved invoice
-- is paid to (taken from the vendor's invoice document, proven against the record).
ALTER TABLE erp.vendors ADD COLUMN iban TEXT CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$');
ALTER TABLE erp.invoices ADD COLUMN pay_to_iban TEXT CHECK (pay_to_iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$');
