import { z } from 'zod';
import type { AuditEntry, AuditKind } from '../models';
import { date, id, page, Paged } from './common';

export const auditSchemas = {
  /** 操作记录, newest first: by kind, by member, by China-day period, or of one target (a product, an order …). */
  'audit.list': z.object({
    kind: z.enum(['all', 'product', 'settings', 'member', 'warehouse', 'document', 'override']).default('all'),
    openid: id.optional(),
    targetId: id.optional(),
    from: date.optional(),
    to: date.optional(),
    ...page,
  }),
};

export type AuditEntryView = AuditEntry & { kindLabel: string };

export interface AuditOutputs {
  'audit.list': Paged<AuditEntryView>;
}

export type { AuditKind };
