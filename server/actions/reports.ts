// 报表 and the home dashboard: figures from daily summaries (server/reports/summary.ts) plus the
// days after the nightly watermark aggregated live; clerks see their own sales only, never cost.
import { schemas } from '../../typings/api';
import type { PurchaseRow } from '../../typings/api/reports';
import { AppError } from '../core/errors';
import { pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { loadShop, resolveWarehouse } from '../core/shop';
import { chinaDay } from '../posting/engine';
import { scorecard, supplierHistory } from '../purchasing/scorecard';
import { addDays } from '../replenishment/history';
import { BUCKET_LABELS, dayFigures, returnsRows, salesRows, slowRows, sortSales, stockRows, stockTotals, turnoverRows } from '../reports/figures';
import { balancesOf, loadDays, PeriodInput, periodOf, productsOf, resolvePeriod, SummarySection, weekStart } from '../reports/load';
import { add2, Span } from '../reports/months';

const MANAGERS = ['owner', 'manager'] as const;

/** The period, its warehouse (checked against the shop) and its days; `through` = read days up to today (for stock). */
async function periodDays(ctx: MemberContext, input: PeriodInput, options: { throughToday?: boolean; sections: SummarySection[] }) {
  const today = chinaDay(ctx.requestNow);
  const { from, to } = resolvePeriod(input, today);
  if (from > today) throw new AppError('E_VALIDATION', '期间还没有开始');
  let warehouseId: string | null = null;
  if (input.warehouseId) warehouseId = resolveWarehouse(await loadShop(ctx), input.warehouseId).id;
  const products = await productsOf(ctx.db, ctx.member.shopId);
  const categories = async () => new Map([...products.values()].map((p) => [p._id, p.category ?? '']));
  const loaded = await loadDays(ctx.db, ctx.member.shopId, from, options.throughToday ? today : to, today, categories, options.sections, { splitAt: to });
  const last = to > today ? today : to;
  return { today, from, to: last, warehouseId, products, loaded, days: loaded.days, inPeriod: loaded.days.filter((d) => d.day <= last), period: periodOf(from, last, warehouseId, loaded) };
}

const page = <T>(rows: T[], p: number, size: number) => ({ ...pageOf(rows.slice((p - 1) * size, p * size + 1), p, size), count: rows.length });

async function stockReport(ctx: MemberContext, input: PeriodInput, sections: SummarySection[] = ['moves']) {
  const x = await periodDays(ctx, input, { throughToday: true, sections });
  const balances = await balancesOf(ctx.db, ctx.member.shopId, x.warehouseId);
  return { ...x, rows: stockRows(x.days, balances, x.products, x.to, x.warehouseId) };
}

export const reportActions = {
  'reports.stock': action(MANAGERS, schemas['reports.stock'], async (ctx, input) => {
    const r = await stockReport(ctx, input);
    const keyword = input.keyword?.toLowerCase();
    const rows = keyword ? r.rows.filter((row) => row.productName.toLowerCase().includes(keyword)) : r.rows;
    return { ...page(rows, input.page, input.pageSize), period: r.period, labels: BUCKET_LABELS, totals: stockTotals(rows) };
  }),

  'reports.sales': action(MANAGERS, schemas['reports.sales'], async (ctx, input) => {
    const x = await periodDays(ctx, input, { sections: ['sales', 'clerks', ...(input.by === 'customer' ? (['customers'] as const) : []), ...(input.by === 'day' ? (['daily'] as const) : [])] });
    const rows = sortSales(salesRows(x.inPeriod, input.by, x.warehouseId, x.products), input.by, input.sort);
    const paged = page(rows, input.page, input.pageSize);
    if (input.by === 'customer') {
      const names = new Map((await ctx.db.getMany<{ _id: string; name: string }>('customers', paged.items.filter((r) => r.key).map((r) => r.key))).map((c) => [c._id, c.name]));
      for (const r of paged.items) r.label = r.key ? names.get(r.key) ?? '（已删除客户）' : '散客';
    }
    const sum = (k: 'qty' | 'amountFen' | 'costFen' | 'profitFen') => rows.reduce((s, r) => s + r[k], 0);
    const orders = x.inPeriod.reduce((s, d) => s + d.clerks.filter((r) => !x.warehouseId || r.w === x.warehouseId).reduce((t, r) => t + r.n, 0), 0);
    return { ...paged, period: x.period, by: input.by, totals: { qty: sum('qty'), amountFen: sum('amountFen'), costFen: sum('costFen'), profitFen: sum('profitFen'), orders } };
  }),

  'reports.turnover': action(MANAGERS, schemas['reports.turnover'], async (ctx, input) => {
    const r = await stockReport(ctx, input, ['moves', 'sales']);
    const rows = turnoverRows(r.rows, r.inPeriod, r.period.days, r.warehouseId);
    return { ...page(rows, input.page, input.pageSize), period: r.period };
  }),

  'reports.returns': action(MANAGERS, schemas['reports.returns'], async (ctx, input) => {
    const x = await periodDays(ctx, input, { sections: ['sales'] });
    const rows = returnsRows(x.inPeriod, x.warehouseId, x.products);
    const sold = x.inPeriod.reduce((s, d) => s + d.sales.filter((r) => !x.warehouseId || r.w === x.warehouseId).reduce((t, r) => t + r.sq, 0), 0);
    const totals = { soldQty: sold, returnedQty: rows.reduce((s, r) => s + r.returnedQty, 0), refundFen: rows.reduce((s, r) => s + r.refundFen, 0), damagedQty: rows.reduce((s, r) => s + r.damagedQty, 0) };
    return { ...page(rows, input.page, input.pageSize), period: x.period, totals };
  }),

  'reports.purchases': action(MANAGERS, schemas['reports.purchases'], async (ctx, input) => {
    const x = await periodDays(ctx, input, { sections: ['suppliers', 'receiptDays'] });
    const bySupplier = new Map<string, PurchaseRow & { days: Set<string> }>();
    const byMonth = new Map<string, number>();
    for (const d of x.inPeriod) {
      for (const r of d.suppliers.filter((s) => !x.warehouseId || s.w === x.warehouseId)) {
        const s = bySupplier.get(r.id) ?? { supplierId: r.id, supplierName: '', receivedFen: 0, returnedFen: 0, netFen: 0, receiptDays: 0, onTimeRate: null, prices: [], days: new Set<string>() };
        s.receivedFen = add2(s.receivedFen, r.v);
        s.returnedFen = add2(s.returnedFen, r.rv);
        // A month's row carries its first and last unit cost and the value of its receipt days; a day's row is one receipt day.
        const received = d.through ? r.fu !== undefined : r.q > 0;
        if (!d.through && r.q > 0) s.days.add(d.day);
        if (received) {
          const p = s.prices.find((y) => y.productId === r.p);
          if (p) {
            p.lastCostFen = r.lu ?? r.v / r.q;
            p.valueFen = add2(p.valueFen, r.pv ?? r.v);
          } else s.prices.push({ productId: r.p, productName: x.products.get(r.p)?.name ?? '', firstCostFen: r.fu ?? r.v / r.q, lastCostFen: r.lu ?? r.v / r.q, changePct: null, valueFen: r.pv ?? r.v });
        }
        bySupplier.set(r.id, s);
        byMonth.set(d.day.slice(0, 7), add2(byMonth.get(d.day.slice(0, 7)) ?? 0, add2(r.v, -r.rv)));
      }
      for (const r of (d.receiptDays ?? []).filter((s) => !x.warehouseId || s.w === x.warehouseId)) for (const day of r.d) bySupplier.get(r.id)?.days.add(day);
    }
    const rows = [...bySupplier.values()]
      .map(({ days, ...s }) => ({
        ...s,
        receivedFen: Math.round(s.receivedFen),
        returnedFen: Math.round(s.returnedFen),
        netFen: Math.round(s.receivedFen - s.returnedFen),
        receiptDays: days.size,
        prices: s.prices
          .map((p) => ({ ...p, firstCostFen: Math.round(p.firstCostFen * 100) / 100, lastCostFen: Math.round(p.lastCostFen * 100) / 100, valueFen: Math.round(p.valueFen), changePct: p.firstCostFen > 0 ? Math.round(((p.lastCostFen - p.firstCostFen) / p.firstCostFen) * 1000) / 10 : null }))
          .sort((a, b) => b.valueFen - a.valueFen)
          .slice(0, 5),
      }))
      .sort((a, b) => b.netFen - a.netFen);
    const paged = page(rows, input.page, input.pageSize);
    // Names and the on-time rate only for the suppliers on this page (two bounded reads each).
    const suppliers = new Map((await ctx.db.getMany<{ _id: string; name: string }>('suppliers', paged.items.map((r) => r.supplierId))).map((s) => [s._id, s.name]));
    await Promise.all(
      paged.items.map(async (r) => {
        r.supplierName = suppliers.get(r.supplierId) ?? '（已删除供应商）';
        const h = await supplierHistory(ctx, r.supplierId);
        r.onTimeRate = scorecard(h.orders, h.receipts).onTimeRate;
      }),
    );
    const totals = { receivedFen: rows.reduce((s, r) => s + r.receivedFen, 0), returnedFen: rows.reduce((s, r) => s + r.returnedFen, 0), netFen: rows.reduce((s, r) => s + r.netFen, 0) };
    return { ...paged, period: x.period, totals, byMonth: [...byMonth.entries()].sort().map(([month, v]) => ({ month, netFen: Math.round(v) })) };
  }),

  'reports.slow': action(MANAGERS, schemas['reports.slow'], async (ctx, input) => {
    const r = await stockReport(ctx, input, ['moves', 'sales']);
    const rows = slowRows(r.rows, r.days, r.to, r.warehouseId);
    return { ...page(rows, input.page, input.pageSize), period: r.period, totals: { valueFen: rows.reduce((s, x) => s + x.valueFen, 0) } };
  }),

  'reports.dashboard': action(['owner', 'manager', 'clerk'], schemas['reports.dashboard'], async (ctx) => {
    const shopId = ctx.member.shopId;
    const today = chinaDay(ctx.requestNow);
    const clerk = ctx.member.role === 'clerk' ? ctx.openid : null;
    const first = addDays(today, -29);
    const [loaded, balances, openAlerts] = await Promise.all([
      loadDays(ctx.db, shopId, first, today, today, async () => new Map(), ['sales', 'clerks']),
      clerk ? Promise.resolve(null) : balancesOf(ctx.db, shopId, null),
      ctx.db.count('alerts', { shopId, status: 'open' }),
    ]);
    const byDay = new Map<string, Span>(loaded.days.map((d) => [d.day, d]));
    const series = Array.from({ length: 30 }, (_, i) => addDays(first, i)).map((day) => ({ day, amountFen: dayFigures(byDay.get(day), clerk).amountFen }));
    const best = new Map<string, { productId: string; productName: string; qty: number; amountFen: number }>();
    if (!clerk) {
      for (const d of loaded.days.filter((x) => x.day >= weekStart(today))) {
        for (const r of d.sales) {
          const b = best.get(r.p) ?? { productId: r.p, productName: r.n, qty: 0, amountFen: 0 };
          b.qty += r.q;
          b.amountFen += r.a;
          best.set(r.p, b);
        }
      }
    }
    return {
      today,
      scope: clerk ? ('mine' as const) : ('shop' as const),
      figures: { today: dayFigures(byDay.get(today), clerk), yesterday: dayFigures(byDay.get(addDays(today, -1)), clerk), lastWeek: dayFigures(byDay.get(addDays(today, -7)), clerk) },
      series,
      stockValueFen: balances ? Math.round(balances.reduce((s, b) => s + Math.max(0, b.qty) * Number(b.unitCost || 0), 0)) : null,
      openAlerts,
      bestSellers: [...best.values()].filter((b) => b.qty > 0).sort((a, b) => b.qty - a.qty || b.amountFen - a.amountFen).slice(0, 5),
    };
  }),
};
