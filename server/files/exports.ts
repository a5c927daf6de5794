// What the export function can write to .xlsx: one entry per kind — who may export it and how its
// sheets are read. Reads page by 1000 (the cloud's maximum), so 10,000 products cost ~10 requests.
// Reports join from report-exports.ts (each runs the report's own action).
import type { z } from 'zod';
import type { ExportKind, fileSchemas } from '../../typings/api/files';
import { REPORT_EXPORTS } from './report-exports';
import { EXPORT_ROLES } from '../../miniprogram/utils/exports';
import { POSTING_LABELS, PURCHASE_STATUS_LABELS, SALES_PAYMENT_LABELS, SALES_STATUS_LABELS } from '../../typings/models';
import type { Posting, Product, PurchaseOrder, Role, SalesOrder, Shop, StockBalance } from '../../typings/models';
import type { MemberContext } from '../core/router';
import { canSeeCost, warehouseName } from '../core/shop';
import { chinaDay } from '../posting/engine';
import { productColumns, productRow } from './products-sheet';
import type { Column, Sheet } from './xlsx';

export type ExportInput = Omit<z.output<(typeof fileSchemas)['export.create']>, 'kind'> & { kind: ExportKind };

export interface ExportDef {
  /** the file's name (without date and extension) */
  title: string;
  roles: readonly Role[];
  sheets: (ctx: MemberContext, shop: Shop, input: ExportInput) => Promise<Sheet[]>;
  /** the period the file covers, for its name (default: ledger and sales' from–to, else today) */
  period?: (input: ExportInput, now: Date) => { from: string; to: string };
}


/** A period of China days, inclusive, as instants: the last 30 days by default. */
export function periodOf(input: ExportInput, now: Date): { from: string; to: string; start: Date; end: Date } {
  const to = input.to ?? chinaDay(now);
  const from = input.from ?? chinaDay(new Date(new Date(`${to}T12:00:00+08:00`).getTime() - 29 * 86_400_000));
  return { from, to, start: new Date(`${from}T00:00:00+08:00`), end: new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000) };
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''));
/** An instant as China local time, the way the shop reads it. */
const chinaTime = (v: unknown) => {
  const t = new Date(iso(v)).getTime();
  return Number.isFinite(t) ? new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
};

/** The head of an order sheet's columns (number, time, the other party, warehouse, status)… */
const orderColumns = (party: string): Column[] => [
  { header: '单号', key: 'no', width: 16 },
  { header: '下单时间', key: 'at', width: 17 },
  { header: party, key: 'party', width: 16 },
  { header: '仓库', key: 'warehouse' },
  { header: '状态', key: 'status' },
];
/** …and of its lines sheet. */
const orderLineColumns: Column[] = [
  { header: '单号', key: 'no', width: 16 },
  { header: '商品', key: 'product', width: 24 },
  { header: '数量', key: 'qty' },
  { header: '单位', key: 'unit' },
  { header: '单价', key: 'unitPriceFen', money: true },
];

/** A collection's documents (orders) created in the export's period, oldest first, without their history. */
async function createdIn<T>(ctx: MemberContext, coll: string, input: ExportInput): Promise<T[]> {
  const { start, end } = periodOf(input, ctx.requestNow);
  const _ = ctx.db.command;
  const where = { shopId: ctx.member.shopId, createdAt: _.gte(start.toISOString()).and(_.lt(end.toISOString())) };
  return ctx.db.findAll<T>(coll, where, [['createdAt', 'asc'], ['_id', 'asc']], 100_000, { history: false, searchText: false });
}

async function productsOf(ctx: MemberContext): Promise<Product[]> {
  return ctx.db.findAll<Product>('products', { shopId: ctx.member.shopId }, [['name', 'asc'], ['_id', 'asc']], 100_000, { searchText: false });
}

