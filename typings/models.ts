// Shapes shared by the mini program and the cloud functions (type-only for the mini program).
export type Role = 'owner' | 'manager' | 'clerk';
export const ROLES: readonly Role[] = ['owner', 'manager', 'clerk'];

export interface Warehouse {
  id: string;
  name: string;
  isDefault: boolean;
  archived: boolean;
}

export interface ShopSettings {
  /** Negative stock is refused unless the owner turns this on explicitly. */
  allowNegativeStock: boolean;
  /** Batches expiring within this many days raise an alert. */
  expiryWindowDays: number;
  /** No sale in this many days: dead stock. */
  deadStockDays: number;
  /** More than this many days of cover: over stock. */
  overStockDays: number;
  /** Cost of placing one purchase order (fen), for EOQ. */
  orderCostFen: number;
  /** Yearly holding cost as a share of unit cost, for EOQ. */
  holdingRate: number;
  /** Largest discount (percent off the shop's sale price) a clerk may give; 0: clerks sell at the shop's price. */
  clerkDiscountLimitPct: number;
  /**
   * Purchase orders a manager submits need the owner's approval above this total (fen); 0: always;
   * null: never. The owner's own orders are approved when submitted.
   */
  purchaseApprovalAboveFen: number | null;
  /** How much more than ordered a receipt may bring in (percent of the line); 0: not a unit more. */
  receiveTolerancePct: number;
  /**
   * The shop's promotion days (双11 '11-11', 618 '06-18' every year; '2026-05-01' once): left out of
   * the forecast's fit like 春节, their effect learned and applied on the next ones.
   */
  promotionDays?: string[];
}

export interface Shop {
  _id: string;
  name: string;
  ownerOpenid: string;
  warehouses: Warehouse[];
  settings: ShopSettings;
  createdAt: Date | string;
}

export interface MemberView {
  openid: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  joinedAt: string;
}

export interface ProductUnit {
  /** e.g. 箱 */
  name: string;
  /** base units per this unit, e.g. 24 */
  factor: number;
  /** the pack's own barcode (a case barcode): scanning it means one of this unit */
  barcode?: string;
}

