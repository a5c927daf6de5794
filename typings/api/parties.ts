import { z } from 'zod';
import { id, name, page, Paged, phone, text } from './common';

/**
 * Suppliers and customers share one shape and one save (customers add their own fields and
 * actions in ./customers). Fields other than the name are
 * optional without defaults: an update changes only the fields sent (a create fills the rest with
 * PARTY_DEFAULTS on the server).
 */
export const partyFields = { name: name('名称', 40), contact: text(20).optional(), phone: phone.optional(), address: text(100).optional(), note: text(200).optional() };

export const PARTY_DEFAULTS = { contact: '', phone: '', address: '', note: '', wechatId: '', archived: false } as const;
export const SUPPLIER_DEFAULTS = { ...PARTY_DEFAULTS, leadTimeDays: 3, paymentTerms: '' } as const;

export interface Party {
  _id: string;
  shopId: string;
  name: string;
  contact: string;
  phone: string;
  address: string;
  note: string;
  /** 微信号, for finding them in WeChat */
  wechatId?: string;
  /** suppliers: the typed lead time (days) until receipts teach the real one */
  leadTimeDays?: number;
  /** suppliers: e.g. 月结30天 */
  paymentTerms?: string;
  /** customers: what they owe (fen), kept by the engine with every credit sale and its returns */
  receivableFen?: number;
  archived: boolean;
  createdAt: string;
}

export const wechatId = z.string().trim().max(40, '微信号最长 40 个字').optional();
const supplierSave = z.object({
  id: id.optional(),
  ...partyFields,
  wechatId,
  leadTimeDays: z.number().int().min(0).max(365).optional(),
  paymentTerms: text(40).optional(),
  archived: z.boolean().optional(),
});
const list = z.object({ keyword: z.string().trim().max(40).default(''), ...page });

export const partySchemas = {
  'suppliers.save': supplierSave,
  'suppliers.list': list,
};

export interface PartyOutputs {
  'suppliers.save': Party;
  'suppliers.list': Paged<Party>;
}
