/**
 * GET /api/openapi.json: OpenAPI 3.1, generated from the zod schemas the routes parse their queries with and the
 * response schemas the tests hold the answers to (api-schemas.ts). A test walks the route table so every
 * /api route is described here.
 */
import { z } from 'zod';
import {
  bilingualSchema,
  claimViewSchema,
  errorSchema,
  keyCheckSchema,
  keySummarySchema,
  lookupBatchSchema,
  lookupResultSchema,
  problemSchema,
  reachabilitySchema,
  teamListSchema,
  teamPageSchema,
  teamViewSchema,
  tiListSchema,
  tiTeamSchema,
} from './api-schemas';
import { apiTeamsQuery } from './forms';

type JsonSchema = Record<string, unknown>;

const QUERY_TEXT: Record<string, string> = {
  q: 'Search text: every term must occur in the names, organisation or introduction (Japanese or English).',
  region: '地区 (region).',
  industry: '業種 (industry).',
  service: 'FIRST CSIRT Services Framework area the team offers.',
  constituency: 'Constituency type.',
  reachable: '1: only teams reachable now (within business hours in their time zone, or a 24/7 line for members).',
  lang: 'Language of messages (ja, en); otherwise Accept-Language.',
  limit: 'Page size, 1–100 (default 20).',
  offset: 'Items to skip.',
};

/** The query schema's fields as OpenAPI query parameters (`only` limits them). */
function queryParameters(only?: string[]) {
  const schema = z.toJSONSchema(apiTeamsQuery, { io: 'output', unrepresentable: 'any' }) as {
    properties: Record<string, JsonSchema>;
  };
  return Object.entries(schema.properties)
    .filter(([name]) => !only || only.includes(name))
    .map(([name, s]) => ({
      name,
      in: 'query',
      required: false,
      description: QUERY_TEXT[name],
      schema: name === 'reachable' ? { type: 'string', enum: ['1'] } : s,
    }));
}

function componentsOf(schemas: z.ZodType[]): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const s of schemas) {
    const id = (z.globalRegistry.get(s) as { id?: string } | undefined)?.id;
    if (id) registry.add(s, { id });
  }
  const { schemas: out } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: 'any',
  }) as { schemas: Record<string, JsonSchema> };
  // Components are located by their place in the document; a fragment-only $id is not a valid 2020-12 $id.
  for (const s of Object.values(out)) {
    delete s.$schema;
    delete s.$id;
  }
  return out;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const failure = (description: string) => json(ref('Error'), description);
