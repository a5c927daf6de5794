// Files of the `export` cloud function: Excel exports opened on the phone or forwarded to a chat,
// the product import (a chosen .xlsx uploaded to cloud storage, previewed, then committed), and
// backups. In the cloud the file APIs are wx.cloud.*; on localcloud (DevTools without a cloud
// environment) the plain wx.downloadFile / wx.uploadFile against localcloud's HTTP routes.
import type { FileActionInput, FileActionName, FileActionOutput } from '../../typings/api/files';
import { config } from '../config';
import { ApiError, callAction } from './api';

export function callFiles<A extends FileActionName>(action: A, input: FileActionInput<A>): Promise<FileActionOutput<A>> {
  return callAction<FileActionOutput<A>>('export', action, input as object);
}

/** A file on the phone (a temporary path the WeChat file APIs accept). */
export interface LocalFile {
  filePath: string;
  fileName: string;
}

const failed = (message: string) => new ApiError({ code: 'E_INTERNAL', message });

/** Downloads a file of cloud storage to the phone: by fileID in the cloud, by its temporary URL on localcloud. */
export async function downloadToPhone(file: { fileID: string; tempFileURL: string }): Promise<string> {
  try {
    if (config.backend === 'cloud') return (await wx.cloud.downloadFile({ fileID: file.fileID })).tempFilePath;
    const res = await new Promise<WechatMiniprogram.DownloadFileSuccessCallbackResult>((resolve, reject) =>
      wx.downloadFile({ url: file.tempFileURL, success: resolve, fail: reject }),
    );
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return res.tempFilePath;
  } catch {
    throw failed('文件下载失败，请检查网络后重试');
  }
}

/** Opens a downloaded .xlsx in WeChat's viewer, with its menu (send, open in another app). */
export async function openSheet(filePath: string): Promise<void> {
  try {
    await wx.openDocument({ filePath, showMenu: true, fileType: 'xlsx' });
  } catch {
    throw failed('打开文件失败，请稍后再试');
  }
}

/** Forwards a downloaded file to a chat; WeChat allows it only inside a tap handler. */
export function shareSheet(file: LocalFile): Promise<void> {
  return new Promise((resolve, reject) =>
    wx.shareFileMessage({ filePath: file.filePath, fileName: file.fileName, success: () => resolve(), fail: (e) => reject(e) }),
  );
}

/** Lets the user pick one .xlsx from a chat; null when they cancel. */
export async function chooseSheet(): Promise<LocalFile | null> {
  try {
    const res = await wx.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    const f = res.tempFiles[0];
    return f ? { filePath: f.path, fileName: f.name } : null;
  } catch {
    return null; // cancelled
  }
}

/** Uploads a chosen sheet where the import may read it (imports/<shopId>/…, see server/files/storage.ts). */
export function uploadImport(shopId: string, file: LocalFile): Promise<string> {
  return uploadToCloud(`imports/${shopId}/${uniqueName()}.xlsx`, file.filePath);
}

/** Uploads a chosen picture where products.create/update accept it (products/<shopId>/…). */
export function uploadProductImage(shopId: string, filePath: string): Promise<string> {
  const ext = /\.(jpe?g|png|gif|webp|heic)$/i.exec(filePath)?.[1].toLowerCase() ?? 'jpg';
  return uploadToCloud(`products/${shopId}/${uniqueName()}.${ext}`, filePath);
}

/** Lets the user take or pick up to `count` pictures (compressed); [] when they cancel. */
export async function chooseImages(count: number): Promise<string[]> {
  try {
    const res = await wx.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'] });
    return res.tempFiles.map((f) => f.tempFilePath);
  } catch {
    return []; // cancelled
  }
}

const uniqueName = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** One file to cloud storage: wx.cloud in the cloud, localcloud's development upload route otherwise. */
async function uploadToCloud(cloudPath: string, filePath: string): Promise<string> {
  try {
    if (config.backend === 'cloud') return (await wx.cloud.uploadFile({ cloudPath, filePath })).fileID;
    const res = await new Promise<WechatMiniprogram.UploadFileSuccessCallbackResult>((resolve, reject) =>
      wx.uploadFile({
        url: `${config.localcloudUrl}/files/upload`,
        filePath,
        name: 'file',
        formData: { cloudPath },
        header: { 'x-wx-openid': config.devOpenid },
        success: resolve,
        fail: reject,
      }),
    );
    const body = JSON.parse(res.data) as { fileID?: string };
    if (res.statusCode !== 200 || !body.fileID) throw new Error(res.data);
    return body.fileID;
  } catch {
    throw failed('文件上传失败，请检查网络后重试');
  }
}

/**
 * Commits an import with one request id (kept by the caller across retries): a commit cut off by
 * the function's time limit answers done:false and is called again with the same id.
 */
export async function commitImport(fileID: string, requestId: string, maxRounds = 20): Promise<FileActionOutput<'import.commit'>> {
  let r = await callFiles('import.commit', { fileID, requestId });
  for (let round = 1; !r.done && round < maxRounds; round++) r = await callFiles('import.commit', { fileID, requestId });
  if (!r.done) throw failed(`已导入 ${r.imported}/${r.total} 行，请再点一次确认导入完成剩下的`);
  return r;
}