export interface Product {
  _id: string;
  shopId: string;
  name: string;
  sku: string;
  barcodes: string[];
  spec: string;
  brand: string;
  category: string;
  images: string[];
  baseUnit: string;
  purchaseUnit: ProductUnit | null;
  saleUnit: ProductUnit | null;
  salePriceFen: number;
  /** Reference purchase price; clerks never see it. */
  purchasePriceFen?: number;
  minStock: number;
  maxStock: number;
  leadTimeDays: number;
  minOrderQty: number;
  preferredSupplierId: string;
  batchTracked: boolean;
  archived: boolean;
  /** Total on hand over all warehouses (base units), kept by the posting engine. */
  onHand: number;
  /** minStock > 0 and onHand ≤ minStock, kept with onHand: low-stock products are one indexed query. */
  lowStock: boolean;
  /** when a count last posted for this product (any warehouse), kept by the engine */
  lastCountedAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

export type PostingType =
  | 'opening'
  | 'purchase_receipt'
  | 'purchase_return'
  | 'sale'
  | 'sale_return'
  | 'exchange'
  | 'transfer'
  | 'transfer_out'
  | 'transfer_in'
  | 'count_adjustment'
  | 'adjustment'
  | 'reversal';

export const POSTING_LABELS: Record<PostingType, string> = {
  opening: '期初',
  purchase_receipt: '采购入库',
  purchase_return: '采购退货',
  sale: '销售出库',
  sale_return: '销售退货',
  exchange: '换货',
  transfer: '调拨',
  transfer_out: '调拨出库',
  transfer_in: '调拨入库',
  count_adjustment: '盘点调整',
  adjustment: '库存调整',
  reversal: '冲销',
};

export type AdjustmentReason = 'damage' | 'loss' | 'found' | 'correction' | 'expired';
export type PaymentMethod = 'cash' | 'wechat' | 'alipay' | 'card' | 'bank' | 'credit';

export interface BatchBalance {
  batchNo: string;
  expiryDate: string | null;
  qty: number;
}

/** One balance: stock/{shopId}_{warehouseId}_{productId}. */
export interface StockBalance {
  _id: string;
  shopId: string;
  warehouseId: string;
  productId: string;
  qty: number;
  /** Moving-average unit cost in fen per base unit, a decimal string. */
  unitCost: string;
  /** Open batches (qty ≠ 0), for batch-tracked products: FEFO reads them inside the transaction. */
  batches: BatchBalance[];
  /** Held for confirmed sales orders (base units): available = qty − reserved. Absent = 0. */
  reserved?: number;
  version: number;
  updatedAt: string;
}

export interface PostingLine {
  productId: string;
  /** The product's name when posted: the ledger reads as it was written. */
  productName: string;
  warehouseId: string;
  batchNo: string | null;
  expiryDate: string | null;
  /** Signed quantity in base units: + into stock, − out of stock. */
  qty: number;
  /** Unit cost (fen, decimal string) the line moved at. */
  unitCost: string;
  /** Sales and returns: revenue of the line after discounts (fen; negative for a return). */
  amountFen: number | null;
  qtyAfter: number;
  unitCostAfter: string;
  /** a returned unit written off as damaged in the same posting (not demand, not stock) */
  writeOff?: boolean;
}

export interface Posting {
  _id: string;
  shopId: string;
  requestId: string;
  type: PostingType;
  reason: AdjustmentReason | null;
  source: { kind: string; id: string | null; no: string | null };
  partyId: string | null;
  note: string;
  operator: { openid: string; name: string };
  createdAt: string;
  lines: PostingLine[];
  productIds: string[];
  reverses: string | null;
  /** qty: signed sum of the lines (base units); costFen: signed change of stock value at cost (fen). */
  totals: { qty: number; costFen: number; amountFen: number | null };
  payment: Payment | null;
  /** An owner's or manager's recorded exception (e.g. selling an expired batch). */
  override: { reason: string; by: string } | null;
  /** A receipt against a purchase order: whole days from the order's approval to this receipt. */
  leadDays?: number | null;
}

/** Who did what to a document, when; the request id makes the step idempotent. */
export interface DocumentStep {
  action: string;
  label: string;
  from: string;
  to: string;
  by: { openid: string; name: string };
  at: string;
  requestId: string;
  note: string;
  /** a posting this step made (a receipt) */
  postingId: string | null;
}

export type PurchaseOrderStatus = 'draft' | 'submitted' | 'approved' | 'partially_received' | 'received' | 'closed' | 'cancelled';
export const PURCHASE_STATUS_LABELS: Record<PurchaseOrderStatus, string> = {
  draft: '草稿',
  submitted: '待审批',
  approved: '已审批',
  partially_received: '部分到货',
  received: '已到货',
  closed: '已关闭',
  cancelled: '已取消',
};

/** What every document's line shares (采购单, 销售单, 调拨单): one line per product. */
export interface DocumentLineBase {
  /** stable within the document: receipts and shipments name the line they move */
  lineId: string;
  productId: string;
  productName: string;
  baseUnit: string;
  /** the unit typed or scanned in (e.g. 箱) and its size in base units */
  unit: string;
  factor: number;
  /** in `unit` */
  qty: number;
  /** in base units (qty × factor) */
  baseQty: number;
}

export interface PurchaseOrderLine extends DocumentLineBase {
  /** received so far, in base units (receipts minus their reversals) */
  receivedBaseQty: number;
  /** price per `unit` (fen) */
  unitPriceFen: number;
  amountFen: number;
  expectedDate: string | null;
}

/** purchase_orders/{shopId}_{requestId of its creation}: a document over the engine. */
export interface PurchaseOrder {
  _id: string;
  shopId: string;
  /** CG20261123-001 */
  no: string;
  supplierId: string;
  supplierName: string;
  warehouseId: string;
  status: PurchaseOrderStatus;
  lines: PurchaseOrderLine[];
  productIds: string[];
  totalFen: number;
  note: string;
  needsApproval: boolean;
  createdBy: { openid: string; name: string };
  createdAt: string;
  updatedAt: string;
  approvedAt: string | null;
  history: DocumentStep[];
  searchText: string;
}

export type StockCountStatus = 'counting' | 'review' | 'posting' | 'posted' | 'cancelled';
export const COUNT_STATUS_LABELS: Record<StockCountStatus, string> = {
  counting: '盘点中',
  review: '待审核',
  posting: '过账中',
  posted: '已过账',
  cancelled: '已取消',
};

/** What a count covers, always within one warehouse. */
export type CountScope = { kind: 'all' } | { kind: 'category'; category: string } | { kind: 'products'; productIds: string[] };

/** One step of a count's posting, frozen when posting starts: a counted difference or a take-to-zero. */
export interface CountPlanEntry {
  productId: string;
  batchNo: string | null;
  /** counted − book at count time (base units); absent for a take-to-zero entry */
  qty?: number;
  /** a batch found that the book did not know */
  expiryDate?: string | null;
  /** an uncounted product (or batch) of a full count, counted as zero at posting time */
  toZero?: boolean;
}

/** counts/{shopId}_{requestId of its creation}: 盘点单, a document over the engine. */
export interface StockCount {
  _id: string;
  shopId: string;
  /** PD20261123-001 */
  no: string;
  warehouseId: string;
  scope: CountScope;
  /** clerks never see book quantities of a blind count */
  blind: boolean;
  status: StockCountStatus;
  note: string;
  /** products in scope when the count was created: progress is counted ÷ this */
  toCount: number;
  /** uncounted products and batches: left as they are, or counted as zero (chosen when posting) */
  uncounted: 'keep' | 'zero' | null;
  plan: CountPlanEntry[];
  /** the plan is posted in parts of at most COUNT_PART_LINES entries, each its own posting */
  parts: number;
  postedParts: number;
  postingIds: string[];
  /** products counted, frozen when counting ends (live while counting) */
  counted: number;
  createdBy: { openid: string; name: string };
  createdAt: string;
  updatedAt: string;
  postedAt: string | null;
  history: DocumentStep[];
}

export interface CountedBatch {
  batchNo: string;
  expiryDate: string | null;
  countedQty: number;
  /** the batch's book quantity when it was last counted (read in the same transaction) */
  bookQty: number;
}

/** count_lines/{countId}_{productId}: what was counted of one product, merged over every counter. */
export interface CountLine {
  _id: string;
  shopId: string;
  countId: string;
  productId: string;
  productName: string;
  baseUnit: string;
  batchTracked: boolean;
  /** base units; for batch-tracked products the sum of the batches */
  countedQty: number;
  /** the book quantity when the line was last counted (read in the same transaction as the line) */
  bookQty: number;
  batches: CountedBatch[];
  reason: AdjustmentReason | null;
  countedBy: { openid: string; name: string }[];
  countedAt: string;
  scans: number;
  /** the last scans' request ids: a retried scan is not counted twice */
  requestIds: string[];
}

/** supplier_payments/{shopId}_{requestId}: money paid to a supplier (付款). */
export interface SupplierPayment {
  _id: string;
  shopId: string;
  supplierId: string;
  amountFen: number;
  method: PaymentMethod;
  note: string;
  by: { openid: string; name: string };
  createdAt: string;
}

/**
 * What was paid for a sale or refunded for a return (fen). paidFen never exceeds the amount; the
 * rest of a credit sale is owed (owedFen); cash handed over beyond the amount is change (changeFen).
 */
export interface Payment {
  method: PaymentMethod;
  paidFen: number;
  discountFen: number;
  owedFen: number;
  changeFen: number;
}

export type AbcClass = 'A' | 'B' | 'C';
export type AlertKind = 'low_stock' | 'over_stock' | 'expiring' | 'dead_stock';
export const ALERT_KINDS: readonly AlertKind[] = ['low_stock', 'expiring', 'over_stock', 'dead_stock'];
export const ALERT_LABELS: Record<AlertKind, string> = {
  low_stock: '库存不足',
  expiring: '临期批次',
  over_stock: '库存积压',
  dead_stock: '滞销',
};

/** One alert: alerts/{shopId}_{kind}_{productId}[_{batchNo}] — the id is deterministic, so a re-run updates it. */
export interface Alert {
  _id: string;
  shopId: string;
  kind: AlertKind;
  productId: string;
  productName: string;
  batchNo: string | null;
  /** open → acknowledged (seen by the owner) → closed when the condition is gone; reopened when it returns. */
  status: 'open' | 'acknowledged' | 'closed';
  /** as worded the night it was written; pages get it worded on the day they read it (alertMessage) */
  message: string;
  /**
   * What holds while the condition does — dates (since, expiryDate), the batch's quantity, the
   * shop's threshold, the unit — never a day counter nor a figure of the record (stock, reorder
   * point, cover), so neither a new day nor a sale rewrites the alert.
   */
  data: Record<string, number | string | null>;
  openedAt: string;
  openedDay: string;
  updatedAt: string;
  closedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

/** The nightly result per product: replenishment/{shopId}_{productId}. */
export interface ReplenishmentRecord {
  _id: string;
  shopId: string;
  productId: string;
  productName: string;
  baseUnit: string;
  supplierId: string;
  /** the China-time day the record was last written (a night writes it only when something it shows changed, and on its weekly refresh night) */
  day: string;
  method: string;
  methodLabel: string;
  params: Record<string, number>;
  /** why this forecast method */
  methodReason: string;
  /** backtest accuracy: MASE (<1 beats the naive forecast), MAPE over days with sales, mean bias per day */
  mase: number | null;
  mape: number | null;
  bias: number | null;
  /** σ of the lead-time demand sum ÷ √L at the typed lead time (units/day), so z·σ·√L is the safety stock */
  sigma: number;
  /**
   * How far the lead-time sum went above its forecast at the 90/95/98% points of the backtest (the
   * cycle service levels), ÷ √L (units/day): the reorder point is the forecast plus this × √L.
   * null (or absent on older records) when the history is too short; σ is used then.
   */
  errorQuantiles?: number[] | null;
  /** mean forecast per day over lead time + review period */
  meanDaily: number;
  /** next 14 days */
  forecast: number[];
  /** units sold per week, the last 8 complete weeks, oldest first */
  weeklySales: number[];
  lastSaleDay: string | null;
  /** Spring Festival effect learned from last year (× baseline), null when unknown */
  holiday: { pre: number; festival: number } | null;
  annualDemand: number;
  /** days of sales history the forecast saw, from the first sale (short ones borrow their category's spread: spread.ts) */
  historyDays?: number;
  unitCostFen: number;
  annualValueFen: number;
  // Filled by the policy phase:
  abcClass: AbcClass | null;
  serviceLevel: number | null;
  leadTimeDays: number;
  safetyStock: number;
  reorderPoint: number;
  eoq: number;
  onHand: number;
  coverDays: number | null;
  suggestedQty: number;
  purchaseUnit: { name: string; factor: number };
  suggestedCostFen: number;
  /** one line for the merchant */
  reason: string;
  updatedAt: string;
}

export type TransferMode = 'one_step' | 'two_step';
/** one_step: draft → completed; two_step: draft → in_transit (shipped) → received; cancel from draft. */
export type TransferStatus = 'draft' | 'completed' | 'in_transit' | 'received' | 'cancelled';
export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  draft: '草稿',
  completed: '已完成',
  in_transit: '在途',
  received: '已收货',
  cancelled: '已取消',
};

/** One batch of a transfer line as it left the source warehouse (the engine's posting lines). */
export interface TransferBatch {
  /** null for a product without batch tracking */
  batchNo: string | null;
  expiryDate: string | null;
  /** base units that left */
  qty: number;
  /** cost per base unit it left at (fen, decimal string): the destination receives it at this cost */
  unitCost: string;
  /** base units that arrived */
  receivedQty: number;
}

export interface TransferLine extends DocumentLineBase {
  /** a named batch to move; null: earliest expiry first (FEFO, never an expired batch) */
  batchNo: string | null;
  /** what left the source, per batch (empty before shipping) */
  shipped: TransferBatch[];
  /** base units that arrived */
  receivedBaseQty: number;
  /** shipped − received once received (在途差异; 0 for a one-step transfer) */
  differenceBaseQty: number;
}

/** transfers/{shopId}_{requestId of its creation}: 调拨单, a document over the engine. */
export interface Transfer {
  _id: string;
  shopId: string;
  /** DB20261123-001 */
  no: string;
  fromWarehouseId: string;
  toWarehouseId: string;
  mode: TransferMode;
  status: TransferStatus;
  lines: TransferLine[];
  productIds: string[];
  note: string;
  /**
   * Value (fen, at the cost the goods left with) of what was shipped and did not arrive: it left the
   * source's books when shipped and never enters the destination's, i.e. a loss in transit (在途损耗).
   */
  differenceCostFen: number;
  createdBy: { openid: string; name: string };
  createdAt: string;
  updatedAt: string;
  shippedAt: string | null;
  receivedAt: string | null;
  history: DocumentStep[];
  searchText: string;
}

export type SalesOrderStatus = 'draft' | 'confirmed' | 'partially_shipped' | 'shipped' | 'completed' | 'cancelled';
export const SALES_STATUS_LABELS: Record<SalesOrderStatus, string> = {
  draft: '草稿',
  confirmed: '待发货',
  partially_shipped: '部分发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
};
export type SalesPaymentStatus = 'unpaid' | 'partially_paid' | 'paid';
export const SALES_PAYMENT_LABELS: Record<SalesPaymentStatus, string> = { unpaid: '未付款', partially_paid: '部分付款', paid: '已付款' };

export interface SalesOrderLine extends DocumentLineBase {
  /** price per `unit` (fen) before the line discount */
  unitPriceFen: number;
  discountFen: number;
  /** the line's share of the order after line and order discounts (fen) */
  amountFen: number;
  /** held in the warehouse for this line (base units): confirmed − shipped, until cancelled */
  reservedBaseQty: number;
  shippedBaseQty: number;
}

export interface ShippingAddress {
  name: string;
  phone: string;
  address: string;
}

export interface SalesPayment {
  requestId: string;
  method: Exclude<PaymentMethod, 'credit'>;
  amountFen: number;
  note: string;
  by: { openid: string; name: string };
  at: string;
}

export interface Shipment {
  requestId: string;
  postingId: string;
  /** 快递公司 and 运单号 (scanned from the waybill) */
  carrier: string;
  trackingNo: string;
  lines: { lineId: string; baseQty: number }[];
  amountFen: number;
  by: { openid: string; name: string };
  at: string;
}

/** sales_orders/{shopId}_{requestId of its creation}: 销售单, a document over the engine. */
export interface SalesOrder {
  _id: string;
  shopId: string;
  /** XS20261123-001 */
  no: string;
  customerId: string | null;
  customerName: string;
  warehouseId: string;
  status: SalesOrderStatus;
  paymentStatus: SalesPaymentStatus;
  lines: SalesOrderLine[];
  productIds: string[];
  /** order discount (fen), split over the lines by amount */
  discountFen: number;
  shippingFeeFen: number;
  /** Σ line amounts + shipping fee */
  totalFen: number;
  paidFen: number;
  payments: SalesPayment[];
  /** what has left the shop (line amounts of shipments, plus the shipping fee with the first) */
  shippedFen: number;
  shipments: Shipment[];
  /** 赊账: goods may leave before they are paid; what is shipped and unpaid is owed by the customer */
  onCredit: boolean;
  /** an owner's recorded exception to the customer's credit limit */
  creditOverride: { reason: string; by: string } | null;
  address: ShippingAddress | null;
  note: string;
  createdBy: { openid: string; name: string };
  createdAt: string;
  updatedAt: string;
  history: DocumentStep[];
  searchText: string;
}

export type AuditKind = 'product' | 'settings' | 'member' | 'warehouse' | 'document' | 'override';
export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  product: '商品',
  settings: '店铺设置',
  member: '店员',
  warehouse: '仓库',
  document: '单据',
  override: '特批',
};

/** audit/{shopId}_{time}{random}: one change that is not a posting, written with the change. */
export interface AuditEntry {
  _id: string;
  shopId: string;
  at: string;
  by: { openid: string; name: string; role: Role };
  kind: AuditKind;
  /** 修改商品, 审批采购单, 特批赊账 … */
  action: string;
  target: { id: string; name: string };
  /** fields before → after (fen fields end in Fen); empty for a step without fields */
  changes: { field: string; label: string; before: unknown; after: unknown }[];
  note: string;
}
