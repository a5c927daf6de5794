import { z } from 'zod';
import { date, id, page, Paged } from './common';

/** 报表 period: this China day, this week (from Monday), this month, this year, or from–to (at most 3 years). */
export const REPORT_PERIODS = ['today', 'week', 'month', 'year', 'custom'] as const;

export const reportPeriod = {
  period: z.enum(REPORT_PERIODS).default('month'),
  from: date.optional(),
  to: date.optional(),
  /** one warehouse, or all */
  warehouseId: id.optional(),
};

export const checkPeriod = (v: { period: string; from?: string; to?: string }, ctx: z.RefinementCtx) => {
  if (v.period !== 'custom') return;
  if (!v.from || !v.to) ctx.addIssue({ code: 'custom', path: [v.from ? 'to' : 'from'], message: '自定义期间需要开始和结束日期' });
  else if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' });
  else if (Date.parse(v.to) - Date.parse(v.from) > 3 * 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: '期间最长 3 年' });
};

export const SALES_BY = ['product', 'category', 'customer', 'clerk', 'day'] as const;
export const SALES_SORT = ['amount', 'qty', 'profit'] as const;

export const reportSchemas = {
  /** 首页: today, yesterday and the same weekday last week; 30 days of sales; stock value; best sellers. Clerks: their own sales only. */
  'reports.dashboard': z.object({}),
  /** 进销存: per product opening, in and out by type, closing (quantity and value at cost). */
  'reports.stock': z.object(reportPeriod).extend({ keyword: z.string().trim().max(40).optional(), ...page }).superRefine(checkPeriod),
  /** 销售排行 and 毛利: by product, category, customer, clerk or day. */
  'reports.sales': z
    .object(reportPeriod)
    .extend({ by: z.enum(SALES_BY).default('product'), sort: z.enum(SALES_SORT).default('amount'), ...page })
    .superRefine(checkPeriod),
  /** 周转: cost of goods sold ÷ average stock value, and days of cover at the period's pace. */
  'reports.turnover': z.object(reportPeriod).extend({ ...page }).superRefine(checkPeriod),
  /** 退货: returned ÷ sold per product, refunds, damaged. */
  'reports.returns': z.object(reportPeriod).extend({ ...page }).superRefine(checkPeriod),
  /** 采购: per supplier amount, returns, price trend per product, on-time rate. */
  'reports.purchases': z.object(reportPeriod).extend({ ...page }).superRefine(checkPeriod),
  /** 滞销与库龄: products in stock by days since their last sale, value tied up. */
  'reports.slow': z.object(reportPeriod).extend({ ...page }).superRefine(checkPeriod),
};

export type ReportBucket = 'opening' | 'purchase_receipt' | 'purchase_return' | 'sale' | 'sale_return' | 'exchange' | 'transfer' | 'count_adjustment' | 'adjustment' | 'damage';

export interface ReportPeriod {
  from: string;
  to: string;
  days: number;
  warehouseId: string | null;
  /** the last day read from stored summaries (later days were aggregated live) */
  summarizedThrough: string | null;
}

export interface QtyValue {
  qty: number;
  valueFen: number;
}

export interface StockReportRow {
  productId: string;
  productName: string;
  baseUnit: string;
  opening: QtyValue;
  /** by type: what came in (qty ≥ 0 unless reversed) */
  in: Partial<Record<ReportBucket, QtyValue>>;
  out: Partial<Record<ReportBucket, QtyValue>>;
  inTotal: QtyValue;
  outTotal: QtyValue;
  closing: QtyValue;
}

export interface StockReport extends Paged<StockReportRow> {
  period: ReportPeriod;
  labels: Record<ReportBucket, string>;
  totals: { opening: QtyValue; inTotal: QtyValue; outTotal: QtyValue; closing: QtyValue; in: Partial<Record<ReportBucket, QtyValue>>; out: Partial<Record<ReportBucket, QtyValue>> };
  /** products in the period's report (all pages) */
  count: number;
}

