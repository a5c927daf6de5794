import { config } from './config';

App({
  onLaunch() {
    if (config.backend === 'cloud') {
      wx.cloud.init({ env: config.envId, traceUser: true });
    }
  },
});
