/** Every table, in one place: drizzle-kit generates migrations from it, and a whole-database export walks it. */
export * from './accounts/schema';
export * from './admission/schema';
export * from './announcements/schema';
export * from './audit/schema';
export * from './constituency/schema';
export * from './drills/schema';
export * from './entry/schema';
export * from './import/schema';
export * from './keys/schema';
export * from './mail/schema';
export * from './reminders/schema';
export * from './stats/schema';
