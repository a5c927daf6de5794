// What the export function can write to .xlsx and who may export it: one list for the contract
// (typings/api/files.ts re-exports it), the server (server/files/exports.ts) and the 数据 page.
import type { Role } from '../../typings/models';

/** What can be exported; a report joins as one more kind (server/files/exports.ts). */
export const EXPORT_KINDS = ['products', 'stock', 'ledger', 'sales', 'customers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_LABELS: Record<ExportKind, string> = {
  products: '商品列表',
  stock: '库存（按仓库、批次）',
  ledger: '出入库流水',
  sales: '销售订单',
  customers: '客户',
};

/** Clerks export no sales and no customers. */
export const EXPORT_ROLES: Record<ExportKind, readonly Role[]> = {
  products: ['owner', 'manager', 'clerk'],
  stock: ['owner', 'manager', 'clerk'],
  ledger: ['owner', 'manager', 'clerk'],
  sales: ['owner', 'manager'],
  customers: ['owner', 'manager'],
};
