// Purchase suggestions and alerts for the pages, and the owner's "recompute now".
import { schemas } from '../../typings/api';
import type { AlertCursor, AlertGroup, AlertView, RunSummary, SuggestionGroup, SuggestionItem } from '../../typings/api/replenishment';
import { ALERT_KINDS, ALERT_LABELS } from '../../typings/models';
import type { Alert, AlertKind, ReplenishmentRecord } from '../../typings/models';
import type { Party } from '../../typings/api/parties';
import { deployment } from '../core/deployment';
import { AppError } from '../core/errors';
import { forEachLimit } from '../core/pool';
import { action, MemberContext } from '../core/router';
import { loadShop } from '../core/shop';
import { forecastAccuracy } from '../replenishment/accuracy';
import { alertMessage } from '../replenishment/alerts';
import { Subscription, subscriptionId } from '../replenishment/digest';
import { chinaDay } from '../replenishment/history';
import { NightlyState, recordId, runNightly, ShopRun } from '../replenishment/job';

/** The api function's timeout is 20 s (config.json); leave room for the last step and the answer. */
const RECOMPUTE_BUDGET_MS = 10_000;

const runSummary = (s: Pick<ShopRun, 'day' | 'phase' | 'products' | 'opened' | 'finishedAt'>): RunSummary => ({
  day: s.day,
  phase: s.phase,
  done: s.phase === 'done',
  products: s.products,
  newAlerts: Object.values(s.opened ?? {}).reduce((a, b) => a + (b ?? 0), 0),
  finishedAt: s.finishedAt,
});

function orderText(supplierName: string, items: SuggestionItem[]): string {
  const lines = items.map((i, n) => `${n + 1}. ${i.productName} ${i.packs}${i.purchaseUnit}`);
  return [`${supplierName === '未指定供应商' ? '' : `${supplierName}，`}您好，我想订货：`, ...lines].join('\n');
}

/** The fields of an alert and of its product's record that the alerts tab shows. */
const ALERT_FIELDS = { _id: true, kind: true, productId: true, productName: true, batchNo: true, status: true, message: true, data: true, updatedAt: true };
const RECORD_FIELDS = { productId: true, onHand: true, reorderPoint: true, suggestedQty: true, baseUnit: true, weeklySales: true, forecast: true, mase: true, sigma: true, meanDaily: true, purchaseUnit: true, coverDays: true };

/** Alerts of one kind after a cursor, open before acknowledged, newest first; the kind's exact count. */
async function alertGroup(ctx: MemberContext, where: Record<string, unknown>, kind: AlertKind, after: AlertCursor | undefined, limit: number, active: boolean): Promise<AlertGroup> {
  const _ = ctx.db.command;
  // 'open' sorts after 'acknowledged': descending puts the open ones first.
  const orderBy: [string, 'asc' | 'desc'][] = [...(active ? [['status', 'desc'] as [string, 'desc']] : []), ['updatedAt', 'desc'], ['_id', 'asc']];
  // After the cursor in that order: a later status, or the same status and older, or the same time and a greater id.
  const later = (a: AlertCursor) => {
    const byTime = [{ updatedAt: _.lt(a.updatedAt) }, { updatedAt: a.updatedAt, _id: _.gt(a.id) }];
    return active ? [{ status: _.lt(a.status) }, ...byTime.map((w) => ({ status: a.status, ...w }))] : byTime;
  };
  const [count, rows] = await Promise.all([
    ctx.db.count('alerts', where),
    ctx.db.find<Alert>('alerts', after ? _.and([where, _.or(later(after))]) : where, { orderBy, limit: limit + 1, fields: ALERT_FIELDS }),
  ]);
  const alerts = rows.slice(0, limit);
  const ids = [...new Set(alerts.map((a) => recordId(ctx.member.shopId, a.productId)))];
  const records = new Map(
    (ids.length ? await ctx.db.find<ReplenishmentRecord>('replenishment', { _id: ctx.db.command.in(ids) }, { limit: ids.length, fields: RECORD_FIELDS }) : []).map((r) => [r.productId, r]),
  );
  // Worded on the day it is read: an alert written last night counts today's days.
  const today = chinaDay(ctx.requestNow);
  const items: AlertView[] = alerts.map((a) => {
    const r = records.get(a.productId);
    return {
      _id: a._id,
      kind: a.kind,
      productId: a.productId,
      productName: a.productName,
      batchNo: a.batchNo,
      status: a.status,
      message: (r && alertMessage(a.kind, a.data ?? {}, today, r)) || a.message,
      updatedAt: a.updatedAt,
      onHand: r?.onHand ?? null,
      reorderPoint: r?.reorderPoint ?? null,
      suggestedQty: r?.suggestedQty ?? null,
      baseUnit: r?.baseUnit ?? '',
      accuracy: r ? forecastAccuracy(r) : null,
      chart: r ? { weeks: r.weeklySales, forecastWeek: Math.round(r.forecast.slice(0, 7).reduce((s, v) => s + v, 0) * 10) / 10 } : null,
    };
  });
  const last = alerts[alerts.length - 1];
  const hasMore = rows.length > limit;
  return { kind, label: ALERT_LABELS[kind], count, items, hasMore, next: hasMore && last ? { status: last.status, updatedAt: last.updatedAt, id: last._id } : null };
}

