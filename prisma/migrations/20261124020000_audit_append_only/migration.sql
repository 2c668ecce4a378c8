-- The audit trail is append-only: the database itself refuses to change or remove an event, so
-- editing the record of what happened takes a deliberate act by the table's owner (disabling the
-- trigger), which `npm run steward -- audit verify` then exposes through the hash chain.
--
-- Row-level, so only rows actually changed are refused: updating a user's id (the actor foreign
-- key is ON UPDATE CASCADE) stays possible while no event names that user.
--
-- TRUNCATE is deliberately not refused: the integration and end-to-end fixtures reset their
-- databases with `TRUNCATE ..., users CASCADE`, which truncates audit_events through the actor
-- foreign key whatever the list names. Emptying the whole trail leaves a chain that verifies, so
-- operators anchor the head hash that `audit verify` prints somewhere outside the database.
CREATE FUNCTION steward_audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'Record a correction as a new audit event instead.';
END
$$;

CREATE TRIGGER "audit_events_append_only"
BEFORE UPDATE OR DELETE ON "audit_events"
FOR EACH ROW EXECUTE FUNCTION steward_audit_events_append_only();
