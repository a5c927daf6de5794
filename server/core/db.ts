// One typed wrapper around wx-server-sdk's database: wx-server-sdk's own types return unions
// with void/string and leave transactions untyped, so every cast lives here and nowhere else.
import { AppError } from './errors';

export type Where = Record<string, unknown>;
export type Order = [field: string, direction: 'asc' | 'desc'];

export interface FindOptions {
  orderBy?: Order[];
  skip?: number;
  limit?: number;
  fields?: Record<string, boolean>;
}

/** The cloud refuses limit > 1000 in a cloud function. */
export const MAX_PAGE = 1000;

export class Db {
  readonly command: any;

  constructor(readonly raw: any) {
    this.command = raw.command;
  }

  serverDate(offsetMs = 0): unknown {
    return this.raw.serverDate({ offset: offsetMs });
  }

  regExp(pattern: string, options = 'i'): unknown {
    return this.raw.RegExp({ regexp: pattern, options });
  }

  /** A document by id, or null (doc(id).get() throws on a missing document). */
  async getById<T>(coll: string, id: string): Promise<T | null> {
    const res = await this.raw.collection(coll).where({ _id: id }).limit(1).get();
    return (res.data[0] as T) ?? null;
  }

  async getMany<T>(coll: string, ids: string[]): Promise<T[]> {
    const out: T[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      const chunk = unique.slice(i, i + 100);
      const res = await this.raw.collection(coll).where({ _id: this.command.in(chunk) }).limit(chunk.length).get();
      out.push(...(res.data as T[]));
    }
    return out;
  }

  async find<T>(coll: string, where: Where, options: FindOptions = {}): Promise<T[]> {
    let q = this.raw.collection(coll).where(where);
    for (const [field, dir] of options.orderBy ?? []) q = q.orderBy(field, dir);
    if (options.skip) q = q.skip(options.skip);
    q = q.limit(Math.min(options.limit ?? 100, MAX_PAGE));
    if (options.fields) q = q.field(options.fields);
    const res = await q.get();
    return res.data as T[];
  }

  /** Every matching document, paged explicitly (the cloud answers at most 1000 per call). */
  async findAll<T>(coll: string, where: Where, orderBy: Order[] = [['_id', 'asc']], max = 100_000, fields?: Record<string, boolean>): Promise<T[]> {
    const out: T[] = [];
    for (let skip = 0; skip < max; skip += MAX_PAGE) {
      const page = await this.find<T>(coll, where, { orderBy, skip, limit: MAX_PAGE, fields });
      out.push(...page);
      if (page.length < MAX_PAGE) break;
    }
    return out;
  }

  async count(coll: string, where: Where): Promise<number> {
    const res = await this.raw.collection(coll).where(where).count();
    return res.total as number;
  }

  async insert(coll: string, doc: Record<string, unknown>): Promise<string> {
    const res = await this.raw.collection(coll).add({ data: doc });
    return res._id as string;
  }

  async set(coll: string, id: string, doc: Record<string, unknown>): Promise<void> {
    const { _id, ...data } = doc;
    void _id;
    await this.raw.collection(coll).doc(id).set({ data });
  }

  async update(coll: string, id: string, patch: Record<string, unknown>): Promise<number> {
    const res = await this.raw.collection(coll).doc(id).update({ data: patch });
    return res.stats.updated as number;
  }

  async updateWhere(coll: string, where: Where, patch: Record<string, unknown>): Promise<number> {
    const res = await this.raw.collection(coll).where(where).update({ data: patch });
    return res.stats.updated as number;
  }

  async remove(coll: string, id: string): Promise<void> {
    await this.raw.collection(coll).doc(id).remove();
  }

  /** Removes every matching document; answers how many. */
  async removeWhere(coll: string, where: Where): Promise<number> {
    const res = await this.raw.collection(coll).where(where).remove();
    return res.stats.removed as number;
  }

  aggregate(coll: string): any {
    return this.raw.collection(coll).aggregate();
  }

  /**
   * Runs fn in one cloud transaction. The cloud detects write-write conflicts at write time and
   * wx-server-sdk 4.0.2 does not retry those, so conflicts are retried here with bounded,
   * jittered backoff; anything else (an AppError included) rolls back and propagates.
   */
  async transaction<T>(fn: (tx: Tx) => Promise<T>, attempts = 8): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.raw.runTransaction(async (t: any) => fn(new Tx(t)), 1);
      } catch (e) {
        if (!isConflict(e)) throw e;
        if (attempt >= attempts) throw new AppError('E_CONFLICT', '当前操作的人太多了，请稍后重试');
        const base = Math.min(400, 10 * 2 ** attempt);
        await new Promise((r) => setTimeout(r, base / 2 + Math.random() * base));
      }
    }
  }
}

/** Operations a cloud transaction takes: doc(id) get/set/update/remove and add. */
export class Tx {
  constructor(private readonly t: any) {}

  async get<T>(coll: string, id: string): Promise<T | null> {
    try {
      const res = await this.t.collection(coll).doc(id).get();
      return (res.data as T) ?? null;
    } catch (e) {
      if (isMissingDocument(e)) return null;
      throw e;
    }
  }

  async set(coll: string, id: string, doc: Record<string, unknown>): Promise<void> {
    const { _id, ...data } = doc;
    void _id;
    await this.t.collection(coll).doc(id).set({ data });
  }

  async update(coll: string, id: string, patch: Record<string, unknown>): Promise<void> {
    await this.t.collection(coll).doc(id).update({ data: patch });
  }

  async remove(coll: string, id: string): Promise<void> {
    await this.t.collection(coll).doc(id).remove();
  }
}

export function isConflict(e: unknown): boolean {
  const err = e as { code?: string; errCode?: number; errMsg?: string; message?: string };
  if (err?.code === 'DATABASE_TRANSACTION_CONFLICT') return true;
  const text = `${err?.errMsg ?? ''} ${err?.message ?? ''}`;
  return /TransactionConflict|DATABASE_TRANSACTION_CONFLICT|WriteConflict|transaction is conflict/i.test(text);
}

function isMissingDocument(e: unknown): boolean {
  const text = `${(e as any)?.errMsg ?? ''} ${(e as any)?.message ?? ''}`;
  return /does not exist|not exist/i.test(text) && !/collection/i.test(text);
}
