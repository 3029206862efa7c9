CREATE TABLE "drill_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"filter" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"team_count" bigint DEFAULT 0 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"cycle" text NOT NULL,
	"campaign_id" uuid,
	"state" text DEFAULT 'planned' NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"key_fingerprint" text,
	"sent_to" text,
	"outbox_id" uuid,
	"late_at" timestamp with time zone,
	"fail_at" timestamp with time zone,
	"marked_late_at" timestamp with time zone,
	"marked_failed_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"answered_by" text,
	"answered_via" text,
	"answer_business_ms" bigint,
	"answered_late" boolean,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drills_state_check" CHECK ("drills"."state" in ('planned', 'sent', 'late', 'failed', 'answered', 'no_key')),
	CONSTRAINT "drills_answered_via_check" CHECK ("drills"."answered_via" is null or "drills"."answered_via" in ('link', 'editor'))
);
--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_campaign_id_drill_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."drill_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drills_team_cycle_key" ON "drills" USING btree ("team_id","cycle");--> statement-breakpoint
CREATE INDEX "drills_planned_idx" ON "drills" USING btree ("planned_at") WHERE "drills"."state" = 'planned';--> statement-breakpoint
CREATE INDEX "drills_late_idx" ON "drills" USING btree ("late_at") WHERE "drills"."state" = 'sent';--> statement-breakpoint
CREATE INDEX "drills_fail_idx" ON "drills" USING btree ("fail_at") WHERE "drills"."state" in ('sent', 'late');--> statement-breakpoint
CREATE INDEX "drills_team_sent_idx" ON "drills" USING btree ("team_id","sent_at");--> statement-breakpoint
CREATE INDEX "drills_campaign_idx" ON "drills" USING btree ("campaign_id");--> statement-breakpoint
-- A drill's result is shown on the team page and in the API: answers cached by the directory's generation
-- (entry/read-cache.ts) must not outlive a change of it.
CREATE TRIGGER drills_bump_directory_generation
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "drills"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_directory_generation();
