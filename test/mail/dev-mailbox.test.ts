/**
 * In development, demo users without a mailbox (the demo editor proving a key, an applicant confirming an address)
 * read the app's mail at /dev/mail and follow its links; anywhere else the page does not exist.
 */
import request from 'supertest';
import { createUser } from '../factories';
import { createTestApp } from '../helpers/app';
import { csrfOf } from '../helpers/auth';

describe('the development mailbox', () => {
  test('when running in development, then every captured mail is listed and its single-use link can be followed', async () => {
    const t = await createTestApp({ env: { NODE_ENV: 'development', SEED_DEMO: 'false' } });
    try {
      await createUser(t.ctx, { email: 'dev-reader@mailbox.example.jp' });
      const agent = request.agent(t.app);
      const csrf = await csrfOf(agent, '/password/forgot');
      await agent.post('/password/forgot').type('form').send({ _csrf: csrf, email: 'dev-reader@mailbox.example.jp' });
      const list = await request(t.app).get('/dev/mail').expect(200);
      expect(list.text).toContain('開発環境でだけ表示されます');
      const id = /href="\/dev\/mail\/([0-9a-f-]{36})" data-mail="password-reset"/.exec(list.text)?.[1];
      expect(id).toBeDefined();
      const message = await request(t.app).get(`/dev/mail/${id}?lang=en`).expect(200);
      expect(message.headers['referrer-policy']).toBe('no-referrer');
      const href = /<a href="http:\/\/registry\.test(\/password\/reset\/[\w-]{43})">/.exec(message.text)?.[1];
      expect(href).toBeDefined();
      await request(t.app)
        .get(href as string)
        .expect(200);
      // Every page of the development app links to it.
      expect((await request(t.app).get('/')).text).toContain('href="/dev/mail"');
    } finally {
      await t.close();
    }
  });

  test.each(['test', 'production'])('when running in %s, then there is no mailbox page', async (env) => {
    const t = await createTestApp({ env: { NODE_ENV: env as 'test', SESSION_SECRET: 'x'.repeat(40) } });
    try {
      await request(t.app).get('/dev/mail').expect(404);
      expect((await request(t.app).get('/')).text).not.toContain('/dev/mail');
    } finally {
      await t.close();
    }
  });
});
