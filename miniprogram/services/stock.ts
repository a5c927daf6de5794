import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const stockService = {
  sell: (input: ActionInput<'stock.sell'>) => call('stock.sell', input),
  receive: (input: ActionInput<'stock.receive'>) => call('stock.receive', input),
  ledger: (productId: string, page = 1) => call('stock.ledger', { productId, page, pageSize: 20 }),
  posting: (id: string) => call('stock.posting', { id }),
  balances: (input: ActionInput<'stock.balances'>) => call('stock.balances', input),
  expiring: (input: ActionInput<'stock.expiring'>) => call('stock.expiring', input),
  available: (warehouseId: string, productIds: string[]) => call('stock.available', { warehouseId, productIds }),
};
