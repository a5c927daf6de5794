// The export cloud function: Excel export and import, backup and restore — heavy and rarely used,
// so `api` stays small and quick to load. Same router (input, members, roles) as `api`; its timer
// (config.json, Mondays 03:00 China time) backs up every shop, keeping the last 4 weekly backups.
import cloud from 'wx-server-sdk';
import { fileActions } from '../../../server/files/actions';
import { createRouter } from '../../../server/core/router';

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const route = createRouter(fileActions, cloud);

export async function main(event: Record<string, unknown> = {}) {
  // A timer event carries no action and no user: it becomes the console's weekly backup.
  if (event.Type === 'Timer') return route({ action: 'backup.weekly' });
  return route(event);
}
