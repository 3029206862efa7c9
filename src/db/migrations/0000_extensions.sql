-- Extensions both databases provide: pg_trgm for Japanese-capable fuzzy search, citext for case-insensitive names.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS citext;
