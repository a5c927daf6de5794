// Days left of a batch, on the shop's calendar (China time, UTC+8 with no daylight saving): a batch
// whose expiry date is before today is expired (as the posting engine decides); one expiring within
// the shop's expiryWindowDays is close to it (as the 临期 alert decides).

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today's date in China (YYYY-MM-DD). */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export type ExpiryTone = 'expired' | 'soon' | '';

export interface ExpiryStatus {
  /** null: the batch has no expiry date */
  daysLeft: number | null;
  label: string;
  tone: ExpiryTone;
}

export function expiryStatus(expiryDate: string | null, today: string, windowDays: number): ExpiryStatus {
  if (!expiryDate) return { daysLeft: null, label: '无有效期', tone: '' };
  const daysLeft = Math.round((Date.parse(`${expiryDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
  if (daysLeft < 0) return { daysLeft, label: `已过期 ${-daysLeft} 天`, tone: 'expired' };
  const label = daysLeft === 0 ? '今天到期' : `还剩 ${daysLeft} 天`;
  return { daysLeft, label, tone: daysLeft <= windowDays ? 'soon' : '' };
}
