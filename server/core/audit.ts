// The audit log (操作记录): every change that is not a posting — product fields and prices,
// settings, members and roles, warehouses, document steps, overrides — writes one entry (who,
// when, what, before → after) in the same transaction as the change, so neither exists without
// the other. Postings are their own record (the ledger); an override on a posting is also logged.
import crypto from 'node:crypto';
import type { AuditEntry, AuditKind } from '../../typings/models';
import type { Tx } from './db';
import type { MemberContext } from './router';

/** Time-ordered ids: newest last by id as by `at`, unique without a counter. */
export function auditId(shopId: string, at: Date): string {
  return `${shopId}_${at.getTime().toString(36).padStart(9, '0')}${crypto.randomBytes(3).toString('hex')}`;
}

export interface AuditInput {
  kind: AuditKind;
  /** what happened, in the page's words: 修改商品, 审批采购单 … */
  action: string;
  target: { id: string; name: string };
  changes?: AuditEntry['changes'];
  note?: string;
}

export function auditEntry(ctx: MemberContext, input: AuditInput, at = new Date()): AuditEntry {
  return {
    _id: auditId(ctx.member.shopId, at),
    shopId: ctx.member.shopId,
    at: at.toISOString(),
    by: { openid: ctx.openid, name: ctx.member.name, role: ctx.member.role },
    kind: input.kind,
    action: input.action,
    target: input.target,
    changes: input.changes ?? [],
    note: input.note ?? '',
  };
}

/** Writes the entry in the caller's transaction. */
export async function audit(tx: Tx, ctx: MemberContext, input: AuditInput): Promise<void> {
  const { _id, ...doc } = auditEntry(ctx, input);
  await tx.set('audit', _id, doc as unknown as Record<string, unknown>);
}

/** The fields that differ between two versions, with their labels (unchanged fields are left out). */
export function changesOf(before: Record<string, unknown> | null, after: Record<string, unknown>, labels: Record<string, string>): AuditEntry['changes'] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return Object.entries(labels)
    .filter(([field]) => field in after && !same(before?.[field], after[field]))
    .map(([field, label]) => ({ field, label, before: before ? (before[field] ?? null) : null, after: after[field] ?? null }));
}

/** The entry as a document a posting writes with itself (an override recorded on a sale). */
export function auditCreate(ctx: MemberContext, input: AuditInput): { coll: string; id: string; doc: Record<string, unknown> } {
  const { _id, ...doc } = auditEntry(ctx, input);
  return { coll: 'audit', id: _id, doc: doc as unknown as Record<string, unknown> };
}
