CREATE TABLE "announcement_recipients" (
	"announcement_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"team_short_name" text NOT NULL,
	"address" text NOT NULL,
	"route" text NOT NULL,
	"outbox_id" uuid,
	CONSTRAINT "announcement_recipients_announcement_id_team_id_pk" PRIMARY KEY("announcement_id","team_id"),
	CONSTRAINT "announcement_recipients_route_check" CHECK ("announcement_recipients"."route" in ('encrypted', 'unencrypted', 'not_reached'))
);
--> statement-breakpoint
CREATE TABLE "announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"tlp" text NOT NULL,
	"subject_ja" text NOT NULL,
	"subject_en" text NOT NULL,
	"body_ja" text NOT NULL,
	"body_en" text NOT NULL,
	"audience" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"sent_by" text,
	"sent_at" timestamp with time zone,
	"recipient_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "announcements_state_check" CHECK ("announcements"."state" in ('draft', 'sent')),
	CONSTRAINT "announcements_tlp_check" CHECK ("announcements"."tlp" in ('clear', 'green', 'amber', 'amber_strict', 'red'))
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "encryption_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "announcement_recipients" ADD CONSTRAINT "announcement_recipients_announcement_id_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "announcement_recipients" ADD CONSTRAINT "announcement_recipients_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "announcement_recipients_team_idx" ON "announcement_recipients" USING btree ("team_id","announcement_id");--> statement-breakpoint
CREATE INDEX "announcements_sent_idx" ON "announcements" USING btree ("sent_at");