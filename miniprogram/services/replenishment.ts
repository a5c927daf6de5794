import type { AlertCursor } from '../../typings/api/replenishment';
import type { AlertKind } from '../../typings/models';
import { call } from './api';

/** Alerts per kind on the first view, and per later call while scrolling: each answer stays small. */
export const ALERTS_FIRST = 10;
export const ALERTS_MORE = 50;

export const replenishmentService = {
  alerts: () => call('alerts.list', { status: 'active', limit: ALERTS_FIRST }),
  moreAlerts: (kind: AlertKind, after: AlertCursor) => call('alerts.list', { status: 'active', kind, after, limit: ALERTS_MORE }),
  counts: () => call('alerts.counts', {}),
  acknowledge: (ids: string[]) => call('alerts.acknowledge', { ids }),
  subscribe: (templateId: string, accepted: boolean) => call('alerts.subscribe', { templateId, accepted }),
  suggestions: () => call('replenishment.suggestions', {}),
  recompute: () => call('replenishment.recompute', {}),
};
