import { schemas } from '../../typings/api';
import { ensureCollections } from '../core/collections';
import { action } from '../core/router';

export const systemActions = {
  /** Liveness and identity: what the cloud knows about the caller. */
  'system.ping': action('anyone', schemas['system.ping'], async (ctx) => ({
    pong: true as const,
    openid: ctx.openid,
    serverTime: new Date().toISOString(),
  })),
  /** Creates every collection; run once per environment from the console or command line (no OPENID). */
  'system.setup': action('console', schemas['system.setup'], async (ctx) => ({ created: await ensureCollections(ctx.db) })),
};
