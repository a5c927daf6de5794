import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const productsService = {
  list: (input: ActionInput<'products.list'>) => call('products.list', input),
  get: (id: string) => call('products.get', { id }),
  byBarcode: (code: string) => call('products.byBarcode', { code }),
  create: (input: ActionInput<'products.create'>) => call('products.create', input),
  update: (input: ActionInput<'products.update'>) => call('products.update', input),
  lowCount: () => call('products.lowCount', {}),
};
