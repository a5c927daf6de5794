// Optimistic transactions with snapshot reads and write-time conflict detection, the way the
// WeChat cloud (MongoDB underneath) behaves: the later writer of a document that another open
// transaction wrote, or that changed since this transaction's snapshot, gets a conflict and its
// transaction is aborted.
import crypto from 'node:crypto';
import { clone, Doc } from './ejson';
import { CloudError, Errors } from './errors';
import { DocumentStore } from './store';

interface PendingWrite { coll: string; id: string; doc: Doc | null }

export interface Transaction {
  id: string;
  invocation: string | null;
  snapshot: number;
  startedAt: number;
  writes: Map<string, PendingWrite>;
  state: 'open' | 'aborted' | 'committed';
  abortReason?: CloudError;
}

interface Version { seq: number; doc: Doc | null }

const keyOf = (coll: string, id: string) => `${coll}\u0000${id}`;

export class TransactionManager {
  private open = new Map<string, Transaction>();
  private closed = new Map<string, Transaction>();
  private locks = new Map<string, string>();
  /** Pre-images of documents overwritten while transactions were open (for snapshot reads). */
  private history = new Map<string, Version[]>();

  constructor(private store: DocumentStore, private timeoutMs: number) {}

  start(invocation: string | null): Transaction {
    this.expire();
    const tx: Transaction = {
      id: crypto.randomBytes(12).toString('hex'),
      invocation,
      snapshot: this.store.currentSeq(),
      startedAt: Date.now(),
      writes: new Map(),
      state: 'open',
    };
    this.open.set(tx.id, tx);
    return tx;
  }

  /** The open transaction with this id, or the cloud's error for a gone one. */
  require(id: string): Transaction {
    this.expire();
    const tx = this.open.get(id);
    if (tx) return tx;
    const gone = this.closed.get(id);
    if (gone?.abortReason) throw gone.abortReason;
    throw Errors.transactionNotExist(id);
  }

  hasOpenFor(invocation: string): boolean {
    this.expire();
    for (const tx of this.open.values()) if (tx.invocation === invocation) return true;
    return false;
  }

  openCount(): number {
    return this.open.size;
  }

  /** Snapshot read that sees the transaction's own writes. */
  read(tx: Transaction, coll: string, id: string): Doc | null {
    const pending = tx.writes.get(keyOf(coll, id));
    if (pending) return pending.doc ? clone(pending.doc) : null;
    const current = this.store.get(coll, id);
    if (current && current.seq <= tx.snapshot) return current.doc;
    // Written (or deleted) after the snapshot: the pre-image tells what the snapshot saw.
    return this.fromHistory(coll, id, tx.snapshot);
  }

  /** Buffers a write; conflicts are detected now, at write time, like the cloud does. */
  write(tx: Transaction, coll: string, id: string, doc: Doc | null): void {
    const key = keyOf(coll, id);
    const holder = this.locks.get(key);
    if (holder && holder !== tx.id && this.open.has(holder)) {
      this.abort(tx, Errors.conflict(`${coll}/${id} is being written by another transaction`));
      throw tx.abortReason!;
    }
    if (this.store.seqOf(coll, id) > tx.snapshot) {
      this.abort(tx, Errors.conflict(`${coll}/${id} changed after the transaction started`));
      throw tx.abortReason!;
    }
    this.locks.set(key, tx.id);
    tx.writes.set(key, { coll, id, doc });
  }

  commit(tx: Transaction): void {
    for (const w of tx.writes.values()) {
      if (this.store.seqOf(w.coll, w.id) > tx.snapshot) {
        this.abort(tx, Errors.conflict(`${w.coll}/${w.id} changed before commit`));
        throw tx.abortReason!;
      }
    }
    this.applyWrites([...tx.writes.values()]);
    tx.state = 'committed';
    this.close(tx);
  }

  abort(tx: Transaction, reason?: CloudError): void {
    if (tx.state !== 'open') return;
    tx.state = 'aborted';
    tx.abortReason = reason;
    this.close(tx);
  }

  /** Every committed write (transactional or not) goes through here to keep pre-images.
   * A plain write to a document an open transaction holds makes that transaction's commit fail
   * with a conflict (its snapshot is stale), which the SDK's runTransaction retries. */
  applyWrites(writes: PendingWrite[]): void {
    if (this.open.size > 0) {
      for (const w of writes) {
        const before = this.store.get(w.coll, w.id);
        const key = keyOf(w.coll, w.id);
        const list = this.history.get(key) ?? [];
        list.push(before ? { seq: before.seq, doc: before.doc } : { seq: 0, doc: null });
        this.history.set(key, list);
      }
    }
    this.store.apply(writes);
  }

  private fromHistory(coll: string, id: string, snapshot: number): Doc | null {
    const versions = this.history.get(keyOf(coll, id));
    if (!versions) return null;
    let best: Version | null = null;
    for (const v of versions) if (v.seq <= snapshot && (!best || v.seq >= best.seq)) best = v;
    return best?.doc ? clone(best.doc) : null;
  }

  private close(tx: Transaction): void {
    this.open.delete(tx.id);
    for (const key of tx.writes.keys()) if (this.locks.get(key) === tx.id) this.locks.delete(key);
    this.closed.set(tx.id, tx);
    if (this.closed.size > 10000) {
      const first = this.closed.keys().next().value as string;
      this.closed.delete(first);
    }
    if (this.open.size === 0) this.history.clear();
  }

  /** An abandoned transaction times out and is aborted, releasing its documents. */
  private expire(): void {
    const now = Date.now();
    for (const tx of [...this.open.values()]) {
      if (now - tx.startedAt > this.timeoutMs) {
        this.abort(tx, Errors.transactionNotExist(`${tx.id} (timed out after ${this.timeoutMs} ms)`));
      }
    }
  }
}
