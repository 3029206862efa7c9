/**
 * Logins for tests: real login through the form (CSRF token included) as a user the factories made, and a
 * Supertest agent that keeps the session cookie.
 */
import type express from 'express';
import request from 'supertest';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The CSRF token of the form on a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export type Agent = ReturnType<typeof request.agent>;

/** Fetches `path` with the agent and returns the CSRF token of its form. */
export async function csrfOf(agent: Agent, path = '/login'): Promise<string> {
  const page = await agent.get(path);
  return csrfFrom(page.text);
}

export async function login(app: express.Express, email: string, password = TEST_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const csrf = await csrfOf(agent, '/login');
  const res = await agent.post('/login').type('form').send({ email, password, _csrf: csrf });
  if (res.status !== 302) throw new Error(`login of ${email} failed with ${res.status}`);
  return agent;
}

/** A form as a browser posts it (urlencoded), the CSRF token first; a list value is sent as repeated fields. */
export function encodeForm(fields: Record<string, string | readonly string[]>, csrf: string): string {
  const params = new URLSearchParams();
  params.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) {
    for (const v of typeof value === 'string' ? [value] : value) params.append(name, v);
  }
  return params.toString();
}

/** A POST with the agent's CSRF token, taken from a page the agent may see. */
export async function postForm(agent: Agent, path: string, form: Record<string, string>, tokenPage = '/account') {
  const csrf = await csrfOf(agent, tokenPage);
  return agent
    .post(path)
    .type('form')
    .send({ ...form, _csrf: csrf });
}
