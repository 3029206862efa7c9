import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;

/** Header and body fields that may carry secrets; pino replaces them with "[Redacted]" wherever they appear. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.privateKey',
];

/** Fields of a PostgreSQL error that name things (safe) rather than repeat values (names, addresses, keys). */
const DATABASE_ERROR_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'routine'] as const;

/** A database message may quote the value it choked on (`invalid input syntax for type uuid: "…"`). */
function withoutQuotedValues(message: string): string {
  return message.replace(/: ".*"$/s, ': "[redacted]"');
}

/**
 * Errors as logged. Drizzle's query errors carry the bound parameters (in `params` and in the message) and the
 * database's own error carries the offending row in `detail`: the log keeps the SQL text, the SQLSTATE and the
 * names of constraint, table and column, never the values.
 */
function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  const query = (err as { query?: unknown }).query;
  if (typeof query === 'string' && 'params' in err) {
    delete out.params;
    out.message = `Failed query: ${query.slice(0, 2000)}`;
    // The stack's first lines repeat the message, parameters included. (A function replacement: the SQL text
    // holds `$1`-style placeholders, which a replacement string would expand.)
    out.stack = String(out.stack ?? '').replace(
      /^[\s\S]*?\n(\s+at )/,
      (_m, at) => `${out.type}: ${out.message}\n${at}`,
    );
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause && typeof cause === 'object') {
    const c = cause as Record<string, unknown>;
    const safe: Record<string, unknown> = {
      type: (cause as Error).name,
      message: withoutQuotedValues(String(c.message ?? '')),
    };
    for (const field of DATABASE_ERROR_FIELDS) if (c[field] !== undefined) safe[field] = c[field];
    out.cause = safe;
    // pino appends the causes' stacks, messages and all: keep this error's own frames and the cleaned cause.
    const own = String(out.stack ?? '').split('\ncaused by: ')[0];
    out.stack = `${own}\ncaused by: ${safe.type}: ${safe.message}`;
  }
  for (const field of ['detail', 'where', 'internalQuery', 'hint']) delete out[field];
  return out;
}

export function createLogger(config: Pick<Config, 'logLevel' | 'prettyLogs'>, destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    serializers: { err: serializeError },
    base: undefined,
  };
  if (config.prettyLogs && !destination) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } });
  }
  return destination ? pino(options, destination) : pino(options);
}
