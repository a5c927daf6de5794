import { config } from './config';

App({
  /** services/changes.ts keeps its log here */
  globalData: {},
  onLaunch() {
    if (config.backend === 'cloud') {
      wx.cloud.init({ env: config.envId, traceUser: true });
    }
  },
});
