// The database actions of the WeChat cloud, as the real wx-server-sdk sends them.
// Query, projection, sort, update and aggregation semantics come from mingo.
import crypto from 'node:crypto';
import { Aggregator, Query, update as mingoUpdate } from 'mingo';
import { clone, Doc, decode, encode, normalize } from './ejson';
import { CloudError, Errors } from './errors';
import { DocumentStore } from './store';
import { Transaction, TransactionManager } from './transactions';

/** Limits of the WeChat cloud database, enforced so code that passes here works there. */
export const LIMITS = {
  maxQueryLimit: 1000, // a get() in a cloud function returns at most 1000 documents
  defaultAggregateRows: 20, // an aggregate without $limit answers 20 rows
  maxDocumentBytes: 16 * 1024 * 1024, // MongoDB's BSON document limit, which the cloud database inherits
  maxInsertBatch: 1000,
};

export interface RequestMeta {
  invocation: string | null;
}

type Params = Record<string, any>;

export class DatabaseService {
  /** Documents loaded to answer queries: shows whether an index narrowed a lookup. */
  examined = 0;

  constructor(private store: DocumentStore, readonly tx: TransactionManager) {}

  handle(action: string, p: Params, meta: RequestMeta): Record<string, unknown> {
    switch (action) {
      case 'database.addCollection':
        return this.addCollection(p);
      case 'database.getDocument':
        return this.getDocument(p, meta);
      case 'database.calculateDocument':
        return this.count(p, meta);
      case 'database.insertDocument':
        return this.insert(p);
      case 'database.modifyDocument':
        return this.modify(p, meta);
      case 'database.modifyAndReturnDoc':
        return this.modifyAndReturn(p, meta);
      case 'database.removeDocument':
        return this.remove(p, meta);
      case 'database.aggregateDocuments':
        return this.aggregate(p, meta);
      case 'database.startTransaction':
        return { transactionId: this.tx.start(meta.invocation).id };
      case 'database.commitTransaction':
        this.tx.commit(this.tx.require(p.transactionId));
        return {};
      case 'database.abortTransaction': {
        // Aborting a transaction that a conflict already aborted is not an error.
        try {
          this.tx.abort(this.tx.require(p.transactionId));
        } catch (e) {
          if (!(e instanceof CloudError && e.code === 'DATABASE_TRANSACTION_CONFLICT')) throw e;
        }
        return {};
      }
      default:
        throw Errors.invalidParam(`localcloud does not support action ${action}`);
    }
  }

