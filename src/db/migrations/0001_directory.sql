CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"short_name" "citext" NOT NULL,
	"official_name_ja" text NOT NULL,
	"official_name_en" text DEFAULT '' NOT NULL,
	"organization_ja" text NOT NULL,
	"organization_en" text DEFAULT '' NOT NULL,
	"founded_on" date,
	"member_since" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"country" text DEFAULT 'JP' NOT NULL,
	"region" text,
	"industry" text,
	"email" "citext" NOT NULL,
	"website" text,
	"phone" text,
	"emergency_phone" text,
	"business_hours" jsonb,
	"time_zone" text DEFAULT 'Asia/Tokyo' NOT NULL,
	"languages" text[] DEFAULT '{ja}'::text[] NOT NULL,
	"intro_overview_ja" text DEFAULT '' NOT NULL,
	"intro_overview_en" text DEFAULT '' NOT NULL,
	"intro_background_ja" text DEFAULT '' NOT NULL,
	"intro_background_en" text DEFAULT '' NOT NULL,
	"intro_activities_ja" text DEFAULT '' NOT NULL,
	"intro_activities_en" text DEFAULT '' NOT NULL,
	"constituency_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"constituency_description_ja" text DEFAULT '' NOT NULL,
	"constituency_description_en" text DEFAULT '' NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"visibility" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" text,
	"confirmation_due_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(short_name::text || ' ' || official_name_ja || ' ' || official_name_en || ' ' || organization_ja || ' ' || organization_en || ' ' || intro_overview_ja || ' ' || intro_overview_en || ' ' || intro_background_ja || ' ' || intro_background_en || ' ' || intro_activities_ja || ' ' || intro_activities_en)) STORED NOT NULL,
	"name_text" text GENERATED ALWAYS AS (lower(short_name::text || ' ' || official_name_ja || ' ' || official_name_en || ' ' || organization_ja || ' ' || organization_en)) STORED NOT NULL,
	CONSTRAINT "teams_status_check" CHECK ("teams"."status" in ('active', 'suspended', 'withdrawn')),
	CONSTRAINT "teams_slug_format" CHECK ("teams"."slug" ~ '^[a-z0-9][a-z0-9-]{0,62}$')
);
--> statement-breakpoint
CREATE TABLE "team_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"fingerprint" text NOT NULL,
	"key_id" text NOT NULL,
	"algorithm" text NOT NULL,
	"bits" integer,
	"key_created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"uids" text[] DEFAULT '{}'::text[] NOT NULL,
	"emails" text[] DEFAULT '{}'::text[] NOT NULL,
	"armored" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"verified_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "team_keys_fingerprint_format" CHECK ("team_keys"."fingerprint" ~ '^[0-9A-F]{40}$')
);
--> statement-breakpoint
ALTER TABLE "team_keys" ADD CONSTRAINT "team_keys_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "teams_slug_key" ON "teams" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_short_name_key" ON "teams" USING btree ("short_name");--> statement-breakpoint
CREATE INDEX "teams_status_short_name_idx" ON "teams" USING btree ("status","short_name");--> statement-breakpoint
CREATE INDEX "teams_region_idx" ON "teams" USING btree ("region");--> statement-breakpoint
CREATE INDEX "teams_industry_idx" ON "teams" USING btree ("industry");--> statement-breakpoint
CREATE INDEX "teams_confirmation_due_idx" ON "teams" USING btree ("confirmation_due_at");--> statement-breakpoint
CREATE INDEX "teams_search_trgm_idx" ON "teams" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "team_keys_team_fingerprint_key" ON "team_keys" USING btree ("team_id","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "team_keys_one_current_key" ON "team_keys" USING btree ("team_id","role") WHERE "team_keys"."role" in ('current', 'next');--> statement-breakpoint
CREATE INDEX "team_keys_fingerprint_idx" ON "team_keys" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "team_keys_key_id_idx" ON "team_keys" USING btree ("key_id");--> statement-breakpoint
CREATE INDEX "team_keys_emails_idx" ON "team_keys" USING gin ("emails");