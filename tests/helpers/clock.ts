// The shop's clock moved for a test: Date only (timers stay real, so localcloud keeps running).
import FakeTimers from '@sinonjs/fake-timers';
import { dayStart } from '../../server/replenishment/history';

/** Runs fn with the clock at 10:00 China time of `day`. */
export async function onDay<T>(day: string, fn: () => Promise<T>): Promise<T> {
  const clock = FakeTimers.install({ now: dayStart(day).getTime() + 10 * 3_600_000, toFake: ['Date'] });
  try {
    return await fn();
  } finally {
    clock.uninstall();
  }
}
