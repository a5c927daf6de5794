import { z } from 'zod';
import type { PaymentMethod } from '../models';
import { partyFields, wechatId, type Party } from './parties';
import type { PostingView } from './stock';
import { date, fen, id, name, page, Paged, phone, requestId, text } from './common';

/** 客户等级: what the shop calls its kinds of customers (price lists may follow them later). */
export const CUSTOMER_LEVELS = ['normal', 'vip', 'wholesale'] as const;
export type CustomerLevel = (typeof CUSTOMER_LEVELS)[number];

/** A shipping address a sales order copies (收货人, 电话, 地址). */
export interface ShippingAddress {
  name: string;
  phone: string;
  address: string;
  isDefault: boolean;
}

export interface Customer extends Party {
  addresses: ShippingAddress[];
  level: CustomerLevel;
  tags: string[];
  /** null: no limit. Set by owners and managers; a credit sale beyond it is the engine's to refuse. */
  creditLimitFen: number | null;
  /** what they owe (fen), kept by the engine with every credit sale, return and reversal, and by 收款; < 0 when a credit sale they already paid came back (the shop owes them) */
  receivableFen: number;
}

/** A new customer without a level is 普通; without a limit may owe anything (null). */
export const CUSTOMER_DEFAULTS = { addresses: [] as ShippingAddress[], level: 'normal' as CustomerLevel, tags: [] as string[], creditLimitFen: null as number | null, receivableFen: 0 };

const address = z.object({
  name: name('收货人', 20),
  phone: phone.refine((v) => v !== '', '收货电话不能为空'),
  address: name('收货地址', 120),
  isDefault: z.boolean().default(false),
});
const tag = name('标签', 8);

const customerSave = z.object({
  id: id.optional(),
  ...partyFields,
  wechatId,
  archived: z.boolean().optional(),
  addresses: z
    .array(address)
    .max(10, '最多 10 个收货地址')
    .refine((a) => a.filter((x) => x.isDefault).length <= 1, '只能有一个默认地址')
    .optional(),
  level: z.enum(CUSTOMER_LEVELS).optional(),
  tags: z.array(tag).max(5, '最多 5 个标签').optional(),
  /** null: no limit */
  creditLimitFen: fen.nullable().optional(),
});

const receiptMethod = z.enum(['wechat', 'alipay', 'cash', 'bank', 'card']);

export const customerSchemas = {
  /** Creates or updates (only the fields sent); the first address is the default when none is marked. */
  'customers.save': customerSave,
  /** Search by name, phone or WeChat id; filter by level or tag; each row with what they owe and their last purchase. */
  'customers.list': z.object({
    keyword: z.string().trim().max(40).default(''),
    level: z.enum(CUSTOMER_LEVELS).optional(),
    tag: z.string().trim().max(8).optional(),
    ...page,
  }),
  /** The customer, what they owe, totals, and their sales and returns newest first (paged). */
  'customers.detail': z.object({ id, ...page }),
  /** Regulars (≥ 2 purchases) whose last purchase is `days` or more days ago, for follow-up. */
  'customers.dormant': z.object({ days: z.number().int().min(1).max(3650).default(30) }),
  /** 收款: a payment from the customer lowers what they owe; the request id makes it apply once. */
  'customers.receive': z.object({
    requestId,
    customerId: id,
    amountFen: fen.refine((v) => v > 0, '金额要大于 0'),
    method: receiptMethod.default('wechat'),
    note: text(200).default(''),
  }),
  /** Who owes what, largest first. */
  'customers.receivables': z.object({ ...page }),
  /** 对账单: opening, credit sales, returns, payments, closing, with the running balance. */
  'customers.statement': z.object({ customerId: id, from: date, to: date }),
};

export interface CustomerRow {
  _id: string;
  name: string;
  phone: string;
  wechatId: string;
  level: CustomerLevel;
  tags: string[];
  receivableFen: number;
  creditLimitFen: number | null;
  /** the latest sale to them (ISO), null when they never bought */
  lastPurchaseAt: string | null;
  /** sales to them (a reversed sale still counts: it was a visit) */
  purchases: number;
  archived: boolean;
}

export interface CustomerDetail {
  customer: Customer;
  receivableFen: number;
  totals: {
    /** sales less the reversed ones */
    orders: number;
    /** what they spent: sales less returns and reversals (fen) */
    amountFen: number;
    lastPurchaseAt: string | null;
  };
  /** sales, returns, exchanges and reversals of theirs, newest first (no cost or profit for clerks) */
  history: Paged<PostingView>;
}

export interface DormantCustomer {
  _id: string;
  name: string;
  phone: string;
  wechatId: string;
  level: CustomerLevel;
  purchases: number;
  lastPurchaseAt: string;
  /** whole days since the last purchase */
  daysSince: number;
  receivableFen: number;
}

export interface CustomerStatementEntry {
  at: string;
  kind: 'sale' | 'return' | 'exchange' | 'payment' | 'reversal';
  label: string;
  ref: string;
  /** + adds to what the customer owes, − reduces it (fen) */
  amountFen: number;
  balanceFen: number;
}

export interface CustomerStatement {
  customerId: string;
  customerName: string;
  from: string;
  to: string;
  openingFen: number;
  entries: CustomerStatementEntry[];
  closingFen: number;
}

export interface CustomerPayment {
  _id: string;
  shopId: string;
  customerId: string;
  amountFen: number;
  method: Exclude<PaymentMethod, 'credit'>;
  note: string;
  by: { openid: string; name: string };
  createdAt: string;
}

export interface CustomerOutputs {
  'customers.save': Customer;
  'customers.list': Paged<CustomerRow>;
  'customers.detail': CustomerDetail;
  'customers.dormant': DormantCustomer[];
  'customers.receive': { paymentId: string; customerId: string; amountFen: number; method: CustomerPayment['method']; receivableFen: number; replayed: boolean };
  'customers.receivables': Paged<Pick<CustomerRow, '_id' | 'name' | 'phone' | 'receivableFen' | 'creditLimitFen' | 'lastPurchaseAt'>> & { totalFen: number; customers: number };
  'customers.statement': CustomerStatement;
}
