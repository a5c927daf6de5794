// Where the mini program sends its calls.
//  - 'cloud': wx.cloud.callFunction against the WeChat cloud environment `envId` (production).
//  - 'localcloud': HTTP to a localcloud started with `npm start` (DevTools with no cloud env;
//    tick "不校验合法域名" in DevTools' local settings). `devOpenid` plays the WeChat user.
export interface BackendConfig {
  backend: 'cloud' | 'localcloud';
  envId: string;
  localcloudUrl: string;
  devOpenid: string;
}

export const config: BackendConfig = {
  backend: 'localcloud',
  envId: 'your-cloud-env-id',
  localcloudUrl: 'http://127.0.0.1:8787',
  devOpenid: 'demo-owner-openid',
};