export interface SalesReportRow {
  key: string;
  label: string;
  qty: number;
  amountFen: number;
  /** owner/manager only */
  costFen: number;
  profitFen: number;
  /** profit ÷ amount, 0–1 (null without sales) */
  margin: number | null;
  /** sale tickets (customers, clerks, days) */
  orders: number | null;
  /** share of the period's amount, 0–1 */
  share: number;
}

export interface SalesReport extends Paged<SalesReportRow> {
  period: ReportPeriod;
  by: 'product' | 'category' | 'customer' | 'clerk' | 'day';
  totals: { qty: number; amountFen: number; costFen: number; profitFen: number; orders: number };
  count: number;
}

export interface TurnoverRow {
  productId: string;
  productName: string;
  baseUnit: string;
  soldQty: number;
  costOfSalesFen: number;
  averageStockFen: number;
  /** cost of sales ÷ average stock value over the period (null: no stock) */
  turnover: number | null;
  closingQty: number;
  /** closing ÷ average daily sales of the period (null: nothing sold) */
  coverDays: number | null;
}

export interface ReturnsRow {
  productId: string;
  productName: string;
  baseUnit: string;
  soldQty: number;
  returnedQty: number;
  /** returned ÷ sold (null: nothing sold in the period) */
  rate: number | null;
  refundFen: number;
  /** returned goods written off as damaged (reason 损坏) */
  damagedQty: number;
  damagedFen: number;
}

export interface PurchaseRow {
  supplierId: string;
  supplierName: string;
  receivedFen: number;
  returnedFen: number;
  netFen: number;
  /** days with a receipt from the supplier in the period */
  receiptDays: number;
  /** on time ÷ dated receipt lines over the supplier's recent orders (null: none dated) */
  onTimeRate: number | null;
  /** per product: first and last unit cost paid in the period (fen per base unit) */
  prices: { productId: string; productName: string; firstCostFen: number; lastCostFen: number; changePct: number | null; valueFen: number }[];
}

export interface SlowRow {
  productId: string;
  productName: string;
  baseUnit: string;
  onHand: number;
  valueFen: number;
  /** days since the last sale in the period (null: no sale in the period) */
  daysSinceSale: number | null;
  lastSaleDay: string | null;
  /** days since the last receipt in the period (null: none) */
  daysSinceReceipt: number | null;
}

export interface DayFigures {
  amountFen: number;
  orders: number;
  qty: number;
  /** owner/manager only (null for a clerk) */
  profitFen: number | null;
}

export interface Dashboard {
  today: string;
  /** the clerk's own sales, or the shop's */
  scope: 'shop' | 'mine';
  figures: { today: DayFigures; yesterday: DayFigures; lastWeek: DayFigures };
  /** 30 days of sales amounts, oldest first (the page shows the last 7 or all) */
  series: { day: string; amountFen: number }[];
  /** owner/manager: Σ on hand × moving-average cost */
  stockValueFen: number | null;
  openAlerts: number;
  /** this week (from Monday) by quantity; empty for a clerk */
  bestSellers: { productId: string; productName: string; qty: number; amountFen: number }[];
}

export interface ReportOutputs {
  'reports.dashboard': Dashboard;
  'reports.stock': StockReport;
  'reports.sales': SalesReport;
  'reports.turnover': Paged<TurnoverRow> & { period: ReportPeriod; count: number };
  'reports.returns': Paged<ReturnsRow> & { period: ReportPeriod; count: number; totals: { soldQty: number; returnedQty: number; refundFen: number; damagedQty: number } };
  'reports.purchases': Paged<PurchaseRow> & { period: ReportPeriod; count: number; totals: { receivedFen: number; returnedFen: number; netFen: number }; byMonth: { month: string; netFen: number }[] };
  'reports.slow': Paged<SlowRow> & { period: ReportPeriod; count: number; totals: { valueFen: number } };
}
