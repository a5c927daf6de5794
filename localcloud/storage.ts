// Cloud storage as the wx-server-sdk (@cloudbase/node-sdk) speaks it:
//  - storage.getUploadMetadata {path} answers an upload URL and a signed authorization; the SDK then
//    PUTs the bytes to that URL (COS answers an empty body, or an XML <Error>);
//  - storage.batchGetDownloadUrl {file_list: [{fileid, max_age}]} answers signed temporary URLs,
//    which localcloud serves on 127.0.0.1 until they expire (downloadFile is this plus a GET);
//  - storage.batchDeleteFile {fileid_list}.
// Files live under <dataDir>/storage/<cloudPath> (in memory without a data dir); writes go to a
// temporary file, fsync, then rename, so a killed process keeps every upload that was answered.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CloudError } from './errors';

/** What the WeChat console shows as a default max age of a temporary URL (seconds). */
const DEFAULT_MAX_AGE = 7200;
/** An upload URL is good for this long, as COS's signed PUTs are short-lived. */
const UPLOAD_TTL_S = 600;
const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface StorageAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export class FileStorage {
  private memory = new Map<string, Buffer>();
  private root: string | null;
  private secret: Buffer;
  /** The "bucket" part of a fileID: cloud://<env>.<bucket>/<path>, like the cloud's. */
  readonly bucket: string;

  constructor(dataDir: string | null, readonly envId: string) {
    this.root = dataDir ? path.join(dataDir, 'storage') : null;
    this.bucket = `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1300000000`;
    if (this.root) {
      fs.mkdirSync(this.root, { recursive: true });
      // Kept with the files so temporary URLs stay valid across a restart until they expire.
      const secretFile = path.join(this.root, '.secret');
      if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(32).toString('hex'));
      this.secret = Buffer.from(fs.readFileSync(secretFile, 'utf8').trim(), 'hex');
    } else {
      this.secret = crypto.randomBytes(32);
    }
  }

  fileIdOf(cloudPath: string): string {
    return `cloud://${this.envId}.${this.bucket}/${cloudPath}`;
  }

  /** The cloud path of one of this environment's fileIDs, or null (another env, not a fileID). */
  pathOf(fileId: unknown): string | null {
    const prefix = `cloud://${this.envId}.${this.bucket}/`;
    if (typeof fileId !== 'string' || !fileId.startsWith(prefix)) return null;
    const p = fileId.slice(prefix.length);
    return validPath(p) ? p : null;
  }

  has(cloudPath: string): boolean {
    return this.root ? fs.existsSync(this.fileOf(cloudPath)) : this.memory.has(cloudPath);
  }

  read(cloudPath: string): Buffer | null {
    if (!this.root) return this.memory.get(cloudPath) ?? null;
    const file = this.fileOf(cloudPath);
    return fs.existsSync(file) ? fs.readFileSync(file) : null;
  }

  write(cloudPath: string, bytes: Buffer): void {
    if (!this.root) {
      this.memory.set(cloudPath, Buffer.from(bytes));
      return;
    }
    const file = this.fileOf(cloudPath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.part`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  }

  remove(cloudPath: string): boolean {
    if (!this.root) return this.memory.delete(cloudPath);
    const file = this.fileOf(cloudPath);
    if (!fs.existsSync(file)) return false;
    fs.unlinkSync(file);
    return true;
  }

  /** Every stored cloud path (tests, the console). */
  list(): string[] {
    if (!this.root) return [...this.memory.keys()].sort();
    const out: string[] = [];
    const walk = (dir: string, prefix: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name.endsWith('.part')) continue;
        if (e.isDirectory()) walk(path.join(dir, e.name), `${prefix}${e.name}/`);
        else out.push(`${prefix}${e.name}`);
      }
    };
    walk(this.root, '');
    return out.sort();
  }

  private fileOf(cloudPath: string): string {
    return path.join(this.root!, ...cloudPath.split('/'));
  }

  private sign(kind: string, cloudPath: string, expires: number): string {
    return crypto.createHmac('sha256', this.secret).update(`${kind}\n${cloudPath}\n${expires}`).digest('hex').slice(0, 32);
  }

  /** The admin actions `storage.*` (JSON answers, like the database's). */
  handle(action: string, params: Record<string, any>, baseUrl: string): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    if (action === 'storage.getUploadMetadata') {
      const cloudPath = String(params.path ?? '');
      if (!validPath(cloudPath)) throw new CloudError('INVALID_PARAM', `cloudPath 不合法: ${cloudPath.slice(0, 200)}`);
      const expires = now + UPLOAD_TTL_S;
      const token = String(expires);
      return {
        data: {
          url: `${baseUrl}/cos/${encodePath(cloudPath)}`,
          token,
          authorization: this.sign('PUT', cloudPath, expires),
          fileId: this.fileIdOf(cloudPath),
          cosFileId: crypto.createHash('md5').update(cloudPath).digest('hex'),
          download_url: `${baseUrl}/storage/${cloudPath}`,
        },
      };
    }
    if (action === 'storage.batchGetDownloadUrl') {
      const list = Array.isArray(params.file_list) ? params.file_list : null;
      if (!list) throw new CloudError('INVALID_PARAM', 'file_list must be an array');
      return {
        data: {
          download_list: list.map((f: { fileid?: unknown; max_age?: unknown }) => {
            const cloudPath = this.pathOf(f?.fileid);
            if (cloudPath === null) return { fileID: String(f?.fileid ?? ''), tempFileURL: '', code: 'STORAGE_EXCEED_AUTHORITY' };
            if (!this.has(cloudPath)) return { fileID: f.fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
            const maxAge = typeof f.max_age === 'number' && f.max_age > 0 ? Math.floor(f.max_age) : DEFAULT_MAX_AGE;
            const t = now + maxAge;
            return { fileID: f.fileid, tempFileURL: `${baseUrl}/storage/${cloudPath}?sign=${this.sign('GET', cloudPath, t)}&t=${t}`, code: 'SUCCESS', maxAge };
          }),
        },
      };
    }
    if (action === 'storage.batchDeleteFile') {
      const list = Array.isArray(params.fileid_list) ? params.fileid_list : null;
      if (!list) throw new CloudError('INVALID_PARAM', 'fileid_list must be an array');
      return {
        data: {
          delete_list: list.map((id: unknown) => {
            const cloudPath = this.pathOf(id);
            if (cloudPath === null) return { fileID: String(id), code: 'STORAGE_EXCEED_AUTHORITY' };
            return { fileID: id, code: this.remove(cloudPath) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
          }),
        },
      };
    }
    throw new CloudError('INVALID_PARAM', `localcloud does not emulate ${action}`);
  }

  /** PUT /cos/<path>: the second step of an upload, authorized by the metadata's signature. */
  put(cloudPath: string, headers: Record<string, string | string[] | undefined>, body: Buffer): StorageAnswer {
    const expires = Number(headers['x-cos-security-token']);
    const auth = String(headers.authorization ?? '');
    if (!validPath(cloudPath)) return cosError(400, 'InvalidURI', 'Could not parse the specified URI.', cloudPath);
    if (!Number.isFinite(expires) || auth !== this.sign('PUT', cloudPath, expires)) {
      return cosError(403, 'SignatureDoesNotMatch', 'The calculated signature does not match the signature you provided.', cloudPath);
    }
    if (expires < Date.now() / 1000) return cosError(403, 'AccessDenied', 'Request has expired', cloudPath);
    if (body.length > MAX_FILE_BYTES) return cosError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.', cloudPath);
    this.write(cloudPath, body);
    return { status: 200, headers: { etag: `"${crypto.createHash('md5').update(body).digest('hex')}"` }, body: '' };
  }

  /** GET /storage/<path>?sign&t: a temporary URL, refused once expired or with a wrong signature. */
  get(cloudPath: string, query: URLSearchParams): StorageAnswer {
    const t = Number(query.get('t'));
    if (!validPath(cloudPath) || !Number.isFinite(t) || query.get('sign') !== this.sign('GET', cloudPath, t)) {
      return cosError(403, 'AccessDenied', 'Access Denied.', cloudPath);
    }
    if (t < Date.now() / 1000) return cosError(403, 'AccessDenied', 'Request has expired', cloudPath);
    const bytes = this.read(cloudPath);
    if (!bytes) return cosError(404, 'NoSuchKey', 'The specified key does not exist.', cloudPath);
    return { status: 200, headers: { 'content-type': contentTypeOf(cloudPath), 'content-length': String(bytes.length) }, body: bytes };
  }
}

/** Relative, no empty / dot segments, no control characters, at most 1024 bytes (COS's key limit). */
function validPath(p: string): boolean {
  if (!p || p.startsWith('/') || Buffer.byteLength(p) > 1024) return false;
  if (/[\u0000-\u001F\u007F\\]/.test(p)) return false;
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

function cosError(status: number, code: string, message: string, resource: string): StorageAnswer {
  const id = crypto.randomBytes(12).toString('base64');
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${message}</Message>\n<Resource>/${escapeXml(resource)}</Resource>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`;
  return { status, headers: { 'content-type': 'application/xml' }, body: xml };
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  gz: 'application/gzip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
};

function contentTypeOf(p: string): string {
  return TYPES[p.slice(p.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}
