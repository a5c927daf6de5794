// Starts localcloud in-process on a free port and hands out the REAL wx-server-sdk pointed at it.
import { LocalCloud, startLocalCloud, LocalCloudOptions } from '../../localcloud';

export interface TestCloud {
  lc: LocalCloud;
  cloud: any;
  db: any;
}

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const lc = await startLocalCloud({ port: 0, dataDir: null, ...options });
  // Required after localcloud set the SDK's environment; the SDK reads it per request anyway.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return { lc, cloud, db: cloud.database() };
}

/** Calls the api function as a WeChat user would, answering its { ok, data | error } envelope. */
export async function callApi(lc: LocalCloud, openid: string, action: string, input: Record<string, unknown> = {}): Promise<any> {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error) throw new Error(r.error.errMsg);
  return r.result;
}
