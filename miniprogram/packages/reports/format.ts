// What the report pages show of each answer (pure: tested without rendering). Money in yuan.
import type { ActionOutput } from '../../../typings/api';
import type { PurchaseRow, QtyValue, ReturnsRow, SalesReportRow, SlowRow, StockReportRow, TurnoverRow } from '../../../typings/api/reports';
import { formatMoney } from '../../utils/money';
import type { Point } from './components/chart/geometry';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);
const qv = (x: QtyValue | undefined, unit: string) => (x ? `${x.qty}${unit} ${formatMoney(x.valueFen)}` : '');

export function stockRowView(r: StockReportRow, labels: Record<string, string>) {
  const list = (m: StockReportRow['in']) => Object.entries(m).map(([b, x]) => `${labels[b] ?? b} ${x!.qty}`).join('，');
  return {
    id: r.productId,
    name: r.productName,
    opening: qv(r.opening, r.baseUnit),
    closing: qv(r.closing, r.baseUnit),
    inText: r.inTotal.qty || Object.keys(r.in).length ? `入 ${r.inTotal.qty}${r.baseUnit}（${list(r.in)}）` : '入 0',
    outText: r.outTotal.qty || Object.keys(r.out).length ? `出 ${r.outTotal.qty}${r.baseUnit}（${list(r.out)}）` : '出 0',
  };
}

export function stockSummary(t: ActionOutput<'reports.stock'>['totals']) {
  return [
    { label: '期初金额', value: formatMoney(t.opening.valueFen) },
    { label: '期末金额', value: formatMoney(t.closing.valueFen) },
    { label: '入库成本', value: formatMoney(t.inTotal.valueFen) },
    { label: '出库成本', value: formatMoney(t.outTotal.valueFen) },
  ];
}

export function salesRowView(r: SalesReportRow, rank: number | null) {
  return {
    id: r.key,
    name: `${rank ? `${rank}. ` : ''}${r.label}`,
    amount: formatMoney(r.amountFen),
    detail: `数量 ${r.qty} · 毛利 ${formatMoney(r.profitFen)} · 毛利率 ${pct(r.margin)}${r.orders !== null ? ` · ${r.orders} 单` : ''} · 占比 ${pct(r.share)}`,
  };
}

export function salesSummary(t: ActionOutput<'reports.sales'>['totals']) {
  return [
    { label: '销售额', value: formatMoney(t.amountFen) },
    { label: '毛利', value: formatMoney(t.profitFen) },
    { label: '成本', value: formatMoney(t.costFen) },
    { label: '单数', value: String(t.orders) },
  ];
}

/** Points of the sales chart: days as a line (MM-DD), anything else as bars of the page's rows. */
export function salesPoints(rows: SalesReportRow[], by: string, sort: string): Point[] {
  const value = (r: SalesReportRow) => (sort === 'qty' ? r.qty : sort === 'profit' ? r.profitFen / 100 : r.amountFen / 100);
  if (by === 'day') return rows.map((r) => ({ label: r.key.slice(5), value: value(r) }));
  return rows.slice(0, 10).map((r) => ({ label: r.label, value: value(r) }));
}

/** Months as 3月; over a year's end as 25/12, 26/01 so the two Decembers differ. */
export function monthPoints(months: { month: string; netFen: number }[]): Point[] {
  const oneYear = new Set(months.map((m) => m.month.slice(0, 4))).size <= 1;
  return months.map((m) => ({ label: oneYear ? `${Number(m.month.slice(5, 7))}月` : `${m.month.slice(2, 4)}/${m.month.slice(5, 7)}`, value: m.netFen / 100 }));
}

export function turnoverRowView(r: TurnoverRow) {
  return {
    id: r.productId,
    name: r.productName,
    value: r.turnover === null ? '—' : `${r.turnover} 次`,
    detail: `销售成本 ${formatMoney(r.costOfSalesFen)} · 平均库存 ${formatMoney(r.averageStockFen)} · 期末 ${r.closingQty}${r.baseUnit} · ${r.coverDays === null ? '期间没有销售' : `可卖 ${r.coverDays} 天`}`,
  };
}

export function returnsRowView(r: ReturnsRow) {
  return {
    id: r.productId,
    name: r.productName,
    value: `退货率 ${pct(r.rate)}`,
    detail: `售出 ${r.soldQty}${r.baseUnit} · 退回 ${r.returnedQty}${r.baseUnit} · 退款 ${formatMoney(r.refundFen)}${r.damagedQty ? ` · 损坏报废 ${r.damagedQty}${r.baseUnit}（${formatMoney(r.damagedFen)}）` : ''}`,
  };
}

export function purchaseRowView(r: PurchaseRow) {
  return {
    id: r.supplierId,
    name: r.supplierName,
    value: formatMoney(r.netFen),
    detail: `进货 ${formatMoney(r.receivedFen)} · 退货 ${formatMoney(r.returnedFen)} · 到货 ${r.receiptDays} 天 · 准时率 ${pct(r.onTimeRate)}`,
    prices: r.prices.map((p) => `${p.productName}：${formatMoney(Math.round(p.firstCostFen))} → ${formatMoney(Math.round(p.lastCostFen))}${p.changePct ? `（${p.changePct > 0 ? '+' : ''}${p.changePct}%）` : ''}`),
  };
}

export function slowRowView(r: SlowRow) {
  return {
    id: r.productId,
    name: r.productName,
    value: formatMoney(r.valueFen),
    detail: `库存 ${r.onHand}${r.baseUnit} · ${r.daysSinceSale === null ? '期间没有卖出' : r.daysSinceSale === 0 ? '今天有卖出' : `${r.daysSinceSale} 天没卖出`}${r.daysSinceReceipt !== null ? ` · 最近进货 ${r.daysSinceReceipt} 天前` : ''}`,
  };
}
