// A customer as stored: the party fields plus addresses, level, tags, a credit limit and what they
// owe; a search text (name, phone, WeChat id, lower case) makes one indexed-scan regex find them.
import { CUSTOMER_DEFAULTS } from '../../typings/api/customers';
import type { Customer, ShippingAddress } from '../../typings/api/customers';
import { PARTY_DEFAULTS } from '../../typings/api/parties';
import type { PartyKind } from '../actions/parties';

export function customerSearchText(c: { name?: unknown; phone?: unknown; wechatId?: unknown; contact?: unknown }): string {
  return [c.name, c.phone, c.wechatId, c.contact].filter(Boolean).join(' ').toLowerCase();
}

/** The first address is the default when none is marked (a sales order copies the default). */
function withDefault(addresses: ShippingAddress[]): ShippingAddress[] {
  if (addresses.length === 0 || addresses.some((a) => a.isDefault)) return addresses;
  return addresses.map((a, i) => ({ ...a, isDefault: i === 0 }));
}

export const CUSTOMERS: PartyKind = {
  coll: 'customers',
  defaults: { ...PARTY_DEFAULTS, ...CUSTOMER_DEFAULTS },
  derive: (c) => ({
    addresses: withDefault((c.addresses as ShippingAddress[] | undefined) ?? []),
    tags: [...new Set((c.tags as string[] | undefined) ?? [])],
    searchText: customerSearchText(c),
  }),
};

/** A stored customer with the fields of customers saved before they existed, and no search text. */
export function customerOf(doc: Record<string, unknown>): Customer {
  const { searchText, ...rest } = doc as unknown as Customer & { searchText?: string };
  void searchText;
  return {
    ...PARTY_DEFAULTS,
    ...CUSTOMER_DEFAULTS,
    ...rest,
    receivableFen: Number(rest.receivableFen ?? 0),
    creditLimitFen: rest.creditLimitFen ?? null,
    createdAt: rest.createdAt ? new Date(rest.createdAt).toISOString() : '',
  };
}
