// Reports as .xlsx. Each runs the report's own action (server/actions/reports.ts) with what its page
// shows — period, warehouse, grouping — and every row on one page, then lays the rows out as
// columns: the figures are the report's, never a second copy of its sums.
import { EXPORT_ROLES } from '../../miniprogram/utils/exports';
import type { ReportBucket, ReportOutputs } from '../../typings/api/reports';
import { reportActions } from '../actions/reports';
import type { MemberContext } from '../core/router';
import { chinaDay } from '../posting/engine';
import { resolvePeriod } from '../reports/load';
import type { ExportDef, ExportInput } from './exports';
import type { Column, Sheet } from './xlsx';

type ReportName = 'reports.stock' | 'reports.sales' | 'reports.turnover' | 'reports.returns' | 'reports.purchases' | 'reports.slow';

/** The report's period: the page's own, custom when only from–to are given, else this month. */
function reportInput(input: ExportInput) {
  const period = input.period ?? (input.from && input.to ? 'custom' : 'month');
  return { period, from: input.from, to: input.to, warehouseId: input.warehouseId };
}

/** Every row of a report: its own handler, one page as long as the report. */
async function wholeReport<A extends ReportName>(ctx: MemberContext, name: A, input: ExportInput, extra: Record<string, unknown> = {}): Promise<ReportOutputs[A]> {
  const handler = reportActions[name].handler as unknown as (c: MemberContext, i: Record<string, unknown>) => Promise<ReportOutputs[A]>;
  return handler(ctx, { ...reportInput(input), ...extra, page: 1, pageSize: Number.MAX_SAFE_INTEGER - 1 });
}

/** 0–1 as a percentage with one decimal (null stays empty). */
const percent = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

const SALES_KEY: Record<string, string> = { product: '商品', category: '分类', customer: '客户', clerk: '店员', day: '日期' };

function reportDef(title: string, kind: keyof typeof EXPORT_ROLES, sheets: ExportDef['sheets']): ExportDef {
  return {
    title,
    roles: EXPORT_ROLES[kind],
    sheets,
    period: (input, now) => resolvePeriod(reportInput(input) as Parameters<typeof resolvePeriod>[0], chinaDay(now)),
  };
}

const qtyValue = (prefix: string, key: string): Column[] => [
  { header: `${prefix}数量`, key: `${key}Qty` },
  { header: `${prefix}金额`, key: `${key}Fen`, money: true },
];

