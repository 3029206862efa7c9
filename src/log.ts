import pino from 'pino';
import type { Config } from './config';

export type Logger = pino.Logger;

/** Header and body fields that may carry secrets; pino replaces them with "[Redacted]" wherever they appear. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.privateKey',
];

export function createLogger(config: Pick<Config, 'logLevel' | 'prettyLogs'>, destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
    base: undefined,
  };
  if (config.prettyLogs && !destination) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } });
  }
  return destination ? pino(options, destination) : pino(options);
}
