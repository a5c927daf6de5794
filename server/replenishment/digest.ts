// The owner's nightly digest: one subscribe message per shop and night, only when new alerts
// opened and the owner has an unused acceptance (a one-time subscription allows one message).
import { ALERT_KINDS } from '../../typings/models';
import type { AlertKind, Shop } from '../../typings/models';
import { Db } from '../core/db';
import { deployment } from '../core/deployment';

/**
 * The template the owner picks in the 公众平台 (e.g. 库存预警提醒) must have these keywords:
 * 店铺名称 thing1, 新增预警 number2, 预警摘要 thing3, 提醒时间 time4. Change the keys here if the
 * chosen template numbers them differently.
 */
export const DIGEST_FIELDS = { shop: 'thing1', count: 'number2', summary: 'thing3', time: 'time4' } as const;
export const DIGEST_PAGE = 'pages/alerts/index';

const SHORT: Record<AlertKind, string> = { low_stock: '缺货', expiring: '临期', over_stock: '积压', dead_stock: '滞销' };

export interface Subscription {
  _id: string;
  shopId: string;
  openid: string;
  templateId: string;
  credits: number;
  updatedAt: Date | string;
}

export const subscriptionId = (shopId: string, openid: string) => `${shopId}_${openid}`;

/** thing.DATA takes at most 20 characters. */
export const clip = (s: string, max = 20) => (Array.from(s).length > max ? `${Array.from(s).slice(0, max - 1).join('')}…` : s);

export type KindCounts = Partial<Record<AlertKind, number>>;

export function digestSummary(counts: KindCounts): string {
  return clip(ALERT_KINDS.filter((k) => counts[k]).map((k) => `${SHORT[k]}${counts[k]}`).join(' '));
}

/** 2026年11月23日 02:05 in China time, the time.DATA format. */
export function digestTime(at: Date): string {
  const d = new Date(at.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export type DigestStatus = 'sent' | 'nothing_new' | 'no_template' | 'no_subscription' | 'refused' | 'failed';

/**
 * Uses one credit, then sends. The credit is taken first: a crash between the two loses a credit
 * rather than sending twice.
 */
export async function sendDigest(db: Db, cloud: any, shop: Shop, opened: KindCounts, now: Date): Promise<{ status: DigestStatus; error?: string }> {
  const total = Object.values(opened).reduce((a, b) => a + (b ?? 0), 0);
  if (total === 0) return { status: 'nothing_new' };
  const templateId = deployment().digestTemplateId;
  if (!templateId) return { status: 'no_template' };
  const subId = subscriptionId(shop._id, shop.ownerOpenid);
  const took = await db.transaction(async (tx) => {
    const sub = await tx.get<Subscription>('subscriptions', subId);
    if (!sub || sub.templateId !== templateId || sub.credits < 1) return false;
    await tx.update('subscriptions', subId, { credits: sub.credits - 1, updatedAt: now });
    return true;
  });
  if (!took) return { status: 'no_subscription' };
  try {
    await cloud.openapi.subscribeMessage.send({
      touser: shop.ownerOpenid,
      templateId,
      page: DIGEST_PAGE,
      data: {
        [DIGEST_FIELDS.shop]: { value: clip(shop.name) },
        [DIGEST_FIELDS.count]: { value: String(total) },
        [DIGEST_FIELDS.summary]: { value: digestSummary(opened) },
        [DIGEST_FIELDS.time]: { value: digestTime(now) },
      },
    });
    return { status: 'sent' };
  } catch (e: any) {
    // 43101: the owner refused or cancelled the subscription: no credit is left.
    if (e?.errCode === 43101) {
      await db.update('subscriptions', subId, { credits: 0, updatedAt: now });
      return { status: 'refused', error: String(e.errMsg ?? e.message) };
    }
    return { status: 'failed', error: String(e?.errMsg ?? e?.message ?? e) };
  }
}
