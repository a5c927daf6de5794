// The reports' arithmetic over daily summaries and month roll-ups (pure: no database). Values are
// fen at cost with the summaries' two decimals, summed with add2 (so a month's figures equal its
// days' whatever the order), rounded to whole fen only in the answer.
import Decimal from 'decimal.js';
import type { DayFigures, QtyValue, ReportBucket, ReturnsRow, SalesReportRow, SlowRow, StockReportRow, TurnoverRow } from '../../typings/api/reports';
import { daysBetween } from '../replenishment/history';
import type { ProductInfo } from './load';
import { add2, Span } from './months';
import { Bucket, BUCKETS } from './summary';

export const BUCKET_LABELS: Record<ReportBucket, string> = {
  opening: '期初',
  purchase_receipt: '采购',
  purchase_return: '采购退货',
  sale: '销售',
  sale_return: '销售退货',
  exchange: '换货',
  transfer: '调拨',
  count_adjustment: '盘点',
  adjustment: '调整',
  damage: '退货报损',
};

const fen = (v: number) => Math.round(v);
const inWarehouse = (w: string | null) => (r: { w: string }) => !w || r.w === w;

interface Flow {
  in: Map<Bucket, { q: number; v: number }>;
  out: Map<Bucket, { q: number; v: number }>;
  net: { q: number; v: number };
}

function flowsOf(days: Span[], warehouseId: string | null): Map<string, Flow> {
  const out = new Map<string, Flow>();
  const add = (m: Map<Bucket, { q: number; v: number }>, b: Bucket, q: number, v: number) => {
    const x = m.get(b) ?? { q: 0, v: 0 };
    x.q += q;
    x.v = add2(x.v, v);
    m.set(b, x);
  };
  for (const d of days) {
    for (const r of d.moves.filter(inWarehouse(warehouseId))) {
      let f = out.get(r.p);
      if (!f) out.set(r.p, (f = { in: new Map(), out: new Map(), net: { q: 0, v: 0 } }));
      if (r.i || r.iv) add(f.in, r.b, r.i, r.iv);
      if (r.o || r.ov) add(f.out, r.b, r.o, r.ov);
      f.net.q += r.i - r.o;
      f.net.v = add2(f.net.v, add2(r.iv, -r.ov));
    }
  }
  return out;
}

type Balance = { productId: string; warehouseId: string; qty: number; unitCost: string };

/**
 * 进销存 per product: closing at the period's end = today's balance − what moved after the period;
 * opening = closing − what moved in it. So the closing of a period ending today IS the balance, and
 * a period from the shop's first day opens at zero exactly when the summaries equal the ledger.
 */
export function stockRows(days: Span[], balances: Balance[], products: Map<string, ProductInfo>, to: string, warehouseId: string | null): StockReportRow[] {
  const inPeriod = flowsOf(days.filter((d) => (d.through ?? d.day) <= to), warehouseId);
  const after = flowsOf(days.filter((d) => d.day > to), warehouseId);
  const now = new Map<string, { q: number; v: Decimal }>();
  for (const b of balances) {
    if (warehouseId && b.warehouseId !== warehouseId) continue;
    const x = now.get(b.productId) ?? { q: 0, v: new Decimal(0) };
    x.q += b.qty;
    x.v = x.v.plus(new Decimal(b.qty).times(b.unitCost || 0));
    now.set(b.productId, x);
  }
  const ids = new Set([...inPeriod.keys(), ...after.keys(), ...[...now.entries()].filter(([, x]) => x.q !== 0).map(([id]) => id)]);
  const qv = (q: number, v: number): QtyValue => ({ qty: q, valueFen: fen(v) });
  const rows: StockReportRow[] = [];
  for (const id of ids) {
    const p = products.get(id);
    const cur = now.get(id) ?? { q: 0, v: new Decimal(0) };
    const later = after.get(id)?.net ?? { q: 0, v: 0 };
    const f = inPeriod.get(id) ?? { in: new Map(), out: new Map(), net: { q: 0, v: 0 } };
    const closing = { q: cur.q - later.q, v: cur.v.toNumber() - later.v };
    const opening = { q: closing.q - f.net.q, v: closing.v - f.net.v };
    if (!f.in.size && !f.out.size && closing.q === 0 && Math.abs(closing.v) < 0.5) continue;
    const sum = (m: Map<Bucket, { q: number; v: number }>) => [...m.values()].reduce((s, x) => ({ q: s.q + x.q, v: add2(s.v, x.v) }), { q: 0, v: 0 });
    const byBucket = (m: Map<Bucket, { q: number; v: number }>) => Object.fromEntries(BUCKETS.filter((b) => m.has(b)).map((b) => [b, qv(m.get(b)!.q, m.get(b)!.v)]));
    const ins = sum(f.in);
    const outs = sum(f.out);
    rows.push({
      productId: id,
      productName: p?.name ?? '（已删除商品）',
      baseUnit: p?.baseUnit ?? '',
      opening: qv(opening.q, opening.v),
      in: byBucket(f.in),
      out: byBucket(f.out),
      inTotal: qv(ins.q, ins.v),
      outTotal: qv(outs.q, outs.v),
      closing: qv(closing.q, closing.v),
    });
  }
  return rows.sort((a, b) => a.productName.localeCompare(b.productName, 'zh') || a.productId.localeCompare(b.productId));
}

