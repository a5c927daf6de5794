import { call } from './api';

export const replenishmentService = {
  alerts: () => call('alerts.list', { status: 'active' }),
  counts: () => call('alerts.counts', {}),
  acknowledge: (ids: string[]) => call('alerts.acknowledge', { ids }),
  subscribe: (templateId: string, accepted: boolean) => call('alerts.subscribe', { templateId, accepted }),
  suggestions: () => call('replenishment.suggestions', {}),
  recompute: () => call('replenishment.recompute', {}),
};
