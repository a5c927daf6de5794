// 销售单: orders agreed in a chat, paid, shipped by express, completed; returns of a shipment go
// through stock.saleReturn (refunds follow the sale's payment, so a credit order's return lowers
// what the customer owes).
import type { ActionInput } from '../../typings/api';
import type { Customer } from '../../typings/api/customers';
import { call } from './api';

export type SalesStep = 'confirm' | 'complete' | 'cancel' | 'close';
export type PayMethod = ActionInput<'sales.pay'>['method'];

export const salesService = {
  list: (input: ActionInput<'sales.list'>) => call('sales.list', input),
  get: (id: string) => call('sales.get', { id }),
  create: (input: ActionInput<'sales.create'>) => call('sales.create', input),
  update: (input: ActionInput<'sales.update'>) => call('sales.update', input),
  confirm: (id: string, requestId: string, override?: { reason: string }) => call('sales.confirm', { id, requestId, note: '', override }),
  step: (step: Exclude<SalesStep, 'confirm'>, id: string, requestId: string, note = '') => call(`sales.${step}`, { id, requestId, note }),
  pay: (input: ActionInput<'sales.pay'>) => call('sales.pay', input),
  ship: (input: ActionInput<'sales.ship'>) => call('sales.ship', input),
  returnGoods: (input: ActionInput<'stock.saleReturn'>) => call('stock.saleReturn', input),
  exchange: (input: ActionInput<'stock.exchange'>) => call('stock.exchange', input),
};

/** Vant tag type per order status and per payment status, the same on every sales page. */
export const SALES_STATUS_TAG: Record<string, string> = {
  draft: 'default',
  confirmed: 'primary',
  partially_shipped: 'warning',
  shipped: 'success',
  completed: 'success',
  cancelled: 'default',
};
export const PAYMENT_STATUS_TAG: Record<string, string> = { unpaid: 'danger', partially_paid: 'warning', paid: 'success' };

export const PAY_METHODS: { value: PayMethod; label: string }[] = [
  { value: 'wechat', label: '微信' },
  { value: 'alipay', label: '支付宝' },
  { value: 'bank', label: '银行转账' },
  { value: 'cash', label: '现金' },
  { value: 'card', label: '刷卡' },
];
export const payMethodLabel = (m: string) => PAY_METHODS.find((x) => x.value === m)?.label ?? m;

/** The express companies a small shop ships with most (快递公司); anything else is typed. */
export const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '邮政快递包裹', 'EMS', '京东快递', '德邦快递'];

/** What a waybill's barcode holds is the tracking number; a QR code may carry more: keep the number-like part. */
export function trackingNoOf(scanned: string): string {
  const t = scanned.trim();
  if (/^[A-Za-z0-9-]{6,40}$/.test(t)) return t.toUpperCase();
  const m = t.match(/[A-Za-z]{0,4}\d{8,}/);
  return m ? m[0].toUpperCase() : '';
}

/** The address a customer's order goes to by default: the default address, else their contact details. */
export function addressOf(c: Pick<Customer, 'name' | 'contact' | 'phone' | 'address' | 'addresses'>): { name: string; phone: string; address: string } | null {
  const saved = c.addresses?.find((a) => a.isDefault) ?? c.addresses?.[0];
  if (saved) return { name: saved.name, phone: saved.phone, address: saved.address };
  if (c.address) return { name: c.contact || c.name, phone: c.phone ?? '', address: c.address };
  return null;
}