  private addCollection(p: Params) {
    const name = String(p.collectionName ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw Errors.invalidParam(`集合名称不合法: ${name}`);
    if (!this.store.createCollection(name)) throw Errors.collectionExists(name);
    return {};
  }

  private collection(p: Params): string {
    const name = String(p.collectionName ?? '');
    if (!this.store.hasCollection(name)) throw Errors.collectionNotExist(name);
    return name;
  }

  private transaction(p: Params): Transaction | null {
    return p.transactionId ? this.tx.require(p.transactionId) : null;
  }

  /** where()-writes, count and aggregate are sent without the transaction id: in the cloud they
   *  would escape the transaction and survive a rollback. Refuse them while one is open. */
  private refuseEscapingTransaction(meta: RequestMeta, what: string) {
    if (meta.invocation && this.tx.hasOpenFor(meta.invocation)) throw Errors.notInTransaction(what);
  }

  private getDocument(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    const tx = this.transaction(p);
    const query = decode(p.query) ?? {};
    const projection = decode(p.projection);
    if (p.queryType === 'DOC') {
      const id = docIdOf(query);
      const doc = tx ? this.tx.read(tx, coll, id) : this.store.get(coll, id)?.doc ?? null;
      const list = doc ? [project(doc, projection)] : [];
      return { data: { list: list.map(encode) } };
    }
    if (tx) throw Errors.notInTransaction('where().get()');
    const limit = p.limit === undefined ? 100 : Number(p.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxQueryLimit) {
      throw Errors.invalidParam(`limit 必须是 1 到 ${LIMITS.maxQueryLimit} 之间的整数`);
    }
    const offset = Number(p.offset ?? 0);
    let cursor = new Query(query).find(this.candidates(coll, query), projection && Object.keys(projection).length ? projection : undefined);
    const order = decode(p.order);
    if (order && Object.keys(order).length) cursor = cursor.sort(order);
    const list = cursor.skip(offset).limit(limit).all() as Doc[];
    return { data: { list: list.map(encode), offset, limit } };
  }

  private count(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    this.refuseEscapingTransaction(meta, 'count()');
    const query = decode(p.query) ?? {};
    if (Object.keys(query).length === 0) return { data: { total: this.store.count(coll) } };
    const q = new Query(query);
    const total = this.candidates(coll, query).filter((d) => q.test(d)).length;
    return { data: { total } };
  }

  private insert(p: Params) {
    const coll = this.collection(p);
    const tx = this.transaction(p);
    const items: string[] = Array.isArray(p.data) ? p.data : [p.data];
    if (items.length > LIMITS.maxInsertBatch) throw Errors.invalidParam(`一次最多插入 ${LIMITS.maxInsertBatch} 条记录`);
    const now = new Date();
    const docs = items.map((text) => {
      const doc = decode(text, now) as Doc;
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw Errors.invalidParam('插入的记录必须是对象');
      if (doc._id === undefined) doc._id = newId();
      doc._id = String(doc._id);
      checkSize(doc);
      return doc;
    });
    const seen = new Set<string>();
    for (const d of docs) {
      const exists = tx ? this.tx.read(tx, coll, d._id!) : this.store.get(coll, d._id!);
      if (exists || seen.has(d._id!)) throw Errors.duplicateKey(coll, d._id!);
      seen.add(d._id!);
    }
    if (tx) for (const d of docs) this.tx.write(tx, coll, d._id!, d);
    else this.tx.applyWrites(docs.map((d) => ({ coll, id: d._id!, doc: d })));
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  private modify(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    const tx = this.transaction(p);
    const now = new Date();
    const query = decode(p.query, now) ?? {};
    const data = decode(p.data, now);
    if (!data || typeof data !== 'object') throw Errors.invalidParam('更新数据必须是对象');
    const merge = p.merge !== false;
    if (p.queryType === 'DOC') {
      const id = docIdOf(query);
      const current = tx ? this.tx.read(tx, coll, id) : this.store.get(coll, id)?.doc ?? null;
      if (!merge) {
        // set(): replace the whole document, creating it if absent.
        if (hasOperators(data)) throw Errors.requestFailed('set() 的数据不能包含更新操作符');
        const doc = { ...data, _id: id } as Doc;
        checkSize(doc);
        this.writeDoc(tx, coll, id, doc);
        return current ? { data: { updated: 1, upsert_id: null } } : { data: { updated: 0, upsert_id: id } };
      }
      if (!current) {
        if (p.upsert) {
          const doc = applyUpdate({ _id: id }, data);
          this.writeDoc(tx, coll, id, doc);
          return { data: { updated: 0, upsert_id: id } };
        }
        return { data: { updated: 0, upsert_id: null } };
      }
      const next = applyUpdate(current, data);
      this.writeDoc(tx, coll, id, next);
      return { data: { updated: 1, upsert_id: null } };
    }
    if (tx) throw Errors.notInTransaction('where().update()');
    this.refuseEscapingTransaction(meta, 'where().update()');
    const q = new Query(query);
    let matches = this.candidates(coll, query).filter((d) => q.test(d));
    if (p.multi === false) matches = matches.slice(0, 1);
    const writes = matches.map((d) => {
      const doc = merge ? applyUpdate(d, data) : ({ ...data, _id: d._id } as Doc);
      return { coll, id: d._id!, doc };
    });
    this.tx.applyWrites(writes);
    return { data: { updated: writes.length, upsert_id: null } };
  }

  private modifyAndReturn(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    if (p.transactionId) throw Errors.notInTransaction('where().updateAndReturn()');
    this.refuseEscapingTransaction(meta, 'updateAndReturn()');
    const query = decode(p.query) ?? {};
    const q = new Query(query);
    const match = this.candidates(coll, query).find((d) => q.test(d));
    if (!match) return { data: { updated: 0, doc: null } };
    const next = applyUpdate(match, decode(p.data));
    this.tx.applyWrites([{ coll, id: match._id!, doc: next }]);
    return { data: { updated: 1, doc: encode(next) } };
  }

  private remove(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    const tx = this.transaction(p);
    const query = decode(p.query) ?? {};
    if (p.queryType === 'DOC') {
      const id = docIdOf(query);
      const current = tx ? this.tx.read(tx, coll, id) : this.store.get(coll, id)?.doc ?? null;
      if (!current) return { data: { deleted: 0 } };
      this.writeDoc(tx, coll, id, null);
      return { data: { deleted: 1 } };
    }
    if (tx) throw Errors.notInTransaction('where().remove()');
    this.refuseEscapingTransaction(meta, 'where().remove()');
    const q = new Query(query);
    let matches = this.candidates(coll, query).filter((d) => q.test(d));
    if (p.multi === false) matches = matches.slice(0, 1);
    this.tx.applyWrites(matches.map((d) => ({ coll, id: d._id!, doc: null })));
    return { data: { deleted: matches.length } };
  }

  private aggregate(p: Params, meta: RequestMeta) {
    const coll = this.collection(p);
    this.refuseEscapingTransaction(meta, 'aggregate()');
    const now = new Date();
    const stages = (p.stages as { stageKey: string; stageValue: string }[]).map((s) => ({
      [s.stageKey]: normalize(decode(s.stageValue, now) ?? JSON.parse(s.stageValue), now),
    }));
    for (const s of stages) {
      const lookup = (s as any).$lookup;
      if (lookup && !this.store.hasCollection(lookup.from)) throw Errors.collectionNotExist(lookup.from);
    }
    const hasLimit = stages.some((s) => '$limit' in s);
    const firstMatch = stages[0] && '$match' in stages[0] ? (stages[0] as any).$match : {};
    const source = this.candidates(coll, firstMatch);
    const agg = new Aggregator(stages, {
      collectionResolver: (name: string) => (this.store.hasCollection(name) ? this.store.all(name) : []),
    } as any);
    let rows = agg.run(source) as Doc[];
    if (!hasLimit) rows = rows.slice(0, LIMITS.defaultAggregateRows);
    return { data: { list: rows.map(encode) } };
  }

  private writeDoc(tx: Transaction | null, coll: string, id: string, doc: Doc | null) {
    if (doc) checkSize(doc);
    if (tx) this.tx.write(tx, coll, id, doc);
    else this.tx.applyWrites([{ coll, id, doc }]);
  }

  /** Documents that may match: narrowed by _id or an indexed field, never more than needed. */
  candidates(coll: string, query: Record<string, any>): Doc[] {
    const conditions: [string, any][] = [];
    for (const [k, v] of Object.entries(query ?? {})) {
      if (k === '$and' && Array.isArray(v)) for (const sub of v) conditions.push(...Object.entries(sub));
      else if (!k.startsWith('$')) conditions.push([k, v]);
    }
    const ids = this.plan(coll, conditions);
    if (ids === null) {
      const all = this.store.all(coll);
      this.examined += all.length;
      return all;
    }
    this.examined += ids.length;
    const docs: Doc[] = [];
    for (const id of ids) {
      const d = this.store.get(coll, id);
      if (d) docs.push(d.doc);
    }
    return docs;
  }

  /** Intersects the id sets of every indexed equality; falls back to one indexed range. */
  private plan(coll: string, conditions: [string, any][]): string[] | null {
    const indexed = new Set(this.store.indexedFields(coll));
    let ids: Set<string> | null = null;
    let range: string[] | null = null;
    for (const [field, cond] of conditions) {
      const values = equalityValues(cond);
      if (field === '_id' && values) {
        const byId = values.map(String);
        ids = ids ? new Set(byId.filter((id) => ids!.has(id))) : new Set(byId);
        continue;
      }
      if (!indexed.has(field)) continue;
      if (values) {
        const found = this.store.idsByValues(coll, field, values);
        ids = ids ? new Set(found.filter((id) => ids!.has(id))) : new Set(found);
      } else if (range === null) {
        const r = rangeOf(cond);
        if (r) range = this.store.idsByRange(coll, field, r.lo, r.loIncl, r.hi, r.hiIncl);
      }
    }
    if (ids) return range ? range.filter((id) => ids!.has(id)) : [...ids];
    return range;
  }
}

function docIdOf(query: any): string {
  const id = query?._id;
  if (typeof id !== 'string' && typeof id !== 'number') throw Errors.invalidParam('docId 不能为空');
  return String(id);
}

function hasOperators(obj: Record<string, unknown>): boolean {
  return Object.keys(obj).some((k) => k.startsWith('$'));
}

function applyUpdate(doc: Doc, data: Record<string, any>): Doc {
  const next = clone(doc);
  const modifier = hasOperators(data) ? data : { $set: data };
  if ('_id' in (modifier.$set ?? {})) throw Errors.invalidParam('不能更新_id的值');
  try {
    mingoUpdate(next, modifier as any);
  } catch (e) {
    throw Errors.requestFailed(`[InvalidParameter] 更新失败: ${(e as Error).message}`);
  }
  return next;
}

function project(doc: Doc, projection: Record<string, unknown> | undefined): Doc {
  if (!projection || Object.keys(projection).length === 0) return doc;
  return new Query({}).find([doc], projection as any).all()[0] as Doc;
}

function checkSize(doc: Doc) {
  const bytes = Buffer.byteLength(encode(doc));
  if (bytes > LIMITS.maxDocumentBytes) {
    throw Errors.requestFailed(`[LimitExceeded] 单条记录大小超过限制 (${bytes} > ${LIMITS.maxDocumentBytes} bytes)`);
  }
}

function equalityValues(cond: any): unknown[] | null {
  if (cond === null || cond === undefined) return null;
  if (typeof cond !== 'object' || cond instanceof Date) return [cond];
  if (cond instanceof RegExp || Array.isArray(cond)) return null;
  const keys = Object.keys(cond);
  if (keys.length === 1 && keys[0] === '$eq') return equalityValues(cond.$eq);
  if (keys.length === 1 && keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every((v: unknown) => v === null || typeof v !== 'object' || v instanceof Date)) {
    return cond.$in.filter((v: unknown) => v !== null);
  }
  return null;
}

function rangeOf(cond: any): { lo: number | null; loIncl: boolean; hi: number | null; hiIncl: boolean } | null {
  if (!cond || typeof cond !== 'object' || cond instanceof Date || Array.isArray(cond)) return null;
  const num = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === 'number' ? v : undefined);
  let lo: number | null = null, hi: number | null = null, loIncl = false, hiIncl = false, any = false;
  for (const [op, v] of Object.entries(cond)) {
    const n = num(v);
    if (n === undefined) return null;
    if (op === '$gt' || op === '$gte') { lo = n; loIncl = op === '$gte'; any = true; }
    else if (op === '$lt' || op === '$lte') { hi = n; hiIncl = op === '$lte'; any = true; }
    else return null;
  }
  return any ? { lo, loIncl, hi, hiIncl } : null;
}

function newId(): string {
  return crypto.randomBytes(16).toString('hex');
}
