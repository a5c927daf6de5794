// Building blocks of the action schemas.
import { z } from 'zod';
import { barcodeProblem } from '../../miniprogram/utils/barcode';

/**
 * A client-generated id per write request: a retry with the same id applies once. No `_`: ids the
 * server makes (a reversal's) contain one, so a client can never occupy them.
 */
export const requestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确');
/** A document id; server-made ids are `{shopId}_{requestId}[-…]`, so up to 128 characters. */
export const id = z.string().min(1, '不能为空').max(128);
/** A one-line name (tabs and line breaks, allowed in notes, are refused here). */
export const name = (label: string, max = 60) =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最长 ${max} 个字`).regex(/^[^\n\t]*$/, `${label}不能换行`);
export const text = (max: number) => z.string().trim().max(max, `最长 ${max} 个字`);
export const fen = z.number().int('金额必须精确到分').min(0, '金额不能为负').max(1e11, '金额太大');
export const qty = z.number().int('数量必须是整数').min(1, '数量至少为 1').max(1e8, '数量太大');
export const signedQty = z.number().int('数量必须是整数').refine((v) => v !== 0, '数量不能为 0').refine((v) => Math.abs(v) <= 1e8, '数量太大');
export const barcode = z.string().trim().superRefine((v, ctx) => {
  const problem = barcodeProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
/** A calendar day `YYYY-MM-DD` that exists (no 2026-02-30), between 2000 and 2099. */
export const date = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '日期不存在，请检查年月日');

export function isCalendarDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 2000 || y > 2099) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Optional phone of a supplier or customer: a mainland mobile, or a landline with its area code. */
export const phone = z
  .string()
  .trim()
  .max(20, '电话最长 20 位')
  .refine((v) => v === '' || /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(v), '应为 11 位手机号，或带区号的固定电话（如 0571-88888888）');

export const page = { page: z.number().int().min(1).max(1000).default(1), pageSize: z.number().int().min(1).max(100).default(20) };

/**
 * Chinese labels of input fields, for validation messages (`第 1 行 数量：…`). A field missing
 * here is named by its key; `details` keeps the raw path for pages.
 */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  ownerName: '你的称呼',
  code: '邀请码',
  role: '角色',
  status: '状态',
  openid: '成员',
  settings: '设置',
  expiresInHours: '有效小时数',
  contact: '联系人',
  phone: '电话',
  address: '地址',
  note: '备注',
  keyword: '关键词',
  page: '页码',
  pageSize: '每页条数',
  requestId: '请求编号',
  warehouseId: '仓库',
  supplierId: '供应商',
  customerId: '客户',
  productId: '商品',
  postingId: '单据',
  salePostingId: '原销售单',
  lines: '明细',
  qty: '数量',
  unit: '单位',
  unitCostFen: '进价',
  unitPriceFen: '售价',
  discountFen: '折扣',
  paidFen: '实收金额',
  tenderedFen: '收款金额',
  payment: '收款',
  method: '收款方式',
  batchNo: '批号',
  expiryDate: '有效期',
  barcode: '条码',
  barcodes: '条码',
  reason: '原因',
  sku: '货号',
  spec: '规格',
  brand: '品牌',
  category: '分类',
  images: '图片',
  fileIDs: '图片',
  baseUnit: '基本单位',
  purchaseUnit: '采购单位',
  saleUnit: '销售单位',
  factor: '换算数量',
  salePriceFen: '售价',
  purchasePriceFen: '进价',
  minStock: '最低库存',
  maxStock: '最高库存',
  leadTimeDays: '到货天数',
  minOrderQty: '起订量',
  preferredSupplierId: '首选供应商',
  batchTracked: '批次管理',
  archived: '停用',
  id: '编号',
  ids: '编号',
  templateId: '模板 ID',
  accepted: '是否同意',
  kind: '类型',
  override: '特批',
  allowNegativeStock: '允许负库存',
  expiryWindowDays: '临期提醒天数',
  deadStockDays: '滞销天数',
  overStockDays: '积压天数',
  orderCostFen: '每次订货成本',
  holdingRate: '年持有成本率',
  clerkDiscountLimitPct: '店员折扣上限',
  purchaseApprovalAboveFen: '采购审批金额',
  receiveTolerancePct: '超收比例',
  orderId: '采购单',
  lineId: '采购单行',
  receiptId: '原入库单',
  expectedDate: '预计到货日',
  confirmExpired: '确认过期入库',
  amountFen: '金额',
  productIds: '商品',
  suppliers: '供应商',
  from: '开始日期',
  to: '结束日期',
  fromWarehouseId: '调出仓库',
  toWarehouseId: '调入仓库',
  mode: '调拨方式',
  receivedQty: '实收数量',
  post: '直接调拨',
  wechatId: '微信号',
  addresses: '收货地址',
  isDefault: '默认地址',
  level: '等级',
  tags: '标签',
  tag: '标签',
  creditLimitFen: '赊账额度',
  days: '天数',
};

/** Chinese names of the enum values pages send, for messages listing what is allowed. */
const VALUE_LABELS: Record<string, string> = {
  owner: '店主', manager: '店长', clerk: '店员', active: '正常', disabled: '停用', all: '全部',
  cash: '现金', wechat: '微信', alipay: '支付宝', card: '刷卡', credit: '赊账',
  damage: '报损', loss: '丢失', found: '盘盈', correction: '更正', expired: '过期',
  low_stock: '低库存', over_stock: '积压', expiring: '临期', dead_stock: '滞销', bank: '银行转账',
  open: '未完成', draft: '草稿', submitted: '已提交', approved: '已审批', partially_received: '部分收货', received: '已收货', closed: '已关闭', cancelled: '已作废',
  normal: '普通', vip: 'VIP', wholesale: '批发',
  one_step: '一步调拨', two_step: '两步调拨', in_transit: '在途', done: '已完成',
};
const TYPE_LABELS: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否', array: '列表', object: '一组字段' };
const SIZE_UNIT: Record<string, string> = { string: ' 个字', array: ' 项' };

/**
 * Chinese messages for the issues zod finds without a message of our own (the router sets it as
 * zod's error map): `应为数字`, `不能大于 365`, `最长 20 个字`. Others keep zod's Chinese locale.
 */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? '必填' : `应为${TYPE_LABELS[iss.expected] ?? iss.expected}`;
    case 'too_big':
      return iss.origin === 'string' ? `最长 ${iss.maximum} 个字` : iss.origin === 'array' ? `最多 ${iss.maximum} 项` : `不能大于 ${iss.maximum}`;
    case 'too_small':
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return '不能为空';
      return SIZE_UNIT[iss.origin] ? `至少 ${iss.minimum}${SIZE_UNIT[iss.origin]}` : `不能小于 ${iss.minimum}`;
    case 'invalid_value':
      return iss.input === undefined ? '必填' : `只能是 ${iss.values.map((v) => VALUE_LABELS[String(v)] ?? String(v)).join('、')}`;
    default:
      return undefined;
  }
}

/** `['lines', 0, 'qty']` → `第 1 行 数量`; `['barcodes', 2]` → `条码 第 3 个`. */
export function describePath(path: readonly PropertyKey[]): string {
  return pathLabels(path).join(' ');
}

/** A validation message for people: `第 1 行 数量至少为 1`, `电话：应为 11 位手机号…`. */
export function describeIssue(path: readonly PropertyKey[], message: string): string {
  const labels = pathLabels(path);
  const last = labels[labels.length - 1];
  // Messages of the shared builders often start with their field's label already.
  if (last && message.startsWith(last)) return [...labels.slice(0, -1), message].join(' ');
  return labels.length ? `${labels.join(' ')}：${message}` : message;
}

function pathLabels(path: readonly PropertyKey[]): string[] {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (typeof seg === 'number') {
      // Lines of a document are 行; items of any other list are counted.
      parts.push(path[i - 1] === 'lines' ? `第 ${seg + 1} 行` : `第 ${seg + 1} 个`);
      continue;
    }
    const key = String(seg);
    if (key === 'lines' && typeof path[i + 1] === 'number') continue;
    parts.push(FIELD_LABELS[key] ?? key);
  }
  return parts;
}
export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** One problem of an input, as the router found it: `path` is raw (`lines.0.qty`) for pages to map. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A line of a document that cannot be moved as asked (quantities in the product's base unit). */
export interface Shortage {
  productId: string;
  productName: string;
  warehouseId: string;
  batchNo: string | null;
  available: number;
  requested: number;
  /** base units in expired batches, which FEFO does not issue */
  expired: number;
  /** base units held for confirmed sales orders (available = on hand − reserved) */
  reserved?: number;
}

/**
 * What `error.details` holds, by code (absent for the codes not listed, and whenever the message
 * says it all). `line` is a 0-based index into the request's `lines`.
 */
export interface ErrorDetails {
  /**
   * From the contract: every issue found. From an action: the line at fault; a return beyond what
   * is left (`available`); a batch number already known with another expiry date; a receipt beyond
   * an order's line (base units `ordered`/`received`/`left`); a purchase return beyond what came in.
   */
  E_VALIDATION:
    | ValidationIssue[]
    | { line: number }
    | { line: number; productId: string; available: number }
    | { productId: string; batchNo: string; expiryDate: string }
    | { lineId: string; ordered: number; received: number; left: number }
    | { productId: string; left: number };
  E_INSUFFICIENT_STOCK: Shortage[];
  /** Resend with the confirmation the kind names: `confirmExpired: true` for `expired_batch`, an owner's `override` for `expired_batch_issue`. */
  E_CONFIRM_REQUIRED: { kind: 'expired_batch'; lines: number[] } | { kind: 'expired_batch_issue'; productId: string; batchNo: string };
  /** `minAmountFen`: the least the line may be sold for by a clerk. */
  E_PRICE_LIMIT: { line: number; minAmountFen: number };
  /** What the customer owes now, their limit, and what this would add. */
  E_CREDIT_LIMIT: { customerId: string; receivableFen: number; creditLimitFen: number; addFen: number };
  /** The product that already carries the barcode. */
  E_DUPLICATE: { barcode: string; productId: string };
  E_NOT_FOUND: { line: number };
  /** The line at fault; the product already moved in that warehouse (a second opening); what is on hand (batch switch); a document's status. */
  E_INVALID_STATE: { line: number } | { productId: string } | { onHand: number } | { status: string };
}
