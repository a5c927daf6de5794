import { schemas } from '../../typings/api';
import { ensureCollections } from '../core/collections';
import { action } from '../core/router';
import { backfillProductTotals } from '../stock/backfill';

export const systemActions = {
  /** Liveness and identity: what the cloud knows about the caller. */
  'system.ping': action('anyone', schemas['system.ping'], async (ctx) => ({
    pong: true as const,
    openid: ctx.openid,
    serverTime: new Date().toISOString(),
  })),
  /**
   * Creates every collection and brings older data up to date (products' on-hand totals); run once
   * per environment and after each deploy, from the console or command line (no OPENID). Idempotent.
   */
  'system.setup': action('console', schemas['system.setup'], async (ctx) => {
    const created = await ensureCollections(ctx.db);
    return { created, backfilledProducts: await backfillProductTotals(ctx.db) };
  }),
};
