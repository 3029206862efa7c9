import fs from 'node:fs';
import request from 'supertest';
import { seedDemoTeams } from '../../seeds/demo';
import { createTestApp } from '../helpers/app';

test('dump', async () => {
  const t = await createTestApp();
  await seedDemoTeams(t.ctx);
  const list = (await request(t.app).get('/api/v1/teams.json')).body.items;
  const stale = list.find((x: any) => x.freshness.state === 'stale');
  const overdue = list.find((x: any) => x.freshness.state === 'overdue');
  let out = '';
  for (const slug of ['sakura-csirt', stale.slug, overdue.slug]) {
    out += `==== ${slug}\n` + (await request(t.app).get(`/teams/${slug}/rfc2350.txt`)).text;
    out += (await request(t.app).get(`/teams/${slug}/security.txt`)).text;
    out += (await request(t.app).get(`/teams/${slug}.vcf`)).text;
    out += (await request(t.app).get(`/teams/${slug}.vcf?lang=en`)).text;
  }
  out += (await request(t.app).get('/api/v1/teams.csv')).text.slice(0, 3000);
  fs.writeFileSync('/tmp/dump.txt', out);
  await t.close();
});
