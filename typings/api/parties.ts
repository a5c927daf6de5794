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
  archived: boolean;
  createdAt: string;
}

const save = z.object({ id: id.optional(), ...party, archived: z.boolean().default(false) });
const list = z.object({ keyword: z.string().trim().max(40).default(''), ...page });

export const partySchemas = {
  'suppliers.save': save,
  'suppliers.list': list,
  'customers.save': save,
  'customers.list': list,
};

export interface PartyOutputs {
  'suppliers.save': Party;
  'suppliers.list': Paged<Party>;
  'customers.save': Party;
  'customers.list': Paged<Party>;
}
