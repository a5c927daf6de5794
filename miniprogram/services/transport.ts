// The only place that talks to the backend: wx.cloud.callFunction in the cloud, or localcloud's
// HTTP bridge (POST /functions/<name>, caller openid in x-wx-openid) during development.
import { config } from '../config';

export function callFunction<T>(name: string, data: Record<string, unknown>): Promise<T> {
  if (config.backend === 'localcloud') {
    return new Promise((resolve, reject) => {
      wx.request({
        url: `${config.localcloudUrl}/functions/${name}`,
        method: 'POST',
        data,
        header: { 'content-type': 'application/json', 'x-wx-openid': config.devOpenid },
        success: (res) => {
          const body = res.data as { result?: T; errMsg?: string };
          if (res.statusCode === 200) resolve(body.result as T);
          else reject(new Error(body.errMsg ?? `HTTP ${res.statusCode}`));
        },
        fail: (err) => reject(new Error(err.errMsg)),
      });
    });
  }
  return wx.cloud.callFunction({ name, data }).then((res) => res.result as T);
}
