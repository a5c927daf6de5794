import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const shopService = {
  mine: () => call('shops.mine', {}),
  create: (input: ActionInput<'shops.create'>) => call('shops.create', input),
  join: (code: string, name: string) => call('invites.accept', { code, name }),
  suppliers: (keyword = '') => call('suppliers.list', { keyword, page: 1, pageSize: 50 }),
};
