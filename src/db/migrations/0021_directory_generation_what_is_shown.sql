-- Bookkeeping that no directory reader sees must not empty every instance's directory cache. The nightly DNS check
-- records when it looked and what it found on up to 500 pending domain claims, one statement each, and a drill run
-- plans a drill for every team: each used to bump the generation, so a busy directory recomputed its popular
-- searches hundreds of times in a minute. Now claims bump it when something shown changes (the object, its team, its
-- verification), and drills when a row is or was a result the directory shows (drills/results.ts).
CREATE OR REPLACE FUNCTION bump_directory_generation_if_claims_shown_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
    WHERE (o.team_id, o.kind, o.domain, o.net, o.asn, o.verified_at)
      IS DISTINCT FROM (n.team_id, n.kind, n.domain, n.net, n.asn, n.verified_at)
  ) THEN
    UPDATE "directory_generation" SET "value" = "value" + 1 WHERE "id" = 1;
    PERFORM pg_notify('directory_changed', '');
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS constituency_claims_bump_directory_generation ON "constituency_claims";--> statement-breakpoint
CREATE TRIGGER constituency_claims_bump_directory_generation
  AFTER INSERT OR DELETE OR TRUNCATE ON "constituency_claims"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();--> statement-breakpoint
CREATE TRIGGER constituency_claims_update_bump_directory_generation
  AFTER UPDATE ON "constituency_claims" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation_if_claims_shown_changed();--> statement-breakpoint
-- The states drills/results.ts shows as a team's last result (DRILL_RESULT_STATES) and the columns it reads.
CREATE OR REPLACE FUNCTION bump_directory_generation_if_drill_results_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM new_rows n WHERE n.state IN ('answered', 'late', 'failed', 'no_key') LIMIT 1;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM old_rows o WHERE o.state IN ('answered', 'late', 'failed', 'no_key') LIMIT 1;
  ELSE
    PERFORM 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE (o.state IN ('answered', 'late', 'failed', 'no_key') OR n.state IN ('answered', 'late', 'failed', 'no_key'))
      AND (o.team_id, o.state, o.sent_at, o.planned_at, o.answered_at, o.answer_business_ms, o.answered_late)
        IS DISTINCT FROM (n.team_id, n.state, n.sent_at, n.planned_at, n.answered_at, n.answer_business_ms, n.answered_late)
    LIMIT 1;
  END IF;
  IF FOUND THEN
    UPDATE "directory_generation" SET "value" = "value" + 1 WHERE "id" = 1;
    PERFORM pg_notify('directory_changed', '');
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER IF EXISTS drills_bump_directory_generation ON "drills";--> statement-breakpoint
CREATE TRIGGER drills_truncate_bump_directory_generation
  AFTER TRUNCATE ON "drills"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();--> statement-breakpoint
CREATE TRIGGER drills_insert_bump_directory_generation
  AFTER INSERT ON "drills" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation_if_drill_results_changed();--> statement-breakpoint
CREATE TRIGGER drills_update_bump_directory_generation
  AFTER UPDATE ON "drills" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation_if_drill_results_changed();--> statement-breakpoint
CREATE TRIGGER drills_delete_bump_directory_generation
  AFTER DELETE ON "drills" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation_if_drill_results_changed();
