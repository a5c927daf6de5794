// The nightly replenishment job. Triggered every 5 minutes from 02:00 to 05:55 (config.json): the
// first invocation of the night does the work, a cut-off one is continued by the next, the rest
// find every shop done and return at once. Also run by `npm run nightly` against localcloud.
import cloud from 'wx-server-sdk';
import { Db } from '../../../server/core/db';
import { runNightly } from '../../../server/replenishment/job';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
const db = new Db(cloud.database());

/** config.json gives the function 60 s; stop starting new steps well before that. */
export const TIME_BUDGET_MS = 45_000;

interface NightlyEvent {
  Type?: string;
  shopIds?: string[];
  force?: boolean;
  today?: string;
  pageSize?: number;
}

export async function main(event: NightlyEvent = {}) {
  // Mini program users can call any cloud function: this one only runs from the timer, the
  // console or the command line, which carry no user.
  if (cloud.getWXContext().OPENID) return { ok: false, error: { code: 'E_FORBIDDEN', message: '你没有权限执行此操作' } };
  const started = Date.now();
  const result = await runNightly(db, cloud, {
    deadline: started + TIME_BUDGET_MS,
    shopIds: Array.isArray(event.shopIds) ? event.shopIds.map(String) : undefined,
    force: event.force === true,
    today: typeof event.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(event.today) ? event.today : undefined,
    pageSize: typeof event.pageSize === 'number' && event.pageSize >= 1 && event.pageSize <= 100 ? Math.floor(event.pageSize) : undefined,
    sendDigest: true,
  });
  return { ok: true, data: { ...result, ms: Date.now() - started } };
}
