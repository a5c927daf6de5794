// The HTML `npm run screenshots` photographs, built from a page rendered by miniprogram-simulate
// (Chromium is not needed here): WeChat's class scoping, rpx, built-in attributes and the frame.
import { LocalCloud } from '../../localcloud';
import { startApiCloud } from '../helpers/cloud';
import { installWx, renderPage, waitFor } from '../helpers/miniprogram';
import { fireReady, markReady, pagePicture } from '../screenshots/html';

let lc: LocalCloud;

beforeAll(async () => {
  ({ lc } = await startApiCloud());
  installWx(lc, 'picture-user');
});
afterAll(() => lc.stop());

test('a first-use home page: page classes unprefixed, Vant classes both ways, placeholders, frame with tab bar', async () => {
  const home = renderPage('pages/home/index');
  const readied = markReady(home);
  home.instance.onLoad();
  await waitFor(() => home.data.state === 'noShop');
  fireReady(home, readied);
  const { html, components } = pagePicture(home, { pagePath: 'pages/home/index' });
  // The page's own node: simulate's prefixed class and the alias page styles match.
  expect(html).toMatch(/<wx-view class="main--([\w-]+) \1"/);
  // Vant shares global styles (addGlobalClass): its nodes keep their prefix and get the alias too.
  expect(html).toMatch(/class="[^"]*van-field--van-field__control van-field__control"/);
  // The built-in input's placeholder comes from the virtual tree, with Vant's placeholder class.
  expect(html).toMatch(/<span class="wx-placeholder van-field--van-field__placeholder van-field__placeholder">[^<]+<\/span>/);
  // Component WXSS compiled with its prefix; app.wxss with rpx at 0.5 px.
  expect(html).toContain('.van-cell--van-cell{');
  expect(html).not.toMatch(/\drpx/);
  expect(html).toMatch(/\.page-state \{\s*padding: 24px 16px;/); // app.wxss: 48rpx 32rpx
  expect(html).toContain("@font-face{font-family:'vant-icon'");
  expect(components).toEqual(expect.arrayContaining(['van-field', 'van-button', 'van-cell-group']));
  // The phone: title from the page's json, the tab bar from app.json with 首页 selected.
  expect(html).toContain('<span class="phone-nav__title">小店进销存</span>');
  expect(html).toMatch(/phone-tab phone-tab--active[^>]*>(<img[^>]*>)?<span>首页<\/span>/);
});

test('components created after attach get ready: grid items have a width, not NaN%', async () => {
  const home = renderPage('pages/home/index');
  const readied = markReady(home);
  await lc.invoke('api', { action: 'shops.create', name: '画图小店' }, { openid: 'picture-user' });
  home.instance.onLoad();
  await waitFor(() => home.data.state === 'ready');
  const html = () => pagePicture(home, { pagePath: 'pages/home/index' }).html;
  expect(html().includes('width:NaN%')).toBe(true);
  expect(fireReady(home, readied)).toBeGreaterThan(0);
  await waitFor(() => !html().includes('NaN%'));
  expect(html().includes('style="width:20%')).toBe(true); // 5 shortcuts on the home grid
});
