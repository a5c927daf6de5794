// Durable document storage in SQLite (WAL). One row per document plus a secondary
// index table (multikey: one row per array element) for the fields the app queries most.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { Doc, fromStored, toStored } from './ejson';

export interface IndexSpec {
  [collection: string]: string[];
}

export interface StoredDoc {
  doc: Doc;
  seq: number;
}

type IndexValue = { s: string | null; n: number | null };

export class DocumentStore {
  readonly db: Database.Database;
  private collections = new Set<string>();
  private indexes: IndexSpec;
  private seq: number;
  private stmt: Record<string, Database.Statement>;

  constructor(dataDir: string | null, indexes: IndexSpec) {
    const file = dataDir ? path.join(dataDir, 'localcloud.sqlite') : ':memory:';
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a killed process (kill -9);
    // only an OS crash / power loss could drop the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS docs (coll TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (coll, id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS idx (coll TEXT NOT NULL, field TEXT NOT NULL, sval TEXT, nval REAL, id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS idx_s ON idx (coll, field, sval);
      CREATE INDEX IF NOT EXISTS idx_n ON idx (coll, field, nval);
      CREATE INDEX IF NOT EXISTS idx_id ON idx (coll, id);
      CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, api TEXT NOT NULL, appid TEXT, payload TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.indexes = indexes;
    for (const row of this.db.prepare('SELECT name FROM collections').all() as { name: string }[]) {
      this.collections.add(row.name);
    }
    this.seq = (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM docs').get() as { s: number }).s;
    this.stmt = {
      get: this.db.prepare('SELECT body, seq FROM docs WHERE coll = ? AND id = ?'),
      all: this.db.prepare('SELECT body, seq FROM docs WHERE coll = ?'),
      count: this.db.prepare('SELECT COUNT(*) AS c FROM docs WHERE coll = ?'),
      put: this.db.prepare('INSERT OR REPLACE INTO docs (coll, id, body, seq) VALUES (?, ?, ?, ?)'),
      del: this.db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?'),
      idxDel: this.db.prepare('DELETE FROM idx WHERE coll = ? AND id = ?'),
      idxPut: this.db.prepare('INSERT INTO idx (coll, field, sval, nval, id) VALUES (?, ?, ?, ?, ?)'),
      addColl: this.db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?)'),
      outboxPut: this.db.prepare('INSERT INTO outbox (at, api, appid, payload) VALUES (?, ?, ?, ?)'),
    };
    this.reindexIfSpecChanged();
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  listCollections(): string[] {
    return [...this.collections].sort();
  }

  createCollection(name: string): boolean {
    if (this.collections.has(name)) return false;
    this.stmt.addColl.run(name, Date.now());
    this.collections.add(name);
    return true;
  }

  indexedFields(coll: string): string[] {
    return this.indexes[coll] ?? [];
  }

  currentSeq(): number {
    return this.seq;
  }

  get(coll: string, id: string): StoredDoc | null {
    const row = this.stmt.get.get(coll, id) as { body: string; seq: number } | undefined;
    return row ? { doc: fromStored(row.body), seq: row.seq } : null;
  }

  seqOf(coll: string, id: string): number {
    const row = this.stmt.get.get(coll, id) as { seq: number } | undefined;
    return row ? row.seq : 0;
  }

  all(coll: string): Doc[] {
    return (this.stmt.all.all(coll) as { body: string }[]).map((r) => fromStored(r.body));
  }

  count(coll: string): number {
    return (this.stmt.count.get(coll) as { c: number }).c;
  }

  /** Ids of documents whose indexed field equals one of the values. */
  idsByValues(coll: string, field: string, values: unknown[]): string[] {
    const ids = new Set<string>();
    for (const v of values) {
      const key = indexKey(v);
      if (!key) continue;
      const rows = key.s !== null
        ? this.db.prepare('SELECT id FROM idx WHERE coll = ? AND field = ? AND sval = ?').all(coll, field, key.s)
        : this.db.prepare('SELECT id FROM idx WHERE coll = ? AND field = ? AND nval = ?').all(coll, field, key.n);
      for (const r of rows as { id: string }[]) ids.add(r.id);
    }
    return [...ids];
  }

  /** Ids of documents whose indexed numeric/date field lies in the range. */
  idsByRange(coll: string, field: string, lo: number | null, loIncl: boolean, hi: number | null, hiIncl: boolean): string[] {
    let sql = 'SELECT DISTINCT id FROM idx WHERE coll = ? AND field = ? AND nval IS NOT NULL';
    const args: unknown[] = [coll, field];
    if (lo !== null) { sql += loIncl ? ' AND nval >= ?' : ' AND nval > ?'; args.push(lo); }
    if (hi !== null) { sql += hiIncl ? ' AND nval <= ?' : ' AND nval < ?'; args.push(hi); }
    return (this.db.prepare(sql).all(...args) as { id: string }[]).map((r) => r.id);
  }

  /** Applies a batch of writes atomically and durably; returns the commit sequence number. */
  apply(writes: { coll: string; id: string; doc: Doc | null }[]): number {
    if (writes.length === 0) return this.seq;
    const seq = this.seq + 1;
    this.db.transaction(() => {
      for (const w of writes) this.writeOne(w.coll, w.id, w.doc, seq);
    })();
    this.seq = seq;
    return seq;
  }

  recordOutbox(api: string, appid: string | null, payload: unknown): void {
    this.stmt.outboxPut.run(new Date().toISOString(), api, appid, JSON.stringify(payload));
  }

  outbox(): { seq: number; at: string; api: string; appid: string | null; payload: unknown }[] {
    return (this.db.prepare('SELECT seq, at, api, appid, payload FROM outbox ORDER BY seq').all() as any[]).map((r) => ({
      ...r,
      payload: JSON.parse(r.payload),
    }));
  }

  close(): void {
    this.db.close();
  }

  private writeOne(coll: string, id: string, doc: Doc | null, seq: number): void {
    const fields = this.indexes[coll] ?? [];
    if (fields.length) this.stmt.idxDel.run(coll, id);
    if (doc === null) {
      this.stmt.del.run(coll, id);
      return;
    }
    this.stmt.put.run(coll, id, toStored(doc), seq);
    for (const field of fields) {
      for (const v of valuesAtPath(doc, field)) {
        const key = indexKey(v);
        if (key) this.stmt.idxPut.run(coll, field, key.s, key.n, id);
      }
    }
  }

  /** A changed index spec (database/indexes.json) rebuilds the index table on start. */
  private reindexIfSpecChanged(): void {
    const spec = JSON.stringify(this.indexes);
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'indexes'").get() as { value: string } | undefined;
    if (row?.value === spec) return;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM idx');
      for (const coll of Object.keys(this.indexes)) {
        for (const r of this.stmt.all.all(coll) as { body: string; seq: number }[]) {
          const doc = fromStored(r.body);
          for (const field of this.indexes[coll]) {
            for (const v of valuesAtPath(doc, field)) {
              const key = indexKey(v);
              if (key) this.stmt.idxPut.run(coll, field, key.s, key.n, String(doc._id));
            }
          }
        }
      }
      this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('indexes', ?)").run(spec);
    })();
  }
}

/** All values at a dotted path, descending into arrays (a multikey index). */
export function valuesAtPath(doc: unknown, dotted: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of dotted.split('.')) {
    const next: unknown[] = [];
    for (const c of current) {
      if (Array.isArray(c)) {
        for (const el of c) if (el && typeof el === 'object' && part in (el as object)) next.push((el as any)[part]);
      } else if (c && typeof c === 'object' && part in (c as object)) {
        next.push((c as any)[part]);
      }
    }
    current = next;
  }
  const flat: unknown[] = [];
  for (const v of current) Array.isArray(v) ? flat.push(...v) : flat.push(v);
  return flat;
}

export function indexKey(v: unknown): IndexValue | null {
  if (typeof v === 'string') return { s: v, n: null };
  if (typeof v === 'number' && Number.isFinite(v)) return { s: null, n: v };
  if (v instanceof Date) return { s: null, n: v.getTime() };
  if (typeof v === 'boolean') return { s: v ? '\u0000true' : '\u0000false', n: null };
  return null;
}
