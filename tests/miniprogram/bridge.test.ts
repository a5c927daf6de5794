// The bridge every page test stands on: a page rendered by miniprogram-simulate with real Vant
// components, calling the real api function through localcloud.
import { LocalCloud } from '../../localcloud';
import { createTestShop, startApiCloud } from '../helpers/cloud';
import { installWx, renderPage, text, waitFor } from '../helpers/miniprogram';

let lc: LocalCloud;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
});
afterAll(() => lc.stop());

test('the "me" page renders Vant cells with what the cloud function knows of the caller', async () => {
  const shop = await createTestShop(lc, 'bridge');
  const wx = installWx(lc, shop.clerk);
  const page = renderPage('pages/me/index');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  // The Vant cell really rendered (an unmapped Vant tag would render empty).
  expect(text(page, '.member')).toBe('店员小李店员');
  expect(text(page, '.shop')).toBe('店铺bridge 小店');
  expect(page.querySelector('.member').querySelector('.van-cell__value')).toBeTruthy();
  expect(wx.calls).toEqual([{ name: 'api', data: { action: 'shops.mine' } }]);
});