/** Every route reads a Bearer token when one is sent: an unknown or revoked one is refused, even on public routes. */
const badToken = failure('The API token is unknown, revoked or expired');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function openApiDocument(publicUrl: string): JsonSchema {
  const listParams = queryParameters(['q', 'region', 'industry', 'service', 'constituency', 'reachable', 'lang']);
  return {
    openapi: '3.1.0',
    info: {
      title: 'CSIRT registry API',
      version: '1',
      description:
        'Member directory and PoC registry of a CSIRT association. Anonymous callers see public fields; a personal ' +
        'API token (Authorization: Bearer …) sees what its owner may see.',
    },
    servers: [{ url: publicUrl }],
    components: {
      schemas: componentsOf([
        bilingualSchema,
        keySummarySchema,
        problemSchema,
        reachabilitySchema,
        teamViewSchema,
        teamPageSchema,
        teamListSchema,
        keyCheckSchema,
        claimViewSchema,
        lookupResultSchema,
        lookupBatchSchema,
        tiTeamSchema,
        tiListSchema,
        errorSchema,
      ]),
      securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'A personal API token from /account' } },
    },
    security: [{}, { token: [] }],
    paths: {
      '/api/v1/teams': {
        get: {
          summary: 'Search the directory',
          parameters: queryParameters(),
          responses: {
            200: json(ref('TeamPage'), 'A page of teams'),
            400: failure('A query parameter is not valid'),
            401: badToken,
          },
        },
      },
      '/api/v1/teams/{slug}': {
        get: {
          summary: 'One team',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json(ref('Team'), 'The team'), 401: badToken, 404: failure('No such (listed) team') },
        },
      },
      '/api/v1/teams.json': {
        get: {
          summary: 'The whole directory (filters as in /api/v1/teams), one JSON document',
          parameters: listParams,
          responses: {
            200: json(ref('TeamList'), 'Every matching active team'),
            400: failure('Bad filter'),
            401: badToken,
          },
        },
      },
      '/api/v1/teams.csv': {
        get: {
          summary: 'The whole directory as CSV (UTF-8 with BOM, for spreadsheets)',
          description:
            'Header of column keys; region, industry, constituency types and services as labels in the language ' +
            'of the request (lang, else Accept-Language, else Japanese) with their codes in the *Code columns; ' +
            'phones in E.164; a cell that would run as a formula starts with an apostrophe.',
          parameters: listParams,
          responses: {
            200: { description: 'CSV, one row per team', content: { 'text/csv': { schema: { type: 'string' } } } },
            400: failure('Bad filter'),
            401: badToken,
          },
        },
      },
      '/api/v1/teams.xlsx': {
        get: {
          summary: 'The whole directory as an Excel workbook: the rows and visibility of teams.csv',
          description:
            'One sheet: a frozen header row of column labels in the language of the request, days and instants ' +
            '(UTC) as date cells, everything else as text cells (never formulas).',
          parameters: listParams,
          responses: {
            200: {
              description: 'Workbook (Office Open XML), one row per team',
              content: { [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } } },
            },
            400: failure('Bad filter'),
            401: badToken,
          },
        },
      },
      '/api/v1/teams.ti.json': {
        get: {
          summary:
            "The whole directory in the shape of Trusted Introducer's team listing (filters as in /api/v1/teams)",
          parameters: listParams,
          responses: {
            200: json(ref('TrustedIntroducerList'), 'Every matching active team'),
            400: failure('Bad filter'),
            401: badToken,
          },
        },
      },
      '/api/v1/lookup': {
        get: {
          summary: 'The team responsible for an IP address, a prefix, an AS number, a domain, an email or a URL',
          description:
            'Matches the constituency claims the caller may see: the longest prefix, the longest domain suffix (an ' +
            'email by its domain, a URL by its host; defanged forms such as hxxp:// and [.] are accepted), the AS ' +
            'number. Verified claims rank first, then the most specific.',
          parameters: [
            {
              name: 'q',
              in: 'query',
              required: true,
              description: 'The indicator: 192.0.2.7, 2001:db8::1, 198.51.100.0/24, AS64500, example.jp, a@b.jp, a URL',
              schema: { type: 'string', maxLength: 2048 },
            },
            { name: 'lang', in: 'query', required: false, schema: { type: 'string', enum: ['ja', 'en'] } },
          ],
          responses: {
            200: json(ref('LookupResult'), 'The matches (an empty list when no team claims it)'),
            400: failure('No indicator, or not one the registry recognises'),
            401: badToken,
          },
        },
        post: {
          summary: 'Up to 1,000 indicators at once (what a handler pastes from a log): one result each, in order',
          description:
            'A body of text (one indicator a line; empty lines and lines starting with # are skipped) or a JSON ' +
            'array of strings. An API token may be sent: this route only reads.',
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'array', items: { type: 'string' }, maxItems: 1000 } },
            },
          },
          responses: {
            200: json(ref('LookupResults'), 'One result per indicator; an unrecognised one says so'),
            401: badToken,
            413: failure('Over 512 KiB'),
            422: failure('No indicators, more than 1,000, or not a list of strings'),
          },
        },
      },
      '/api/v1/keyring.asc': {
        get: {
          summary: 'Every current key the caller may see, as one armored keyring',
          responses: {
            200: {
              description: 'Armored keyring',
              content: { 'application/pgp-keys': { schema: { type: 'string' } } },
            },
            401: badToken,
          },
        },
      },
      '/api/v1/keys/check': {
        post: {
          summary:
            'Check a PGP public key (nothing is stored; no token needed, and a valid one is refused: tokens are for reading)',
          parameters: [{ name: 'email', in: 'query', required: false, schema: { type: 'string', format: 'email' } }],
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string' } },
              'application/pgp-keys': { schema: { type: 'string' } },
              'application/octet-stream': { schema: { type: 'string', contentEncoding: 'binary' } },
            },
          },
          responses: {
            200: json(ref('KeyCheck'), 'The report (ok false with error codes for a refused key)'),
            400: failure('Bad email parameter'),
            401: badToken,
            403: failure('An API token was sent: tokens are accepted by GET routes only'),
            413: failure('Over 1 MiB'),
            415: failure('Another content type'),
            429: failure('Too many checks from this address; see Retry-After'),
          },
        },
      },
      '/api/v1/changes.atom': {
        get: {
          summary: 'Members: new teams, point-of-contact and key changes, as an Atom feed (use an API token)',
          security: [{ token: [] }],
          responses: {
            200: { description: 'Atom feed', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
            401: failure('No token or session, or a bad token'),
            403: failure('Not a member'),
          },
        },
      },
      '/api/v1/announcements.atom': {
        get: {
          summary:
            'Members: the secretariat’s announcements the caller may read, as an Atom feed (use an API token); TLP:AMBER entries carry the label and subject only',
          security: [{ token: [] }],
          responses: {
            200: { description: 'Atom feed', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
            401: failure('No token or session, or a bad token'),
            403: failure('Not a member'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          summary: 'This document',
          responses: {
            200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
            401: badToken,
          },
        },
      },
    },
  };
}
