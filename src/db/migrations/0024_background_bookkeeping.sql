-- The nightly DNS check reads the 500 pending domain claims checked longest ago: from this index in that order,
-- instead of sorting every domain claim (on the embedded database that sort blocks the server for ~100 ms).
CREATE INDEX "constituency_claims_dns_pending_idx" ON "constituency_claims" USING btree ("dns_checked_at" NULLS FIRST,"created_at") WHERE "constituency_claims"."kind" = 'domain' and "constituency_claims"."verified_at" is null;--> statement-breakpoint
-- The daily key recheck stores when it looked at each key (checked_at), one statement per key, and each statement
-- bumped the generation: every instance emptied its directory cache and recomputed its popular answers once per key.
-- No reader sees checked_at; a change to any other column of a key still moves the generation (compared as the whole
-- row, so a column added later counts too).
CREATE OR REPLACE FUNCTION bump_directory_generation_if_keys_shown_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
    WHERE (to_jsonb(o) - 'checked_at') IS DISTINCT FROM (to_jsonb(n) - 'checked_at')
  ) THEN
    UPDATE "directory_generation" SET "value" = "value" + 1 WHERE "id" = 1;
    PERFORM pg_notify('directory_changed', '');
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS team_keys_bump_directory_generation ON "team_keys";--> statement-breakpoint
CREATE TRIGGER team_keys_bump_directory_generation
  AFTER INSERT OR DELETE OR TRUNCATE ON "team_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();--> statement-breakpoint
CREATE TRIGGER team_keys_update_bump_directory_generation
  AFTER UPDATE ON "team_keys" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation_if_keys_shown_changed();
