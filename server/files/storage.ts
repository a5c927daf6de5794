// Cloud storage through wx-server-sdk (localcloud emulates the same protocol). Every path a shop
// writes starts with its kind and shop id, so a fileID names its shop and nothing else may read it.
import { AppError } from '../core/errors';

export type FileKind = 'exports' | 'imports' | 'backups' | 'products';

export interface SavedFile {
  fileID: string;
  cloudPath: string;
  tempFileURL: string;
  bytes: number;
}

/** How long a temporary URL handed to the mini program stays good. */
export const TEMP_URL_SECONDS = 2 * 3600;

export function shopPath(kind: FileKind, shopId: string, name: string): string {
  return `${kind}/${shopId}/${name}`;
}

export async function saveFile(cloud: any, cloudPath: string, content: Buffer): Promise<SavedFile> {
  const up = await cloud.uploadFile({ cloudPath, fileContent: content });
  return { fileID: up.fileID, cloudPath, tempFileURL: await tempUrl(cloud, up.fileID), bytes: content.length };
}

export async function tempUrl(cloud: any, fileID: string): Promise<string> {
  const r = await cloud.getTempFileURL({ fileList: [{ fileID, maxAge: TEMP_URL_SECONDS }] });
  const f = r.fileList?.[0];
  if (!f || f.status !== 0) throw new AppError('E_NOT_FOUND', '文件不存在或已过期');
  return f.tempFileURL as string;
}

/**
 * A file of the caller's shop: the path after the bucket must start with `<kind>/<shopId>/` (the
 * mini program uploads imports there), so another shop's fileID is refused before any download.
 */
export async function readShopFile(cloud: any, fileID: string, kinds: FileKind[], shopId: string, maxBytes: number): Promise<Buffer> {
  if (!isShopFile(fileID, kinds, shopId)) throw new AppError('E_NOT_FOUND', '文件不存在，请重新选择');
  let content: Buffer;
  try {
    content = (await cloud.downloadFile({ fileID })).fileContent as Buffer;
  } catch {
    throw new AppError('E_NOT_FOUND', '文件不存在或已被删除，请重新上传');
  }
  if (content.length > maxBytes) throw new AppError('E_VALIDATION', `文件太大（最大 ${Math.round(maxBytes / 1024 / 1024)}MB）`);
  return content;
}

/** Whether a fileID lies under `<kind>/<shopId>/` of its bucket for one of the kinds. */
export function isShopFile(fileID: string, kinds: FileKind[], shopId: string): boolean {
  const cloudPath = fileID.replace(/^cloud:\/\/[^/]+\//, '');
  return cloudPath !== fileID && kinds.some((k) => cloudPath.startsWith(`${k}/${shopId}/`)) && !cloudPath.includes('..');
}

/** Temporary URLs of many files, one storage call per 50 (the cloud's most per call); '' for a missing file. */
export async function tempUrls(cloud: any, fileIDs: string[]): Promise<{ fileID: string; tempFileURL: string }[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < fileIDs.length; i += 50) chunks.push(fileIDs.slice(i, i + 50));
  const answers = await Promise.all(chunks.map((chunk) => cloud.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS })) })));
  const byId = new Map<string, string>(answers.flatMap((r: any) => r.fileList ?? []).filter((f: any) => f.status === 0).map((f: any) => [f.fileID, f.tempFileURL]));
  return fileIDs.map((fileID) => ({ fileID, tempFileURL: byId.get(fileID) ?? '' }));
}

export async function deleteFiles(cloud: any, fileIDs: string[]): Promise<void> {
  if (fileIDs.length) await cloud.deleteFile({ fileList: fileIDs });
}