export const REPORT_EXPORTS = {
  'report-stock': reportDef('进销存汇总', 'report-stock', async (ctx, _shop, input) => {
    const r = await wholeReport(ctx, 'reports.stock', input);
    // A column per type that moved in the period (采购, 销售, 盘点…), quantities only: the totals carry the value.
    const buckets = (side: 'in' | 'out') => Object.keys(r.totals[side]) as ReportBucket[];
    const columns: Column[] = [
      { header: '商品', key: 'product', width: 24 },
      { header: '单位', key: 'unit' },
      ...qtyValue('期初', 'opening'),
      ...buckets('in').map((b) => ({ header: `入·${r.labels[b]}`, key: `in_${b}` })),
      ...qtyValue('入库', 'inTotal'),
      ...buckets('out').map((b) => ({ header: `出·${r.labels[b]}`, key: `out_${b}` })),
      ...qtyValue('出库', 'outTotal'),
      ...qtyValue('期末', 'closing'),
    ];
    const rows = r.items.map((x) => ({
      product: x.productName,
      unit: x.baseUnit,
      openingQty: x.opening.qty,
      openingFen: x.opening.valueFen,
      inTotalQty: x.inTotal.qty,
      inTotalFen: x.inTotal.valueFen,
      outTotalQty: x.outTotal.qty,
      outTotalFen: x.outTotal.valueFen,
      closingQty: x.closing.qty,
      closingFen: x.closing.valueFen,
      ...Object.fromEntries(buckets('in').map((b) => [`in_${b}`, x.in[b]?.qty ?? 0])),
      ...Object.fromEntries(buckets('out').map((b) => [`out_${b}`, x.out[b]?.qty ?? 0])),
    }));
    const t = r.totals;
    rows.push({ product: '合计', unit: '', openingQty: t.opening.qty, openingFen: t.opening.valueFen, inTotalQty: t.inTotal.qty, inTotalFen: t.inTotal.valueFen, outTotalQty: t.outTotal.qty, outTotalFen: t.outTotal.valueFen, closingQty: t.closing.qty, closingFen: t.closing.valueFen, ...Object.fromEntries(buckets('in').map((b) => [`in_${b}`, t.in[b]?.qty ?? 0])), ...Object.fromEntries(buckets('out').map((b) => [`out_${b}`, t.out[b]?.qty ?? 0])) });
    return [{ name: '进销存汇总', columns, rows }];
  }),

  'report-sales': reportDef('销售排行', 'report-sales', async (ctx, _shop, input) => {
    const by = input.by ?? 'product';
    const r = await wholeReport(ctx, 'reports.sales', input, { by, sort: input.sort ?? 'amount' });
    const ranked = by !== 'day';
    const columns: Column[] = [
      ...(ranked ? [{ header: '排名', key: 'rank' }] : []),
      { header: SALES_KEY[by], key: 'label', width: 24 },
      { header: '数量', key: 'qty' },
      { header: '销售额', key: 'amountFen', money: true },
      { header: '成本', key: 'costFen', money: true },
      { header: '毛利', key: 'profitFen', money: true },
      { header: '毛利率(%)', key: 'margin' },
      ...(by === 'product' || by === 'category' ? [] : [{ header: '单数', key: 'orders' }]),
      { header: '占比(%)', key: 'share' },
    ];
    const rows: Record<string, unknown>[] = r.items.map((x, i) => ({ rank: i + 1, label: x.label, qty: x.qty, amountFen: x.amountFen, costFen: x.costFen, profitFen: x.profitFen, margin: percent(x.margin), orders: x.orders, share: percent(x.share) }));
    const t = r.totals;
    rows.push({ rank: null, label: '合计', qty: t.qty, amountFen: t.amountFen, costFen: t.costFen, profitFen: t.profitFen, margin: t.amountFen ? percent(t.profitFen / t.amountFen) : null, orders: t.orders, share: t.amountFen ? 100 : null });
    return [{ name: `按${SALES_KEY[by]}`, columns, rows }];
  }),

  'report-turnover': reportDef('周转', 'report-turnover', async (ctx, _shop, input) => {
    const r = await wholeReport(ctx, 'reports.turnover', input);
    return [{
      name: '周转',
      columns: [
        { header: '商品', key: 'productName', width: 24 },
        { header: '单位', key: 'baseUnit' },
        { header: '销量', key: 'soldQty' },
        { header: '销售成本', key: 'costOfSalesFen', money: true },
        { header: '平均库存金额', key: 'averageStockFen', money: true },
        { header: '周转次数', key: 'turnover' },
        { header: '期末库存', key: 'closingQty' },
        { header: '可卖天数', key: 'coverDays' },
      ],
      rows: r.items as unknown as Record<string, unknown>[],
    }];
  }),

  'report-returns': reportDef('退货', 'report-returns', async (ctx, _shop, input) => {
    const r = await wholeReport(ctx, 'reports.returns', input);
    return [{
      name: '退货',
      columns: [
        { header: '商品', key: 'productName', width: 24 },
        { header: '单位', key: 'baseUnit' },
        { header: '销量', key: 'soldQty' },
        { header: '退货数量', key: 'returnedQty' },
        { header: '退货率(%)', key: 'rate' },
        { header: '退款', key: 'refundFen', money: true },
        { header: '报损数量', key: 'damagedQty' },
        { header: '报损金额', key: 'damagedFen', money: true },
      ],
      rows: r.items.map((x) => ({ ...x, rate: percent(x.rate) })),
    }];
  }),

  'report-purchases': reportDef('采购', 'report-purchases', async (ctx, _shop, input) => {
    const r = await wholeReport(ctx, 'reports.purchases', input);
    const suppliers: Sheet = {
      name: '供应商',
      columns: [
        { header: '供应商', key: 'supplierName', width: 20 },
        { header: '进货', key: 'receivedFen', money: true },
        { header: '退货', key: 'returnedFen', money: true },
        { header: '净进货', key: 'netFen', money: true },
        { header: '到货天数', key: 'receiptDays' },
        { header: '准时率(%)', key: 'onTimeRate' },
      ],
      rows: r.items.map((x) => ({ ...x, onTimeRate: percent(x.onTimeRate) })),
    };
    const prices: Sheet = {
      name: '进价变化',
      columns: [
        { header: '供应商', key: 'supplierName', width: 20 },
        { header: '商品', key: 'productName', width: 24 },
        { header: '期间首次进价', key: 'firstCostFen', money: true },
        { header: '期间最近进价', key: 'lastCostFen', money: true },
        { header: '变化(%)', key: 'changePct' },
        { header: '进货金额', key: 'valueFen', money: true },
      ],
      rows: r.items.flatMap((x) => x.prices.map((p) => ({ supplierName: x.supplierName, ...p }))),
    };
    const months: Sheet = { name: '每月净进货', columns: [{ header: '月份', key: 'month' }, { header: '净进货', key: 'netFen', money: true }], rows: r.byMonth };
    return [suppliers, prices, months];
  }),

  'report-slow': reportDef('滞销与库龄', 'report-slow', async (ctx, _shop, input) => {
    const r = await wholeReport(ctx, 'reports.slow', input);
    return [{
      name: '滞销与库龄',
      columns: [
        { header: '商品', key: 'productName', width: 24 },
        { header: '单位', key: 'baseUnit' },
        { header: '库存', key: 'onHand' },
        { header: '库存金额', key: 'valueFen', money: true },
        { header: '多少天没卖', key: 'daysSinceSale' },
        { header: '最后销售日', key: 'lastSaleDay', width: 12 },
        { header: '多少天没进货', key: 'daysSinceReceipt' },
      ],
      rows: r.items as unknown as Record<string, unknown>[],
    }];
  }),
} satisfies Record<string, ExportDef>;
