import type { ActionInput } from '../../typings/api';
import { call } from './api';
import { areaVersion, markAreaChanged } from './changes';

export const shopService = {
  mine: () => call('shops.mine', {}),
  create: (input: ActionInput<'shops.create'>) => call('shops.create', input),
  join: (code: string, name: string) => call('invites.accept', { code, name }),
  suppliers: (keyword = '') => call('suppliers.list', { keyword, page: 1, pageSize: 50 }),
  /** Only the settings given change (the server merges them into the shop's); 我的 reloads on show. */
  updateSettings: async (settings: ActionInput<'shops.updateSettings'>['settings']) => {
    const saved = await call('shops.updateSettings', { settings });
    markAreaChanged('settings');
    return saved;
  },
};

/** Bumped by every settings save, so 我的 (a tab page that stays open) reloads when it shows again. */
export const settingsVersion = (): number => areaVersion('settings');
