// Backup: every document of a shop (each collection of collections.ts, by shopId; the shop itself
// by id) in one gzip'd JSON file in cloud storage, dates tagged so they come back as dates.
// Restore goes into the caller's NEW, EMPTY shop: every random id (and the shop id) is mapped to a
// new one derived from the new shop id, wherever it appears — a document's _id, a composite id
// like {shopId}_{warehouseId}_{productId}, a field, a key — so references stay consistent and the
// restored documents never collide with the original shop's in the same environment. A restore
// cut off by the time limit continues on the next call: ids are deterministic and each chunk
// writes only the documents not there yet.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { BackupInfo } from '../../typings/api/files';
import type { Shop } from '../../typings/models';
import { COLLECTIONS } from '../core/collections';
import { Db, MAX_PAGE } from '../core/db';
import { AppError } from '../core/errors';
import { deleteFiles, saveFile, shopPath } from './storage';

export const BACKUP_FORMAT = 'xiaodian-backup';
export const KEEP_WEEKLY = 4;
/** People and their sessions belong to the environment, not to a shop's data: never restored. */
const NOT_RESTORED = new Set(['members', 'invites', 'subscriptions']);
const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: 1;
  shopId: string;
  shopName: string;
  createdAt: string;
  restoreKeyHash: string;
  collections: Record<string, unknown[]>;
}

/** Backups kept on the shop document: what the owner sees and what the weekly timer prunes. */
type ShopWithBackups = Shop & { backups?: (BackupInfo & { restoreKey: string })[]; restoredFrom?: { fileID: string; at: string; done: boolean } };

function encode(v: unknown): unknown {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function decode(v: unknown, remap: (s: string) => string): unknown {
  if (typeof v === 'string') return remap(v);
  if (Array.isArray(v)) return v.map((x) => decode(x, remap));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$date === 'string' && Object.keys(o).length === 1) return new Date(o.$date);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [remap(k), decode(x, remap)]));
  }
  return v;
}

const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** The shop's documents by collection: the shop by id, the rest by shopId, paged by 1000. */
async function shopDocuments(db: Db, shopId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const coll of COLLECTIONS) {
    if (coll === 'shops') {
      const shop = await db.getById<Record<string, unknown>>('shops', shopId);
      out.shops = shop ? [shop] : [];
    } else {
      out[coll] = await db.findAll<Record<string, unknown>>(coll, { shopId }, [['_id', 'asc']], 10_000_000);
    }
  }
  return out;
}

export async function createBackup(db: Db, cloud: any, shopId: string, trigger: 'manual' | 'weekly', now = new Date()): Promise<BackupInfo & { tempFileURL: string; restoreKey: string }> {
  const docs = await shopDocuments(db, shopId);
  const shop = docs.shops[0] as unknown as ShopWithBackups | undefined;
  if (!shop) throw new AppError('E_NO_SHOP', '店铺不存在');
  // The shop document's own list of backups is not part of what a restore brings back.
  docs.shops = [{ ...shop, backups: undefined, restoredFrom: undefined }];
  const restoreKey = crypto.randomBytes(9).toString('base64').replace(/[^A-Za-z0-9]/g, '').toUpperCase().padEnd(12, '7').slice(0, 12);
  const file: BackupFile = {
    format: BACKUP_FORMAT,
    version: 1,
    shopId,
    shopName: shop.name,
    createdAt: now.toISOString(),
    restoreKeyHash: sha(restoreKey),
    collections: encode(docs) as Record<string, unknown[]>,
  };
  const content = zlib.gzipSync(Buffer.from(JSON.stringify(file)));
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const fileName = `${trigger === 'weekly' ? 'weekly' : 'manual'}-${stamp}-${crypto.randomBytes(3).toString('hex')}.json.gz`;
  const saved = await saveFile(cloud, shopPath('backups', shopId, fileName), content);
  const documents = Object.values(docs).reduce((n, list) => n + list.length, 0);
  const info = { fileID: saved.fileID, fileName, createdAt: file.createdAt, bytes: content.length, documents, trigger, restoreKey };
  // Keep the newest 4 weekly backups (manual ones stay until the owner's next manual one replaces the oldest beyond 4 too).
  const list = [info, ...(shop.backups ?? [])];
  const keep: typeof list = [];
  const drop: typeof list = [];
  const seen = { manual: 0, weekly: 0 };
  for (const b of list) (++seen[b.trigger] <= KEEP_WEEKLY ? keep : drop).push(b);
  await db.update('shops', shopId, { backups: keep });
  await deleteFiles(cloud, drop.map((b) => b.fileID));
  return { ...info, tempFileURL: saved.tempFileURL };
}

export async function listBackups(db: Db, shopId: string): Promise<(BackupInfo & { restoreKey: string })[]> {
  const shop = await db.getById<ShopWithBackups>('shops', shopId);
  return shop?.backups ?? [];
}

