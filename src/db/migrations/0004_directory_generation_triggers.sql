-- Every write to teams or team_keys bumps directory_generation.value (once per statement), so cached directory
-- reads on every instance can be checked for staleness with one primary-key lookup.
INSERT INTO "directory_generation" ("id", "value") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;--> statement-breakpoint
CREATE OR REPLACE FUNCTION bump_directory_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "directory_generation" SET "value" = "value" + 1 WHERE "id" = 1;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER teams_bump_directory_generation
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "teams"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();--> statement-breakpoint
CREATE TRIGGER team_keys_bump_directory_generation
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "team_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();
