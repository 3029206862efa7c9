import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs src/schema.ts against the migrations folder and writes the next SQL file,
// which is reviewed and committed. The app applies pending migrations itself at start.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: './src/db/migrations',
});
