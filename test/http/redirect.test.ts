import request from 'supertest';
import { safeNext } from '../../src/http/redirect';
import { createTestApp } from '../helpers/app';

const SITE = 'https://registry.example';

/** Where a browser on the site goes when it follows the Location header. */
const followed = (location: string) => new URL(location, `${SITE}/login`).origin;

describe('where the site may send a browser next', () => {
  test.each([
    '//evil.example',
    '/.//evil.example',
    '/a/..//evil.example',
    '/a/b/../..//evil.example',
    '/%2e//evil.example',
    '/%2e%2e//evil.example',
    '/.%2e//evil.example',
    '/%2f/evil.example',
    '/%2F%2Fevil.example',
    '/%5cevil.example',
    '/\\evil.example',
    '/\t/evil.example',
    'https://evil.example/',
    'evil.example',
    '',
  ])('when next is %j, then the answer stays on the site', (value) => {
    const next = safeNext(value);
    expect(followed(next)).toBe(SITE);
    expect(next).toMatch(/^\/(?![/\\])/);
  });

  test.each([
    ['/teams/sakura-csirt?lang=en', '/teams/sakura-csirt?lang=en'],
    ['/a/../teams/x', '/teams/x'],
    ['/admin#audit', '/admin#audit'],
  ])('when next is the local path %s, then it is kept (resolved)', (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });

  test('when a form page was reached from a hostile referer, then its language links stay on the site', async () => {
    const t = await createTestApp();
    try {
      const res = await request(t.app)
        .post('/login')
        .set('Referer', 'https://evil.example//evil.example/phish')
        .type('form')
        .send({});
      const hrefs = [...res.text.matchAll(/hreflang="\w+"|href="([^"]*lang=[^"]*)"/g)].map((m) => m[1]).filter(Boolean);
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(followed(href.replace(/&amp;/g, '&'))).toBe(SITE);
    } finally {
      await t.close();
    }
  });
});
