// Days left of a batch on the shop's calendar (China time): the day turns at 16:00 UTC; a batch
// is expired the day after its date (as the posting engine decides), orange from the shop's window.
import { chinaToday, expiryStatus } from '../../miniprogram/utils/expiry';

test('today in China turns at midnight Beijing time, not UTC', () => {
  expect(chinaToday(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
  expect(chinaToday(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
});

test('labels and colours around the expiry date and the window edge', () => {
  const today = '2026-03-01';
  expect(expiryStatus('2026-02-27', today, 30)).toEqual({ daysLeft: -2, label: '已过期 2 天', tone: 'expired' }); // across February's end
  expect(expiryStatus('2026-03-01', today, 30)).toEqual({ daysLeft: 0, label: '今天到期', tone: 'soon' }); // still sellable today
  expect(expiryStatus('2026-03-31', today, 30)).toEqual({ daysLeft: 30, label: '还剩 30 天', tone: 'soon' }); // the window's last day
  expect(expiryStatus('2026-04-01', today, 30)).toEqual({ daysLeft: 31, label: '还剩 31 天', tone: '' });
  expect(expiryStatus(null, today, 30)).toEqual({ daysLeft: null, label: '无有效期', tone: '' });
});