/** Random ids (24/32 hex, as newId and the database make them) and the shop id: what a restore remaps. */
const RANDOM_ID = /[0-9a-f]{24,40}/g;

export async function restoreBackup(
  db: Db,
  cloud: any,
  target: { shopId: string; ownerOpenid: string },
  fileID: string,
  restoreKey: string,
  deadline: number,
): Promise<{ documents: number; byCollection: Record<string, number>; done: boolean; skipped: string[] }> {
  if (!/^cloud:\/\/[^/]+\/backups\/[0-9a-zA-Z_-]+\//.test(fileID)) throw new AppError('E_NOT_FOUND', '这不是一个备份文件');
  let file: BackupFile;
  try {
    const gz = (await cloud.downloadFile({ fileID })).fileContent as Buffer;
    if (gz.length > MAX_BACKUP_BYTES) throw new Error('too large');
    file = JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as BackupFile;
  } catch {
    throw new AppError('E_NOT_FOUND', '备份文件不存在或已损坏');
  }
  if (file.format !== BACKUP_FORMAT || file.version !== 1) throw new AppError('E_VALIDATION', '不认识的备份文件格式');
  if (sha(restoreKey.toUpperCase()) !== file.restoreKeyHash) throw new AppError('E_FORBIDDEN', '恢复码不对：请使用备份时显示的 12 位恢复码');

  const shop = await db.getById<ShopWithBackups>('shops', target.shopId);
  if (!shop) throw new AppError('E_NO_SHOP');
  const resuming = shop.restoredFrom?.fileID === fileID && !shop.restoredFrom.done;
  if (!resuming) {
    if (shop.restoredFrom) throw new AppError('E_INVALID_STATE', '这个店铺已经恢复过备份');
    const [products, postings] = await Promise.all([db.count('products', { shopId: target.shopId }), db.count('postings', { shopId: target.shopId })]);
    if (products || postings) throw new AppError('E_INVALID_STATE', '只能恢复到一个新开的空店铺：这个店铺已经有商品或库存记录');
    await db.update('shops', target.shopId, { restoredFrom: { fileID, at: new Date().toISOString(), done: false } });
  }

  const mapped = new Map<string, string>([[file.shopId, target.shopId]]);
  const remap = (s: string) =>
    s.replace(RANDOM_ID, (m) => {
      let to = mapped.get(m);
      if (!to) {
        to = crypto.createHash('sha1').update(`${target.shopId}:${m}`).digest('hex').slice(0, m.length);
        mapped.set(m, to);
      }
      return to;
    });

  const byCollection: Record<string, number> = {};
  const skipped: string[] = [];
  let documents = 0;
  for (const [coll, encoded] of Object.entries(file.collections)) {
    if (!(COLLECTIONS as readonly string[]).includes(coll)) continue;
    if (NOT_RESTORED.has(coll)) {
      if (encoded.length) skipped.push(`${coll}: ${encoded.length}`);
      continue;
    }
    if (coll === 'shops') {
      // The new shop keeps its id, owner and members; it takes the backup's name, warehouses and settings.
      const old = decode(encoded[0], remap) as Shop;
      await db.update('shops', target.shopId, { name: old.name, warehouses: old.warehouses, settings: old.settings });
      byCollection.shops = 1;
      continue;
    }
    const docs = encoded.map((d) => decode(d, remap) as Record<string, unknown> & { _id: string });
    for (let i = 0; i < docs.length; i += MAX_PAGE / 10) {
      if (Date.now() > deadline) return { documents, byCollection, done: false, skipped };
      const chunk = docs.slice(i, i + MAX_PAGE / 10);
      const there = new Set((await db.getMany<{ _id: string }>(coll, chunk.map((d) => d._id))).map((d) => d._id));
      const missing = chunk.filter((d) => !there.has(d._id));
      if (missing.length) await db.raw.collection(coll).add({ data: missing });
    }
    byCollection[coll] = docs.length;
    documents += docs.length;
  }
  await db.update('shops', target.shopId, { 'restoredFrom.done': true });
  return { documents: documents + 1, byCollection, done: true, skipped };
}

/** The weekly timer: a backup of every shop, the last 4 weekly ones kept. */
export async function weeklyBackups(db: Db, cloud: any, deadline: number, shopIds?: string[]): Promise<{ shops: number; backups: number }> {
  const shops = shopIds ?? (await db.findAll<{ _id: string }>('shops', {}, [['_id', 'asc']], 100_000, { _id: true })).map((s) => s._id);
  let backups = 0;
  for (const id of shops) {
    if (Date.now() > deadline) break;
    await createBackup(db, cloud, id, 'weekly');
    backups++;
  }
  return { shops: shops.length, backups };
}
