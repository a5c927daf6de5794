// Wire format of the WeChat cloud database: canonical MongoDB Extended JSON strings,
// plus the SDK's own {"$tcb_server_date":{"offset":n}} placeholder for db.serverDate().
import { BSONRegExp, EJSON } from 'bson';

export type Doc = Record<string, unknown> & { _id?: string };

/** Parses one EJSON string from the SDK into plain JS values (Date, RegExp, numbers). */
export function decode(text: string | undefined, now: Date = new Date()): any {
  if (text === undefined || text === null || text === '') return undefined;
  const parsed = EJSON.parse(text, { relaxed: true });
  return normalize(parsed, now);
}

/** Turns BSON wrapper types into what mingo understands and resolves server dates. */
export function normalize(value: any, now: Date): any {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date || value instanceof RegExp) return value;
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  if (Array.isArray(value)) return value.map((v) => normalize(v, now));
  if ((value as any)._bsontype) {
    const t = (value as any)._bsontype;
    if (t === 'Long' || t === 'Int32' || t === 'Double') return Number(value.valueOf());
    if (t === 'ObjectId') return value.toHexString();
    if (t === 'Decimal128') return Number(value.toString());
    return value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = Number(value.$tcb_server_date?.offset ?? 0);
    return new Date(now.getTime() + offset);
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = normalize(value[k], now);
  return out;
}

/** Serialises a document the way the cloud answers: one EJSON string per document. */
export function encode(doc: unknown): string {
  return EJSON.stringify(doc as any, { relaxed: false });
}

/** Storage form: relaxed EJSON keeps Dates and is compact. */
export function toStored(doc: unknown): string {
  return EJSON.stringify(doc as any, { relaxed: true });
}

export function fromStored(text: string): Doc {
  return EJSON.parse(text, { relaxed: true }) as Doc;
}

/** Deep copy of a document (Dates kept). Not structuredClone: jsdom test environments lack it. */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags) as T;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = clone(v);
  return out as T;
}