export const replenishmentActions = {
  'replenishment.suggestions': action(['owner', 'manager'], schemas['replenishment.suggestions'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: ctx.member.shopId, suggestedQty: _.gt(0) };
    if (input.supplierId !== undefined) where.supplierId = input.supplierId;
    const records = await ctx.db.findAll<ReplenishmentRecord>('replenishment', where, [['productName', 'asc']], 5000);
    const suppliers = new Map(
      (await ctx.db.getMany<Party>('suppliers', [...new Set(records.map((r) => r.supplierId).filter(Boolean))]))
        .filter((s) => s.shopId === ctx.member.shopId)
        .map((s) => [s._id, s.name]),
    );
    const groups = new Map<string, SuggestionGroup>();
    const rank = { A: 0, B: 1, C: 2 } as const;
    for (const r of records.sort((a, b) => rank[a.abcClass ?? 'C'] - rank[b.abcClass ?? 'C'] || a.productName.localeCompare(b.productName, 'zh'))) {
      const supplierName = (r.supplierId && suppliers.get(r.supplierId)) || '未指定供应商';
      const group = groups.get(r.supplierId) ?? { supplierId: r.supplierId, supplierName, items: [], totalCostFen: 0, orderText: '' };
      group.items.push({
        productId: r.productId,
        productName: r.productName,
        abcClass: r.abcClass,
        onHand: r.onHand,
        reorderPoint: r.reorderPoint,
        suggestedQty: r.suggestedQty,
        baseUnit: r.baseUnit,
        packs: r.suggestedQty / r.purchaseUnit.factor,
        purchaseUnit: r.purchaseUnit.name,
        unitCostFen: r.unitCostFen,
        suggestedCostFen: r.suggestedCostFen,
        reason: r.reason,
        accuracy: forecastAccuracy(r),
      });
      group.totalCostFen += r.suggestedCostFen;
      groups.set(r.supplierId, group);
    }
    const list = [...groups.values()].sort((a, b) => (a.supplierId ? 0 : 1) - (b.supplierId ? 0 : 1) || a.supplierName.localeCompare(b.supplierName, 'zh'));
    for (const g of list) g.orderText = orderText(g.supplierName, g.items);
    const day = records.reduce<string | null>((d, r) => (!d || r.day > d ? r.day : d), null);
    return { day, groups: list };
  }),

  'replenishment.recompute': action(['owner', 'manager'], schemas['replenishment.recompute'], async (ctx) => {
    const result = await runNightly(ctx.db, ctx.cloud, {
      shopIds: [ctx.member.shopId],
      force: true,
      sendDigest: false,
      deadline: Date.now() + RECOMPUTE_BUDGET_MS,
      today: chinaDay(ctx.requestNow),
    });
    const run = result.shops[0];
    if (!run) throw new AppError('E_NO_SHOP');
    return runSummary(run);
  }),

  'alerts.list': action(['owner', 'manager', 'clerk'], schemas['alerts.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const shopId = ctx.member.shopId;
    const where: Record<string, unknown> = { shopId };
    if (input.status === 'active') where.status = _.in(['open', 'acknowledged']);
    const kinds = input.kind ? [input.kind] : ALERT_KINDS;
    const [groups, open, acknowledged, shop, runs, subscription] = await Promise.all([
      Promise.all(kinds.map((kind) => alertGroup(ctx, { ...where, kind }, kind, input.after, input.limit, input.status === 'active'))),
      ctx.db.count('alerts', { ...where, status: 'open' }),
      ctx.db.count('alerts', { ...where, status: 'acknowledged' }),
      loadShop(ctx),
      ctx.db.find<NightlyState>('job_state', { shopId, phase: _.exists(true) }, { orderBy: [['day', 'desc']], limit: 1 }),
      ctx.db.getById<Subscription>('subscriptions', subscriptionId(shopId, ctx.openid)),
    ]);
    const templateId = deployment().digestTemplateId;
    return {
      groups: groups.filter((g) => g.count > 0),
      counts: { open, acknowledged },
      lastRun: runs[0] ? runSummary(runs[0]) : null,
      digest: {
        templateId,
        credits: subscription && subscription.templateId === templateId ? subscription.credits : 0,
        isOwner: shop.ownerOpenid === ctx.openid,
      },
    };
  }),

  'alerts.counts': action(['owner', 'manager', 'clerk'], schemas['alerts.counts'], async (ctx) => {
    const counts = await Promise.all(ALERT_KINDS.map((kind) => ctx.db.count('alerts', { shopId: ctx.member.shopId, status: 'open', kind })));
    const byKind = Object.fromEntries(ALERT_KINDS.map((k, i) => [k, counts[i]])) as Record<AlertKind, number>;
    return { open: counts.reduce((a, b) => a + b, 0), byKind };
  }),

  'alerts.acknowledge': action(['owner', 'manager'], schemas['alerts.acknowledge'], async (ctx, input) => {
    const found = await ctx.db.getMany<Alert>('alerts', input.ids);
    const own = found.filter((a) => a.shopId === ctx.member.shopId);
    if (own.length !== new Set(input.ids).size) throw new AppError('E_NOT_FOUND', '预警不存在或已删除');
    const open = own.filter((a) => a.status === 'open');
    const at = new Date().toISOString();
    await forEachLimit(open, 10, (a) => ctx.db.update('alerts', a._id, { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: ctx.member.name, updatedAt: at }));
    return { acknowledged: open.length };
  }),

  'alerts.subscribe': action(['owner'], schemas['alerts.subscribe'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const templateId = deployment().digestTemplateId;
    if (!templateId) throw new AppError('E_INVALID_STATE', '这个小程序还没有开通预警消息');
    if (input.templateId !== templateId) throw new AppError('E_INVALID_STATE', '订阅的模板已更换，请刷新后重试');
    const id = subscriptionId(shop._id, ctx.openid);
    return ctx.db.transaction(async (tx) => {
      const current = await tx.get<Subscription>('subscriptions', id);
      const kept = current && current.templateId === input.templateId ? current.credits : 0;
      if (!input.accepted) return { credits: kept };
      // Each acceptance of a one-time subscription allows one message.
      const credits = kept + 1;
      await tx.set('subscriptions', id, { shopId: shop._id, openid: ctx.openid, templateId: input.templateId, credits, updatedAt: new Date() });
      return { credits };
    });
  }),
};
