import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const shopService = {
  mine: () => call('shops.mine', {}),
  create: (input: ActionInput<'shops.create'>) => call('shops.create', input),
  join: (code: string, name: string) => call('invites.accept', { code, name }),
  suppliers: (keyword = '') => call('suppliers.list', { keyword, page: 1, pageSize: 50 }),
  /** Only the settings given change (the server merges them into the shop's). */
  updateSettings: (settings: ActionInput<'shops.updateSettings'>['settings']) => call('shops.updateSettings', { settings }),
};

/** Bumped by a page that saves shop settings elsewhere (促销日), so 我的 (a tab page that stays open) reloads on show. */
export function markSettingsChanged(): void {
  const app = getApp<{ globalData: { settingsVersion?: number } }>();
  app.globalData = { ...app.globalData, settingsVersion: settingsVersion() + 1 };
}

export function settingsVersion(): number {
  return getApp<{ globalData?: { settingsVersion?: number } }>().globalData?.settingsVersion ?? 0;
}
