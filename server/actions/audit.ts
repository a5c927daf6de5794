// The owner's view of the audit log (server/core/audit.ts writes it with every change).
import { schemas } from '../../typings/api';
import type { AuditEntry } from '../../typings/models';
import { AUDIT_KIND_LABELS } from '../../typings/models';
import { pageOf } from '../core/query';
import { action } from '../core/router';

/** The instant a China day starts, as stored in `at`. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();

export const auditActions = {
  'audit.list': action(['owner'], schemas['audit.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.kind !== 'all') where.kind = input.kind;
    if (input.openid) where['by.openid'] = input.openid;
    if (input.targetId) where['target.id'] = input.targetId;
    if (input.from && input.to) where.at = _.gte(dayStart(input.from)).and(_.lt(nextDay(input.to)));
    else if (input.from) where.at = _.gte(dayStart(input.from));
    else if (input.to) where.at = _.lt(nextDay(input.to));
    const rows = await ctx.db.find<AuditEntry>('audit', where, { orderBy: [['at', 'desc'], ['_id', 'desc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 });
    const paged = pageOf(rows, input.page, input.pageSize);
    return { ...paged, items: paged.items.map((e) => ({ ...e, kindLabel: AUDIT_KIND_LABELS[e.kind] })) };
  }),
};