export function stockTotals(rows: StockReportRow[]) {
  const z = (): QtyValue => ({ qty: 0, valueFen: 0 });
  const add = (a: QtyValue, b: QtyValue) => ({ qty: a.qty + b.qty, valueFen: a.valueFen + b.valueFen });
  const t = { opening: z(), inTotal: z(), outTotal: z(), closing: z(), in: {} as Partial<Record<Bucket, QtyValue>>, out: {} as Partial<Record<Bucket, QtyValue>> };
  for (const r of rows) {
    t.opening = add(t.opening, r.opening);
    t.inTotal = add(t.inTotal, r.inTotal);
    t.outTotal = add(t.outTotal, r.outTotal);
    t.closing = add(t.closing, r.closing);
    for (const [b, x] of Object.entries(r.in) as [Bucket, QtyValue][]) t.in[b] = add(t.in[b] ?? z(), x);
    for (const [b, x] of Object.entries(r.out) as [Bucket, QtyValue][]) t.out[b] = add(t.out[b] ?? z(), x);
  }
  return t;
}

export type SalesBy = 'product' | 'category' | 'customer' | 'clerk' | 'day';

/** Sales by product, category, customer, clerk or day in the period (names resolved by the caller for customers). */
export function salesRows(days: Span[], by: SalesBy, warehouseId: string | null, products: Map<string, ProductInfo>): SalesReportRow[] {
  const acc = new Map<string, { label: string; q: number; a: number; c: number; n: number | null }>();
  const add = (key: string, label: string, q: number, a: number, c: number, n: number | null) => {
    const x = acc.get(key) ?? { label, q: 0, a: 0, c: 0, n: n === null ? null : 0 };
    x.q += q;
    x.a += a;
    x.c = add2(x.c, c);
    if (n !== null) x.n = (x.n ?? 0) + n;
    acc.set(key, x);
  };
  for (const d of days) {
    if (by === 'customer' || by === 'clerk') {
      for (const r of (by === 'customer' ? d.customers : d.clerks).filter(inWarehouse(warehouseId))) add(r.id, r.name ?? (r.id ? '' : '散客'), r.q, r.a, r.c, r.n);
      continue;
    }
    if (by === 'day') {
      // a month brings its days' figures per warehouse; a day is its own
      const perDay = d.daily
        ? d.daily.filter(inWarehouse(warehouseId))
        : [{ d: d.day, ...d.sales.filter(inWarehouse(warehouseId)).reduce((s, r) => ({ q: s.q + r.q, a: s.a + r.a, c: add2(s.c, r.c) }), { q: 0, a: 0, c: 0 }), n: d.clerks.filter(inWarehouse(warehouseId)).reduce((s, r) => s + r.n, 0), rows: d.sales.filter(inWarehouse(warehouseId)).length }];
      for (const x of perDay) if (('rows' in x ? x.rows : 1) || x.n) add(x.d, x.d, x.q, x.a, x.c, x.n);
      continue;
    }
    for (const r of d.sales.filter(inWarehouse(warehouseId))) {
      if (by === 'product') add(r.p, products.get(r.p)?.name ?? r.n, r.q, r.a, r.c, null);
      else add(r.g || '未分类', r.g || '未分类', r.q, r.a, r.c, null);
    }
  }
  const total = [...acc.values()].reduce((s, x) => s + x.a, 0);
  return [...acc.entries()]
    .filter(([, x]) => x.q !== 0 || x.a !== 0 || (x.n ?? 0) !== 0)
    .map(([key, x]) => {
      const costFen = fen(x.c);
      return {
        key,
        label: x.label,
        qty: x.q,
        amountFen: x.a,
        costFen,
        profitFen: x.a - costFen,
        margin: x.a > 0 ? Math.round(((x.a - costFen) / x.a) * 1000) / 1000 : null,
        orders: x.n,
        share: total > 0 ? Math.round((x.a / total) * 1000) / 1000 : 0,
      };
    });
}

export function sortSales(rows: SalesReportRow[], by: SalesBy, sort: 'amount' | 'qty' | 'profit'): SalesReportRow[] {
  if (by === 'day') return rows.sort((a, b) => a.key.localeCompare(b.key));
  const k = sort === 'qty' ? 'qty' : sort === 'profit' ? 'profitFen' : 'amountFen';
  return rows.sort((a, b) => b[k] - a[k] || a.key.localeCompare(b.key));
}

