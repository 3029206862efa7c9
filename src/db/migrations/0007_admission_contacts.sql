ALTER TABLE "applications" ADD COLUMN "deputy_name" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "deputy_email" "citext";--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decision_reference" text;--> statement-breakpoint
CREATE INDEX "applications_short_name_idx" ON "applications" USING btree (lower("entry" ->> 'shortName'));