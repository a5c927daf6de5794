// What the export function can write to .xlsx and who may export it: one list for the contract
// (typings/api/files.ts re-exports it), the server (server/files/exports.ts) and the 数据 page.
import type { Role } from '../../typings/models';

/** What can be exported; a report joins as one more kind (server/files/exports.ts). */
export const EXPORT_KINDS = ['products', 'stock', 'ledger', 'sales', 'purchases', 'customers', 'report-stock', 'report-sales', 'report-turnover', 'report-returns', 'report-purchases', 'report-slow'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_LABELS: Record<ExportKind, string> = {
  products: '商品列表',
  stock: '库存（按仓库、批次）',
  ledger: '出入库流水',
  sales: '销售订单',
  purchases: '采购订单',
  customers: '客户',
  'report-stock': '报表：进销存汇总',
  'report-sales': '报表：销售排行与毛利',
  'report-turnover': '报表：周转',
  'report-returns': '报表：退货',
  'report-purchases': '报表：采购',
  'report-slow': '报表：滞销与库龄',
};

const MANAGERS: readonly Role[] = ['owner', 'manager'];

/** Clerks export no orders, no customers and no reports (they show prices and cost). */
export const EXPORT_ROLES: Record<ExportKind, readonly Role[]> = {
  products: ['owner', 'manager', 'clerk'],
  stock: ['owner', 'manager', 'clerk'],
  ledger: ['owner', 'manager', 'clerk'],
  sales: ['owner', 'manager'],
  purchases: MANAGERS,
  customers: ['owner', 'manager'],
  'report-stock': MANAGERS,
  'report-sales': MANAGERS,
  'report-turnover': MANAGERS,
  'report-returns': MANAGERS,
  'report-purchases': MANAGERS,
  'report-slow': MANAGERS,
};

/** Kinds over a period (from–to); the others are a snapshot of now. */
export const PERIODIC_KINDS: readonly ExportKind[] = ['ledger', 'sales', 'purchases', 'report-stock', 'report-sales', 'report-turnover', 'report-returns', 'report-purchases', 'report-slow'];
