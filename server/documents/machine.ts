// The status machine every document type (purchase orders now; sales orders, counts and transfers
// next) sits on. A step is one transaction of doc(id) operations: read the document, refuse a
// caller whose role or whose document's status does not allow the step, append who/when to its
// history, write it. The request id makes a step idempotent: a step whose request id is already in
// the history answers the document as it is (a retry on a bad network changes nothing twice).
// Steps that move goods are postings: their document change is the engine's guard document
// (guardStep), written in the posting's own transaction.
import type { DocumentStep, Role } from '../../typings/models';
import type { Tx } from '../core/db';
import { audit } from '../core/audit';
import { AppError } from '../core/errors';
import type { MemberContext } from '../core/router';
import type { GuardDocument } from '../posting/engine';

export interface StepRule<S extends string, D> {
  label: string;
  from: readonly S[];
  roles: readonly Role[];
  /** the next status (may depend on the document, e.g. submit → approved when no approval is needed) */
  to: (doc: D) => S;
  /** refuses the step with an AppError when the document's content does not allow it */
  check?: (doc: D, ctx: MemberContext) => void;
}

export type Machine<S extends string, D> = Record<string, StepRule<S, D>>;

export interface Documented<S extends string> {
  _id: string;
  shopId: string;
  status: S;
  history: DocumentStep[];
  updatedAt: string;
}

export interface DocumentType<S extends string, D extends Documented<S>> {
  coll: string;
  /** 采购单 */
  noun: string;
  statusLabels: Record<S, string>;
  machine: Machine<S, D>;
}

function stepOf(ctx: MemberContext, action: string, label: string, from: string, to: string, requestId: string, note: string, postingId: string | null): DocumentStep {
  return { action, label, from, to, by: { openid: ctx.openid, name: ctx.member.name }, at: new Date().toISOString(), requestId, note, postingId };
}

/** Refuses a step the status or the caller's role does not allow, with a message that says why. */
function allow<S extends string, D extends Documented<S>>(type: DocumentType<S, D>, doc: D, action: string, ctx: MemberContext): StepRule<S, D> {
  const rule = type.machine[action];
  if (!rule) throw new AppError('E_VALIDATION', `${type.noun}不支持「${action}」`);
  if (!rule.roles.includes(ctx.member.role)) throw new AppError('E_FORBIDDEN', `你没有权限${rule.label}${type.noun}`);
  if (!rule.from.includes(doc.status)) {
    throw new AppError('E_INVALID_STATE', `${type.noun}${type.statusLabels[doc.status]}，不能${rule.label}`, { status: doc.status });
  }
  rule.check?.(doc, ctx);
  return rule;
}

/** The caller's shop's document, or E_NOT_FOUND (another shop's id says nothing about it). */
export function ownDocument<D extends { shopId: string }>(doc: D | null, ctx: MemberContext, noun: string): D {
  if (!doc || doc.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', `${noun}不存在`);
  return doc;
}

/**
 * One step that moves no goods (submit, approve, cancel, close …), in its own small transaction.
 * `change` may edit the document further (e.g. record approvedAt); `within` does the step's other
 * work in the same transaction (hold stock for an order, change what a customer owes) — it runs
 * once, never for a retried request id.
 */
export async function runStep<S extends string, D extends Documented<S>>(
  ctx: MemberContext,
  type: DocumentType<S, D>,
  id: string,
  action: string,
  requestId: string,
  note = '',
  change?: (doc: D) => Partial<D>,
  within?: (tx: Tx, doc: D) => Promise<void>,
): Promise<D> {
  return ctx.db.transaction(async (tx) => {
    const raw = await tx.get<D>(type.coll, id);
    const doc = ownDocument(raw ? ({ ...raw, _id: id } as D) : null, ctx, type.noun);
    const done = doc.history.find((h) => h.requestId === requestId);
    if (done) {
      if (done.action !== action) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一步操作，请刷新后重试');
      return doc;
    }
    const rule = allow(type, doc, action, ctx);
    const changed = { ...doc, ...(change?.(doc) ?? {}) } as D;
    await within?.(tx, changed);
    const to = rule.to(changed);
    const next = { ...changed, status: to, updatedAt: new Date().toISOString() } as D;
    next.history = [...doc.history, stepOf(ctx, action, rule.label, doc.status, to, requestId, note, null)];
    await Promise.all([
      tx.set(type.coll, id, next as unknown as Record<string, unknown>),
      audit(tx, ctx, {
        kind: 'document',
        action: `${rule.label}${type.noun}`,
        target: { id, name: String((doc as unknown as { no?: string }).no ?? id) },
        changes: doc.status === to ? [] : [{ field: 'status', label: '状态', before: type.statusLabels[doc.status], after: type.statusLabels[to] }],
        note,
      }),
    ]);
    return next;
  });
}

/**
 * A step that moves goods, as a guard document of the engine: read and written in the posting's
 * transaction, so the document and the stock never disagree and a concurrent step fails instead of
 * applying twice. `apply` returns the changed document (and may refuse with an AppError); the
 * status comes from `to` afterwards.
 */
export function guardStep<S extends string, D extends Documented<S>>(
  ctx: MemberContext,
  type: DocumentType<S, D>,
  id: string,
  action: string,
  requestId: string,
  postingId: string | null,
  apply: (doc: D) => D,
  note = '',
): GuardDocument {
  return {
    coll: type.coll,
    id,
    apply: (current) => {
      const doc = ownDocument(current ? ({ ...current, _id: id } as unknown as D) : null, ctx, type.noun);
      const rule = allow(type, doc, action, ctx);
      const changed = apply(doc);
      const to = rule.to(changed);
      const { _id, ...next } = { ...changed, status: to, updatedAt: new Date().toISOString() } as D;
      void _id;
      next.history = [...doc.history, stepOf(ctx, action, rule.label, doc.status, to, requestId, note, postingId)];
      return next as unknown as Record<string, unknown>;
    },
  };
}
