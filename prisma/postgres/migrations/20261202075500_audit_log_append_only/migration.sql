-- The audit log is append-only: any UPDATE, DELETE or TRUNCATE of it is refused (the SQLite store
-- has the same rule as triggers created when it is opened). Written by hand: no schema change.
CREATE FUNCTION retainbot_audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION retainbot_audit_log_append_only();
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION retainbot_audit_log_append_only();
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION retainbot_audit_log_append_only();
