// A document is created once per request id, its id `{shopId}_{requestId}`: a retry answers the
// document as it is (even if what was checked to create it has changed since), the same id with
// another body is refused. The request's fingerprint is stored on the document for that.
import { AppError } from '../core/errors';
import type { Tx } from '../core/db';
import type { MemberContext } from '../core/router';

type Stored<D> = D & { fingerprint?: string };

/** The stored document without its fingerprint, or E_DUPLICATE when another request made it. */
export function sameRequest<D extends { _id: string }>(existing: Stored<D>, fingerprint: string, noun: string): D {
  if (existing.fingerprint && existing.fingerprint !== fingerprint) throw new AppError('E_DUPLICATE', `这个请求编号已用于另一张${noun}，请刷新后重新提交`);
  const { fingerprint: _f, ...doc } = existing;
  void _f;
  return doc as unknown as D;
}

/**
 * Creates the document once: `prepare` does the reads and checks (outside the transaction, only
 * for a new request), `build` makes the document inside the transaction that numbers it.
 */
export async function createOnce<D extends { _id: string }, P>(
  ctx: MemberContext,
  type: { coll: string; noun: string },
  id: string,
  fingerprint: string,
  prepare: () => Promise<P>,
  build: (tx: Tx, now: Date, prepared: P) => Promise<D>,
): Promise<D> {
  const existing = await ctx.db.getById<Stored<D>>(type.coll, id);
  if (existing) return sameRequest(existing, fingerprint, type.noun);
  const prepared = await prepare();
  return ctx.db.transaction(async (tx) => {
    const raced = await tx.get<Stored<D>>(type.coll, id);
    if (raced) return sameRequest({ ...raced, _id: id }, fingerprint, type.noun);
    const doc = await build(tx, new Date(), prepared);
    await tx.set(type.coll, id, { ...doc, fingerprint } as unknown as Record<string, unknown>);
    return doc;
  });
}
