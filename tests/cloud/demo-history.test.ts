// The demo history's plan holds its stories whatever day `npm start` first runs (the cloud test,
// demo-seed, replays today's plan through the api; this one checks the plans of a whole year).
import { DEMO_APPROVAL_ABOVE_FEN, DemoStep, planDemoHistory } from '../../localcloud/demo-history';
import { DEMO_PRODUCTS } from '../../server/demo/seed';
import { addDays, daysBetween } from '../../server/replenishment/history';
import { holidayPhase, SPRING_FESTIVAL } from '../../server/replenishment/holidays';

const factor = (key: string) => DEMO_PRODUCTS.find((p) => p.key === key)!.purchaseUnit?.factor ?? 1;

/** Units of a product the steps leave (the expired write-off is not counted: asked of the server). */
function unitsLeft(steps: DemoStep[], key: string): number {
  let n = 0;
  for (const s of steps) {
    if (s.kind === 'opening' || s.kind === 'receive' || s.kind === 'sell' || s.kind === 'adjust') {
      for (const l of s.lines) if (l.key === key) n += (s.kind === 'sell' ? -1 : 1) * l.qty * (l.packs ? factor(key) : 1);
    }
    if (s.kind === 'saleReturn' && s.key === key) n += s.qty;
  }
  return n;
}

const sold = (steps: DemoStep[], key: string, from: string) =>
  steps.flatMap((s) => (s.kind === 'sell' && s.day >= from ? s.lines : [])).filter((l) => l.key === key).reduce((sum, l) => sum + l.qty, 0);

// every 13th day of a year: each weekday, each season, before, in and after the festival
test.each(Array.from({ length: 28 }, (_x, i) => addDays('2026-11-23', i * 13)))('first start on %s', (day) => {
  const plan = planDemoHistory({ now: new Date(`${day}T12:00:00+08:00`) });
  const lastFestival = Object.values(SPRING_FESTIVAL).filter((d) => d <= day).sort().pop()!;
  expect(plan.firstDay < addDays(lastFestival, -14)).toBe(true);
  expect(daysBetween(plan.firstDay, day)).toBeGreaterThanOrEqual(120);
  expect(plan.steps.every((s, i) => i === 0 || plan.steps[i - 1].at <= s.at)).toBe(true);
  // closed on 初一 and 初二, no delivery in the festival week
  expect(plan.steps.some((s) => s.kind === 'sell' && (s.day === lastFestival || s.day === addDays(lastFestival, 1)))).toBe(false);
  expect(plan.steps.some((s) => s.kind === 'receive' && holidayPhase(s.day) === 'festival')).toBe(false);
  // Oreo ends low, the short-dated milk still has some left to write off, the short-dated masks do too
  expect(unitsLeft(plan.steps, 'oreo')).toBe(6);
  expect(plan.expiredLeft).toBeGreaterThan(0);
  expect(plan.steps.filter((s) => s.kind === 'writeOffExpired')).toHaveLength(1);
  expect(sold(plan.steps, 'mask', addDays(day, -100))).toBeLessThan(40);
  // the cup's last sale is more than 90 days ago; no non-batch product ever goes below zero
  const cupSales = plan.steps.filter((s) => s.kind === 'sell' && s.lines.some((l) => l.key === 'cup'));
  expect(daysBetween(cupSales.at(-1)!.day, day)).toBeGreaterThanOrEqual(90);
  for (const key of ['cola', 'water', 'chips', 'noodles', 'detergent', 'oreo', 'cup']) {
    for (let i = 0; i < plan.steps.length; i += 50) expect(unitsLeft(plan.steps.slice(0, i), key)).toBeGreaterThanOrEqual(0);
  }
  // deliveries come against orders placed two or three days before; some late, some short and closed, one open today
  const orders = plan.steps.filter((s): s is DemoStep & { kind: 'order' } => s.kind === 'order');
  const receipts = plan.steps.filter((s): s is DemoStep & { kind: 'receive' } => s.kind === 'receive' && Boolean(s.order));
  expect(orders.length).toBeGreaterThanOrEqual(20);
  for (const r of receipts) {
    const order = orders.find((o) => o.ref === r.order)!;
    expect(order.at).toBeLessThan(r.at);
    expect([2, 3, 4]).toContain(daysBetween(order.day, r.day));
  }
  expect(receipts.some((r) => r.day > orders.find((o) => o.ref === r.order)!.expected)).toBe(true);
  const qty = (lines: { qty: number }[]) => lines.reduce((n, l) => n + l.qty, 0);
  const shortOf = (o: DemoStep & { kind: 'order' }) => receipts.filter((r) => r.order === o.ref).reduce((n, r) => n + qty(r.lines), 0) < qty(o.lines);
  const closed = new Set(plan.steps.flatMap((s) => (s.kind === 'closeOrder' ? [s.ref] : [])));
  expect([...closed].every((ref) => shortOf(orders.find((o) => o.ref === ref)!))).toBe(true);
  expect(closed.size).toBeGreaterThanOrEqual(1);
  expect(orders.filter((o) => !closed.has(o.ref) && shortOf(o)).length).toBeGreaterThanOrEqual(1);
  // the owner approves a manager's order above the approval amount, the next morning, and no other
  for (const s of plan.steps.filter((x): x is DemoStep & { kind: 'approveOrder' } => x.kind === 'approveOrder')) {
    const order = orders.find((o) => o.ref === s.ref)!;
    expect(order.as).toBe('manager');
    expect(order.lines.reduce((n, l) => n + l.qty * l.unitCostFen!, 0)).toBeGreaterThan(DEMO_APPROVAL_ABOVE_FEN);
    expect(s.day).toBe(addDays(order.day, 1));
  }
});
