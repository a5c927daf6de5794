// The bridge every page test stands on: a page rendered by miniprogram-simulate with real Vant
// components, calling the real api function through localcloud.
import { LocalCloud } from '../../localcloud';
import { startTestCloud } from '../helpers/cloud';
import { installWx, renderPage, text, waitFor } from '../helpers/miniprogram';

let lc: LocalCloud;

beforeAll(async () => {
  ({ lc } = await startTestCloud());
});
afterAll(() => lc.stop());

test('the "me" page renders Vant cells with the identity the cloud function saw', async () => {
  const wx = installWx(lc, 'openid-of-alice');
  const page = renderPage('pages/me/index');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  // The Vant cell really rendered (an unmapped Vant tag would render empty).
  expect(text(page, '.openid')).toContain('微信身份');
  expect(text(page, '.openid')).toContain('openid-of-alice');
  expect(page.querySelector('.openid').querySelector('.van-cell__value')).toBeTruthy();
  expect(wx.calls).toEqual([{ name: 'api', data: { action: 'system.ping' } }]);
});
