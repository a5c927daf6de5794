// 客户: search, profile, history, regulars who stopped coming, 收款, who owes what, statements.
import type { ActionInput } from '../../typings/api';
import type { CustomerLevel } from '../../typings/api/customers';
import { call } from './api';

export const customersService = {
  list: (input: ActionInput<'customers.list'>) => call('customers.list', input),
  detail: (id: string, page = 1, pageSize = 20) => call('customers.detail', { id, page, pageSize }),
  /** Sends every field: a field left out keeps its stored value, and the page always has them all. */
  save: (input: ActionInput<'customers.save'>) => call('customers.save', input),
  dormant: (days: number) => call('customers.dormant', { days }),
  receive: (input: ActionInput<'customers.receive'>) => call('customers.receive', input),
  receivables: (page: number, pageSize: number) => call('customers.receivables', { page, pageSize }),
  statement: (customerId: string, from: string, to: string) => call('customers.statement', { customerId, from, to }),
};

/** Typed by the contract's levels: a new level fails the type check until it has a label. */
export const LEVEL_LABELS: Record<CustomerLevel, string> = { normal: '普通', vip: 'VIP', wholesale: '批发' };
export const LEVELS = (Object.keys(LEVEL_LABELS) as CustomerLevel[]).map((key) => ({ key, label: LEVEL_LABELS[key] }));

/** Vant tag type per level, so every page colours a level the same way. */
export const LEVEL_TAG: Record<CustomerLevel, string> = { normal: 'default', vip: 'warning', wholesale: 'primary' };

/** What a customer chosen in the picker hands back to the page that opened it. */
export interface PickedCustomer {
  _id: string;
  name: string;
  phone: string;
  receivableFen: number;
  creditLimitFen: number | null;
}

/** "3 天前" / "今天" / "从未购买": a last purchase in the customer's words. */
export function sinceText(iso: string | null, now = Date.now()): string {
  if (!iso) return '从未购买';
  const day = (t: number) => Math.floor((t + 8 * 3600_000) / 86_400_000);
  const days = day(now) - day(Date.parse(iso));
  return days <= 0 ? '今天' : days === 1 ? '昨天' : `${days} 天前`;
}