/** Turnover and days of cover per product, from the 进销存 rows and the period's sales. */
export function turnoverRows(stock: StockReportRow[], days: Span[], periodDays: number, warehouseId: string | null): TurnoverRow[] {
  const sold = new Map<string, { q: number; c: number }>();
  for (const d of days) {
    for (const r of d.sales.filter(inWarehouse(warehouseId))) {
      const x = sold.get(r.p) ?? { q: 0, c: 0 };
      x.q += r.q;
      x.c = add2(x.c, r.c);
      sold.set(r.p, x);
    }
  }
  return stock
    .map((s) => {
      const x = sold.get(s.productId) ?? { q: 0, c: 0 };
      const average = (s.opening.valueFen + s.closing.valueFen) / 2;
      const perDay = x.q / periodDays;
      return {
        productId: s.productId,
        productName: s.productName,
        baseUnit: s.baseUnit,
        soldQty: x.q,
        costOfSalesFen: fen(x.c),
        averageStockFen: fen(average),
        turnover: average > 0 ? Math.round((x.c / average) * 100) / 100 : null,
        closingQty: s.closing.qty,
        coverDays: perDay > 0 ? Math.round((s.closing.qty / perDay) * 10) / 10 : null,
      };
    })
    .sort((a, b) => b.costOfSalesFen - a.costOfSalesFen || a.productName.localeCompare(b.productName, 'zh'));
}

export function returnsRows(days: Span[], warehouseId: string | null, products: Map<string, ProductInfo>): ReturnsRow[] {
  const acc = new Map<string, ReturnsRow & { dv: number }>();
  for (const d of days) {
    for (const r of d.sales.filter(inWarehouse(warehouseId))) {
      const p = products.get(r.p);
      const x = acc.get(r.p) ?? { productId: r.p, productName: p?.name ?? r.n, baseUnit: p?.baseUnit ?? '', soldQty: 0, returnedQty: 0, rate: null, refundFen: 0, damagedQty: 0, damagedFen: 0, dv: 0 };
      x.soldQty += r.sq;
      x.returnedQty += r.rq;
      x.refundFen += r.ra;
      x.damagedQty += r.dq;
      x.dv = add2(x.dv, r.dv);
      acc.set(r.p, x);
    }
  }
  return [...acc.values()]
    .filter((x) => x.returnedQty !== 0 || x.damagedQty !== 0)
    .map(({ dv, ...x }) => ({ ...x, damagedFen: fen(dv), rate: x.soldQty > 0 ? Math.round((x.returnedQty / x.soldQty) * 1000) / 1000 : null }))
    .sort((a, b) => (b.rate ?? 2) - (a.rate ?? 2) || b.returnedQty - a.returnedQty);
}

/** Products in stock, the longest unsold first (never sold in the period before sold long ago), then by value tied up. */
export function slowRows(stock: StockReportRow[], days: Span[], to: string, warehouseId: string | null): SlowRow[] {
  const lastSale = new Map<string, string>();
  const lastReceipt = new Map<string, string>();
  const later = (m: Map<string, string>, p: string, day: string) => {
    if ((m.get(p) ?? '') < day) m.set(p, day);
  };
  for (const d of days) {
    if (d.day > to) continue;
    // a month knows the last day inside it (ls, lr); a day is that day
    for (const r of d.sales.filter(inWarehouse(warehouseId))) if (d.through ? r.ls : r.sq > 0) later(lastSale, r.p, r.ls ?? d.day);
    for (const r of d.moves.filter(inWarehouse(warehouseId))) if (r.b === 'purchase_receipt' && (d.through ? r.lr : r.i > 0)) later(lastReceipt, r.p, r.lr ?? d.day);
  }
  return stock
    .filter((s) => s.closing.qty > 0)
    .map((s) => {
      const sold = lastSale.get(s.productId) ?? null;
      const received = lastReceipt.get(s.productId) ?? null;
      return {
        productId: s.productId,
        productName: s.productName,
        baseUnit: s.baseUnit,
        onHand: s.closing.qty,
        valueFen: s.closing.valueFen,
        daysSinceSale: sold ? daysBetween(sold, to) : null,
        lastSaleDay: sold,
        daysSinceReceipt: received ? daysBetween(received, to) : null,
      };
    })
    .sort((a, b) => (b.daysSinceSale ?? Infinity) - (a.daysSinceSale ?? Infinity) || b.valueFen - a.valueFen);
}

/** One day's figures of the shop, or of one clerk (no profit for a clerk). */
export function dayFigures(day: Span | undefined, clerk: string | null): DayFigures {
  if (!day) return { amountFen: 0, orders: 0, qty: 0, profitFen: clerk ? null : 0 };
  if (clerk) {
    const mine = day.clerks.filter((r) => r.id === clerk);
    return { amountFen: mine.reduce((s, r) => s + r.a, 0), orders: mine.reduce((s, r) => s + r.n, 0), qty: mine.reduce((s, r) => s + r.q, 0), profitFen: null };
  }
  const amount = day.sales.reduce((s, r) => s + r.a, 0);
  const cost = day.sales.reduce((s, r) => add2(s, r.c), 0);
  return { amountFen: amount, orders: day.clerks.reduce((s, r) => s + r.n, 0), qty: day.sales.reduce((s, r) => s + r.q, 0), profitFen: amount - fen(cost) };
}
