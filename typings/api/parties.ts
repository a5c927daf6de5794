import { z } from 'zod';
import { id, name, page, Paged, phone, text } from './common';

/** Suppliers and customers share one shape and one set of actions. */
const party = { name: name('名称', 40), contact: text(20).default(''), phone: phone.default(''), address: text(100).default(''), note: text(200).default('') };

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

const wechatId = z.string().trim().max(40, '微信号最长 40 个字').default('');
const supplierSave = z.object({
  id: id.optional(),
  ...party,
  wechatId,
  leadTimeDays: z.number().int().min(0).max(365).default(3),
  paymentTerms: text(40).default(''),
  archived: z.boolean().default(false),
});
const customerSave = z.object({ id: id.optional(), ...party, wechatId, archived: z.boolean().default(false) });
const list = z.object({ keyword: z.string().trim().max(40).default(''), ...page });

export const partySchemas = {
  'suppliers.save': supplierSave,
  'suppliers.list': list,
  'customers.save': customerSave,
  'customers.list': list,
};

export interface PartyOutputs {
  'suppliers.save': Party;
  'suppliers.list': Paged<Party>;
  'customers.save': Party;
  'customers.list': Paged<Party>;
}
