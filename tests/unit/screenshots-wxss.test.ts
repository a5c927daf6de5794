// The WXSS translation behind `npm run screenshots`: what WeChat would apply, as CSS for Chromium.
import { compileWxss, convertValue } from '../screenshots/wxss';

const oneLine = (css: string) => css.replace(/\s+/g, ' ').trim();

test('a component\'s classes carry its tag as prefix, :host becomes the tag, built-in tags become wx-*', () => {
  const css = compileWxss(':host { display: block } .van-cell .title, view > text.x { color: red }', 'van-cell');
  expect(oneLine(css)).toBe('van-cell { display: block } .van-cell--van-cell .van-cell--title, wx-view > wx-text.van-cell--x { color: red }');
});

test(':host(.x) keeps the class on the host', () => {
  expect(oneLine(compileWxss(':host(.on) .dot { opacity: 1 }', 'van-switch'))).toBe('van-switch.van-switch--on .van-switch--dot { opacity: 1 }');
});

test('app and page styles stay unprefixed and page means the page root', () => {
  expect(oneLine(compileWxss('page { background: #f7f8fa } .actions { padding: 24rpx }', ''))).toBe('.wx-page { background: #f7f8fa } .actions { padding: 12px }');
});

test('1rpx is half a pixel on a 375 px screen, safe-area insets become variables', () => {
  expect(convertValue('16rpx 24rpx 0 .5rpx')).toBe('8px 12px 0 0.25px');
  expect(convertValue('calc(10px + env(safe-area-inset-bottom))')).toBe('calc(10px + var(--wx-safe-bottom, 0px))');
  expect(convertValue('constant(safe-area-inset-bottom)')).toBe('var(--wx-safe-bottom, 0px)');
});

test('a remote icon font is dropped (the pictures embed it), keyframes are left alone', () => {
  const css = compileWxss("@font-face { font-family: vant-icon; src: url(//at.alicdn.com/x.woff2) } @keyframes spin { from { transform: rotate(0) } to { transform: rotate(360deg) } }", 'van-icon');
  expect(css).not.toContain('font-face');
  expect(oneLine(css)).toContain('@keyframes spin { from { transform: rotate(0) } to');
});
