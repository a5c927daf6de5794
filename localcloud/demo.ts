// The demo shop of `npm start`: created once through the real api function, like a merchant would.
import type { LocalCloud } from './index';

export const DEMO_OWNER_OPENID = 'demo-owner-openid';

export async function seedDemo(lc: LocalCloud): Promise<string> {
  const r = await lc.invoke('api', { action: 'dev.seedDemo' }, { openid: DEMO_OWNER_OPENID });
  if (r.error) return `demo shop not seeded: ${r.error.errMsg}`;
  const result = r.result as { ok: boolean; data?: { created: boolean; shopName: string }; error?: { message: string } };
  if (!result?.ok) return `demo shop not seeded: ${result?.error?.message ?? 'unknown error'}`;
  return result.data!.created ? `demo shop "${result.data!.shopName}" created (owner openid ${DEMO_OWNER_OPENID})` : `demo shop "${result.data!.shopName}" ready`;
}
