// The contract of the api cloud function: one zod schema per action (validated at the edge by
// the router) and one output type per action. The mini program imports only the types.
import type { z } from 'zod';
import { AuditOutputs, auditSchemas } from './api/audit';
import { CountOutputs, countSchemas } from './api/counts';
import { CustomerOutputs, customerSchemas } from './api/customers';
import { PartyOutputs, partySchemas } from './api/parties';
import { ProductOutputs, productSchemas } from './api/products';
import { PurchasingOutputs, purchasingSchemas } from './api/purchasing';
import { ReplenishmentOutputs, replenishmentSchemas } from './api/replenishment';
import { ReportOutputs, reportSchemas } from './api/reports';
import { SalesOutputs, salesSchemas } from './api/sales';
import { ShopOutputs, shopSchemas } from './api/shops';
import { StockOutputs, stockSchemas } from './api/stock';
import { SystemOutputs, systemSchemas } from './api/system';
import { TransferOutputs, transferSchemas } from './api/transfers';

export const schemas = {
  ...systemSchemas,
  ...shopSchemas,
  ...productSchemas,
  ...partySchemas,
  ...stockSchemas,
  ...replenishmentSchemas,
  ...purchasingSchemas,
  ...transferSchemas,
  ...countSchemas,
  ...salesSchemas,
  ...auditSchemas,
  ...customerSchemas,
  ...reportSchemas,
};

export type Outputs = SystemOutputs & ShopOutputs & ProductOutputs & PartyOutputs & StockOutputs & ReplenishmentOutputs & PurchasingOutputs & CountOutputs & SalesOutputs & AuditOutputs & TransferOutputs & CustomerOutputs & ReportOutputs;

export type ActionName = keyof typeof schemas & keyof Outputs;
export type ActionInput<A extends ActionName> = z.input<(typeof schemas)[A]>;
export type ActionOutput<A extends ActionName> = Outputs[A];
export type { Paged } from './api/common';
