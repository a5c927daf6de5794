// The product sheet: one layout for the export, the import and its template, so an exported list
// imports back into another shop as the same products.
import type { Product } from '../../typings/models';
import { Column } from './xlsx';

/** The import's extra columns: opening stock of the row's product. */
export const OPENING_COLUMNS: Column[] = [
  { header: '期初库存', key: 'openingQty' },
  { header: '期初单价', key: 'openingCostFen', money: true },
  { header: '仓库', key: 'warehouseName' },
  { header: '批号', key: 'batchNo' },
  { header: '到期日', key: 'expiryDate', width: 12 },
];

export function productColumns(withCost: boolean): Column[] {
  return [
    { header: '名称', key: 'name', width: 24 },
    { header: '货号', key: 'sku' },
    { header: '条码', key: 'barcodes', width: 16 },
    { header: '分类', key: 'category' },
    { header: '品牌', key: 'brand' },
    { header: '规格', key: 'spec' },
    { header: '基本单位', key: 'baseUnit' },
    { header: '进货单位', key: 'purchaseUnitName' },
    { header: '进货单位数量', key: 'purchaseUnitFactor' },
    { header: '进货单位条码', key: 'purchaseUnitBarcode', width: 16 },
    { header: '销售单位', key: 'saleUnitName' },
    { header: '销售单位数量', key: 'saleUnitFactor' },
    { header: '销售单位条码', key: 'saleUnitBarcode', width: 16 },
    { header: '售价', key: 'salePriceFen', money: true },
    ...(withCost ? [{ header: '参考进价', key: 'purchasePriceFen', money: true }] : []),
    { header: '最低库存', key: 'minStock' },
    { header: '最高库存', key: 'maxStock' },
    { header: '到货天数', key: 'leadTimeDays' },
    { header: '最小订货量', key: 'minOrderQty' },
    { header: '批次管理', key: 'batchTracked' },
  ];
}

/** Several barcodes share one cell, separated by spaces (or commas, 、, ；). */
export const BARCODE_SEPARATOR = /[\s,，、;；]+/;

export function productRow(p: Product): Record<string, unknown> {
  return {
    name: p.name,
    sku: p.sku,
    barcodes: p.barcodes.join(' '),
    category: p.category,
    brand: p.brand,
    spec: p.spec,
    baseUnit: p.baseUnit,
    purchaseUnitName: p.purchaseUnit?.name ?? '',
    purchaseUnitFactor: p.purchaseUnit?.factor ?? null,
    purchaseUnitBarcode: p.purchaseUnit?.barcode ?? '',
    saleUnitName: p.saleUnit?.name ?? '',
    saleUnitFactor: p.saleUnit?.factor ?? null,
    saleUnitBarcode: p.saleUnit?.barcode ?? '',
    salePriceFen: p.salePriceFen,
    purchasePriceFen: p.purchasePriceFen ?? 0,
    minStock: p.minStock,
    maxStock: p.maxStock,
    leadTimeDays: p.leadTimeDays,
    minOrderQty: p.minOrderQty,
    batchTracked: p.batchTracked ? '是' : '否',
    onHand: p.onHand ?? 0,
    archived: p.archived ? '是' : '否',
  };
}