export const EXPORTS: Record<ExportKind, ExportDef> = {
  ...REPORT_EXPORTS,
  products: {
    title: '商品列表',
    roles: EXPORT_ROLES.products,
    async sheets(ctx) {
      const cost = canSeeCost(ctx.member.role);
      const rows = (await productsOf(ctx)).map(productRow);
      return [{ name: '商品', columns: [...productColumns(cost), { header: '库存', key: 'onHand' }, { header: '停用', key: 'archived' }], rows }];
    },
  },

  stock: {
    title: '库存',
    roles: EXPORT_ROLES.stock,
    async sheets(ctx, shop) {
      const cost = canSeeCost(ctx.member.role);
      const [products, balances] = await Promise.all([
        productsOf(ctx),
        ctx.db.findAll<StockBalance>('stock', { shopId: ctx.member.shopId }, [['_id', 'asc']]),
      ]);
      const byId = new Map(products.map((p) => [p._id, p]));
      const rows: Record<string, unknown>[] = [];
      for (const b of balances) {
        if (!b.qty && !b.batches?.length) continue;
        const p = byId.get(b.productId);
        const base = { product: p?.name ?? b.productId, barcode: p?.barcodes[0] ?? '', warehouse: warehouseName(shop, b.warehouseId), unit: p?.baseUnit ?? '', unitCost: Number(b.unitCost) };
        const parts = b.batches?.length ? b.batches : [{ batchNo: '', expiryDate: null, qty: b.qty }];
        for (const part of parts) {
          rows.push({ ...base, batchNo: part.batchNo, expiryDate: part.expiryDate ?? '', qty: part.qty, valueFen: Math.round(part.qty * Number(b.unitCost)) });
        }
      }
      rows.sort((a, b) => String(a.product).localeCompare(String(b.product), 'zh') || String(a.warehouse).localeCompare(String(b.warehouse), 'zh'));
      return [{
        name: '库存',
        columns: [
          { header: '商品', key: 'product', width: 24 },
          { header: '条码', key: 'barcode', width: 16 },
          { header: '仓库', key: 'warehouse' },
          { header: '批号', key: 'batchNo' },
          { header: '到期日', key: 'expiryDate', width: 12 },
          { header: '数量', key: 'qty' },
          { header: '单位', key: 'unit' },
          ...(cost ? [{ header: '单位成本', key: 'unitCost', money: true }, { header: '金额', key: 'valueFen', money: true }] : []),
        ],
        rows,
      }];
    },
  },

  ledger: {
    title: '出入库流水',
    roles: EXPORT_ROLES.ledger,
    async sheets(ctx, shop, input) {
      const cost = canSeeCost(ctx.member.role);
      const { start, end } = periodOf(input, ctx.requestNow);
      const _ = ctx.db.command;
      const postings = await ctx.db.findAll<Posting>('postings', { shopId: ctx.member.shopId, createdAt: _.gte(start).and(_.lt(end)) }, [['createdAt', 'asc'], ['_id', 'asc']]);
      const rows = postings.flatMap((p) =>
        p.lines.map((l) => ({
          at: chinaTime(p.createdAt),
          type: POSTING_LABELS[p.type] ?? p.type,
          no: p.source?.no ?? '',
          product: l.productName,
          warehouse: warehouseName(shop, l.warehouseId),
          batchNo: l.batchNo ?? '',
          qty: l.qty,
          qtyAfter: l.qtyAfter,
          unitCost: Number(l.unitCost),
          costFen: Math.round(l.qty * Number(l.unitCost)),
          amountFen: l.amountFen,
          operator: p.operator?.name ?? '',
          note: p.note,
        })),
      );
      return [{
        name: '流水',
        columns: [
          { header: '时间', key: 'at', width: 17 },
          { header: '类型', key: 'type' },
          { header: '单号', key: 'no', width: 16 },
          { header: '商品', key: 'product', width: 24 },
          { header: '仓库', key: 'warehouse' },
          { header: '批号', key: 'batchNo' },
          { header: '数量', key: 'qty' },
          { header: '结存', key: 'qtyAfter' },
          ...(cost ? [{ header: '单位成本', key: 'unitCost', money: true }, { header: '成本金额', key: 'costFen', money: true }] : []),
          { header: '售价金额', key: 'amountFen', money: true },
          { header: '经手人', key: 'operator' },
          { header: '备注', key: 'note', width: 20 },
        ],
        rows,
      }];
    },
  },

  sales: {
    title: '销售订单',
    roles: EXPORT_ROLES.sales,
    async sheets(ctx, shop, input) {
      const orders = await createdIn<SalesOrder>(ctx, 'sales_orders', input);
      const orderRows = orders.map((o) => ({
        no: o.no,
        at: chinaTime(o.createdAt),
        party: o.customerName,
        warehouse: warehouseName(shop, o.warehouseId),
        status: SALES_STATUS_LABELS[o.status] ?? o.status,
        payment: SALES_PAYMENT_LABELS[o.paymentStatus] ?? o.paymentStatus,
        totalFen: o.totalFen,
        paidFen: o.paidFen,
        shippedFen: o.shippedFen,
        onCredit: o.onCredit ? '是' : '否',
        by: o.createdBy?.name ?? '',
        note: o.note,
      }));
      const lineRows = orders.flatMap((o) => o.lines.map((l) => ({ no: o.no, product: l.productName, qty: l.qty, unit: l.unit, unitPriceFen: l.unitPriceFen, baseQty: l.baseQty })));
      return [
        {
          name: '订单',
          columns: [
            ...orderColumns('客户'),
            { header: '付款', key: 'payment' },
            { header: '金额', key: 'totalFen', money: true },
            { header: '已收', key: 'paidFen', money: true },
            { header: '已发货金额', key: 'shippedFen', money: true },
            { header: '赊账', key: 'onCredit' },
            { header: '开单人', key: 'by' },
            { header: '备注', key: 'note', width: 20 },
          ],
          rows: orderRows,
        },
        {
          name: '明细',
          columns: [
            ...orderLineColumns,
            { header: '基本单位数量', key: 'baseQty' },
          ],
          rows: lineRows,
        },
      ];
    },
  },

  purchases: {
    title: '采购订单',
    roles: EXPORT_ROLES.purchases,
    async sheets(ctx, shop, input) {
      const orders = await createdIn<PurchaseOrder>(ctx, 'purchase_orders', input);
      const received = (o: PurchaseOrder) => o.lines.reduce((s, l) => s + Math.round((l.receivedBaseQty / l.factor) * l.unitPriceFen), 0);
      return [
        {
          name: '订单',
          columns: [
            ...orderColumns('供应商'),
            { header: '金额', key: 'totalFen', money: true },
            { header: '已到货金额', key: 'receivedFen', money: true },
            { header: '制单人', key: 'by' },
            { header: '备注', key: 'note', width: 20 },
          ],
          rows: orders.map((o) => ({ no: o.no, at: chinaTime(o.createdAt), party: o.supplierName, warehouse: warehouseName(shop, o.warehouseId), status: PURCHASE_STATUS_LABELS[o.status] ?? o.status, totalFen: o.totalFen, receivedFen: received(o), by: o.createdBy?.name ?? '', note: o.note })),
        },
        {
          name: '明细',
          columns: [
            ...orderLineColumns,
            { header: '已到（基本单位）', key: 'receivedBaseQty' },
            { header: '基本单位数量', key: 'baseQty' },
            { header: '预计到货', key: 'expectedDate', width: 12 },
          ],
          rows: orders.flatMap((o) => o.lines.map((l) => ({ no: o.no, product: l.productName, qty: l.qty, unit: l.unit, unitPriceFen: l.unitPriceFen, receivedBaseQty: l.receivedBaseQty, baseQty: l.baseQty, expectedDate: l.expectedDate ?? '' }))),
        },
      ];
    },
  },

  customers: {
    title: '客户',
    roles: EXPORT_ROLES.customers,
    async sheets(ctx) {
      type CustomerDoc = { name: string; contact: string; phone: string; wechatId?: string; address: string; level?: string; tags?: string[]; receivableFen?: number; creditLimitFen?: number | null; note: string; archived?: boolean };
      const customers = await ctx.db.findAll<CustomerDoc>('customers', { shopId: ctx.member.shopId }, [['name', 'asc'], ['_id', 'asc']]);
      const LEVELS: Record<string, string> = { normal: '普通', vip: 'VIP', wholesale: '批发' };
      return [{
        name: '客户',
        columns: [
          { header: '名称', key: 'name', width: 16 },
          { header: '联系人', key: 'contact' },
          { header: '电话', key: 'phone', width: 14 },
          { header: '微信号', key: 'wechatId' },
          { header: '地址', key: 'address', width: 24 },
          { header: '等级', key: 'level' },
          { header: '标签', key: 'tags' },
          { header: '应收', key: 'receivableFen', money: true },
          { header: '赊账额度', key: 'creditLimitFen', money: true },
          { header: '备注', key: 'note', width: 20 },
        ],
        rows: customers.map((c) => ({ ...c, wechatId: c.wechatId ?? '', level: LEVELS[c.level ?? 'normal'] ?? c.level, tags: (c.tags ?? []).join(' '), receivableFen: c.receivableFen ?? 0, creditLimitFen: c.creditLimitFen ?? null })),
      }];
    },
  },
};

export function exportFileName(def: ExportDef, shop: Shop, input: ExportInput, now: Date): string {
  const p = def.period ? def.period(input, now) : input.kind === 'ledger' || input.kind === 'sales' || input.kind === 'purchases' ? periodOf(input, now) : null;
  const period = p ? (p.from === p.to ? p.from : `${p.from}至${p.to}`) : chinaDay(now);
  return `${shop.name}-${def.title}-${period}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_');
}

export { iso };
