// The demo shop's past, as the steps a merchant and staff would have taken, day by day: an opening
// count, deliveries from the supplier on Mondays and Thursdays, a few tickets a day with a weekday
// pattern, seasons and the Spring Festival (年货 rush, closed on 初一 and 初二), deliveries ordered
// two or three days ahead as purchase orders (some a day late, some short and closed), the stories a
// merchant should see on first start — a short-dated milk batch that expired and was written off,
// a short-dated mask batch about to expire, an intermittent seller, a cup nobody bought for months,
// Oreo running low because the supplier is out. Pure: the same options give the same steps.
// localcloud/demo.ts replays them through the api function with the clock set to each step's time.
import { mulberry32 } from '../bench/random';
import { addDays, dayStart, daysBetween } from '../server/replenishment/history';
import { FESTIVAL_DAYS, holidayPhase, PRE_DAYS, SPRING_FESTIVAL } from '../server/replenishment/holidays';
import { DEMO_PRODUCTS, DemoProductKey } from '../server/demo/seed';

export type Role = 'owner' | 'manager' | 'clerk';
type Key = DemoProductKey;

export interface StepLine {
  key: Key;
  qty: number;
  /** packs ('箱', '盒'); base units when absent */
  packs?: boolean;
  unitCostFen?: number;
  batchNo?: string;
  expiryDate?: string;
}

export type DemoStep = { at: number; day: string; as: Role } & (
  /** a receipt names the purchase order it comes against (its `ref`), else it is a quick receipt */
  | { kind: 'opening' | 'receive'; lines: StepLine[]; note: string; order?: string }
  /** a purchase order created and submitted; its lines expect the goods on `expected` */
  | { kind: 'order'; ref: string; lines: StepLine[]; expected: string; note: string }
  /** the owner approves a manager's order above the approval amount; closes one short-delivered */
  | { kind: 'approveOrder' | 'closeOrder'; ref: string; note: string }
  | { kind: 'sell'; lines: StepLine[]; payment: 'wechat' | 'alipay' | 'cash' | 'credit'; tag?: string }
  | { kind: 'adjust'; reason: 'damage' | 'loss'; lines: StepLine[]; note: string }
  /** writes off what is left of an expired batch (the qty the server holds, read at replay time) */
  | { kind: 'writeOffExpired'; key: Key; batchNo: string; note: string }
  /** a customer brings back part of the tagged sale */
  | { kind: 'saleReturn'; saleTag: string; key: Key; qty: number; note: string }
  /** 月结: the owner pays the supplier what is owed (the amount the server holds, read at replay time) */
  | { kind: 'paySupplier'; note: string }
);

export interface HistoryOptions {
  /** the real instant the replay ends at; steps after it are left out */
  now: Date;
  /** days of history before today; default enough to hold the last Spring Festival, at least 120 */
  days?: number;
  seed?: number;
}

interface Profile {
  /** mean units a day on an ordinary weekday-weighted day */
  mean: number;
  /** sells on a fraction of days only, this many units when it does (the intermittent ones) */
  intermittent?: { chance: number; max: number };
  /** × demand in the 14 days before 初一 (年货) */
  pre?: number;
  summer?: number;
  winter?: number;
  /** days of shelf life of a delivered batch (batch-tracked products) */
  shelfDays?: number;
  /** order when stock falls under this many days of demand (and minStock) */
  reorderDays?: number;
  /** at most this many units in one customer's purchase (default 2) */
  perCustomer?: number;
}

const PROFILES: Record<Key, Profile> = {
  cola: { mean: 9, perCustomer: 6, pre: 1.8, summer: 1.3, winter: 0.85, reorderDays: 6 },
  water: { mean: 8, perCustomer: 6, pre: 1.1, summer: 1.6, winter: 0.7, reorderDays: 6 },
  chips: { mean: 4, perCustomer: 3, pre: 1.9, reorderDays: 6 },
  noodles: { mean: 5, perCustomer: 4, pre: 1.2, winter: 1.2, reorderDays: 6 },
  milk: { mean: 6, perCustomer: 6, pre: 2.6, shelfDays: 180, reorderDays: 7 },
  detergent: { mean: 0, intermittent: { chance: 0.22, max: 2 }, reorderDays: 10 },
  mask: { mean: 0, intermittent: { chance: 0.08, max: 2 }, shelfDays: 720, reorderDays: 30 },
  oreo: { mean: 2, pre: 1.6, reorderDays: 6 },
  cup: { mean: 0, intermittent: { chance: 0.25, max: 1 } }, // sold in the first weeks only
};

/** Sunday … Saturday */
const WEEKDAY = [1.25, 0.85, 0.85, 0.9, 0.95, 1.1, 1.35];
const HOUR_MS = 3_600_000;
const MIN_HISTORY_DAYS = 120;
/** the forecast compares the festival with the 28 days before its window */
const FESTIVAL_BASELINE_DAYS = 28;

const product = (key: Key) => DEMO_PRODUCTS.find((p) => p.key === key)!;
const packOf = (key: Key) => product(key).purchaseUnit?.factor ?? 1;

/** Days of history that hold the last Spring Festival with its baseline (at least 120). */
export function defaultHistoryDays(today: string): number {
  const last = Object.values(SPRING_FESTIVAL).filter((d) => d <= today).sort().pop();
  if (!last) return MIN_HISTORY_DAYS;
  return Math.max(MIN_HISTORY_DAYS, daysBetween(addDays(last, -PRE_DAYS - FESTIVAL_BASELINE_DAYS), today));
}

/** China-time 'YYYY-MM-DD' of an instant. */
export const chinaDayOf = (at: Date) => new Date(at.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);

function festivalDay(day: string): number | null {
  const newYear = SPRING_FESTIVAL[Number(day.slice(0, 4))];
  if (!newYear) return null;
  const n = daysBetween(newYear, day);
  return n >= 0 && n < FESTIVAL_DAYS ? n : null;
}

/** Expected demand of a product on a day (before the random draw). */
export function expectedDemand(key: Key, day: string): number {
  const p = PROFILES[key];
  const base = p.intermittent ? p.intermittent.chance * ((p.intermittent.max + 1) / 2) : p.mean;
  const month = Number(day.slice(5, 7));
  let m = WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()];
  if (month >= 6 && month <= 9) m *= p.summer ?? 1;
  if (month === 12 || month <= 2) m *= p.winter ?? 1;
  const phase = holidayPhase(day);
  if (phase === 'pre') m *= p.pre ?? 1;
  if (phase === 'festival') m *= festivalDay(day)! < 2 ? 0 : 0.5;
  return base * m;
}

interface Batch {
  batchNo: string;
  expiryDate: string;
  qty: number;
}

/**
 * The model of the shop's stock while planning: never sells what the server would refuse. Batches
 * are taken FEFO among those not expiring today or earlier (the server may still sell a batch on
 * its expiry day; the model then holds less than the server, never more).
 */
class StockModel {
  onHand = new Map<Key, number>();
  batches = new Map<Key, Batch[]>();

  sellable(key: Key, day: string): number {
    const batches = this.batches.get(key);
    if (!batches) return this.onHand.get(key) ?? 0;
    return batches.filter((b) => b.expiryDate > day).reduce((s, b) => s + b.qty, 0);
  }

  add(key: Key, qty: number, batch?: { batchNo: string; expiryDate: string }) {
    this.onHand.set(key, (this.onHand.get(key) ?? 0) + qty);
    if (batch) {
      const list = this.batches.get(key) ?? [];
      const same = list.find((b) => b.batchNo === batch.batchNo);
      if (same) same.qty += qty;
      else list.push({ ...batch, qty });
      list.sort((a, b) => (a.expiryDate < b.expiryDate ? -1 : 1));
      this.batches.set(key, list);
    }
  }

  take(key: Key, qty: number, day: string) {
    this.onHand.set(key, (this.onHand.get(key) ?? 0) - qty);
    const list = this.batches.get(key);
    if (!list) return;
    let left = qty;
    for (const b of list) {
      if (b.expiryDate <= day || left === 0) continue;
      const n = Math.min(b.qty, left);
      b.qty -= n;
      left -= n;
    }
    this.batches.set(key, list.filter((b) => b.qty > 0));
  }

  removeBatch(key: Key, batchNo: string) {
    const list = this.batches.get(key) ?? [];
    const b = list.find((x) => x.batchNo === batchNo);
    if (!b) return;
    this.onHand.set(key, (this.onHand.get(key) ?? 0) - b.qty);
    this.batches.set(key, list.filter((x) => x !== b));
  }
}

function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** The demo shop's approval amount: a manager's orders above it (the larger ones) wait for the owner. */
export const DEMO_APPROVAL_ABOVE_FEN = 100_000;
/** chances that a delivery comes a day late, that one of its lines comes short */
const LATE_CHANCE = 0.12;
const SHORT_CHANCE = 0.15;

const KEYS = DEMO_PRODUCTS.map((p) => p.key) as Key[];
const compact = (day: string) => day.slice(2).replace(/-/g, '');

export interface DemoHistory {
  firstDay: string;
  today: string;
  steps: DemoStep[];
  /** what the planning model expects: units the expired batch still holds when written off */
  expiredLeft: number;
}

export function planDemoHistory(options: HistoryOptions): DemoHistory {
  const nowMs = options.now.getTime();
  const today = chinaDayOf(options.now);
  const days = options.days ?? defaultHistoryDays(today);
  const firstDay = addDays(today, -days);
  const random = mulberry32(options.seed ?? 20260217);
  const model = new StockModel();
  const steps: DemoStep[] = [];
  const at = (day: string, hours: number) => dayStart(day).getTime() + Math.round(hours * HOUR_MS);
  const rel = (n: number) => addDays(today, n); // n ≤ 0: n days before today
  const cost = (key: Key, day: string) => {
    // the wholesaler raised prices a little 90 days ago
    const base = product(key).purchasePriceFen * (day >= rel(-90) ? 1.05 : 1);
    return Math.round(base) * packOf(key);
  };
  const batchFor = (key: Key, day: string) => {
    const shelf = PROFILES[key].shelfDays;
    return shelf ? { batchNo: `${key === 'milk' ? 'M' : 'F'}${compact(day)}`, expiryDate: addDays(day, shelf) } : {};
  };

  // Day one: the merchant counts what is on the shelves.
  const opening: StepLine[] = [];
  const openingQty: Record<Key, number> = { cola: 96, water: 120, chips: 60, noodles: 48, milk: 96, detergent: 8, mask: 20, oreo: 30, cup: 12 };
  for (const key of KEYS) {
    const qty = openingQty[key];
    const batch = batchFor(key, firstDay);
    opening.push({ key, qty, unitCostFen: cost(key, firstDay) / packOf(key), ...batch });
    model.add(key, qty, 'batchNo' in batch ? (batch as { batchNo: string; expiryDate: string }) : undefined);
  }
  steps.push({ kind: 'opening', at: at(firstDay, 8.5), day: firstDay, as: 'owner', lines: opening, note: '开始用小店进销存：盘点期初库存' });

  // The scripted stories (skipped when the history is too short to hold them).
  const tjExpiry = rel(-12);
  // the wholesaler delivers nothing in the festival week: a story that would fall in it comes after
  const workday = (d: string): string => (festivalDay(d) === null ? d : workday(addDays(d, 1)));
  const tjDay = workday(rel(-45));
  const maskShortDay = workday(rel(-100));
  const oreoLastOrderBy = rel(-21);
  const returnDay = rel(-20);
  let returnTag: string | null = null;

  let oreoLastOrder: { line: StepLine; day: string } | null = null;
  let expiredLeft = 0;
  let ticketNo = 0;
  // Purchasing's chances draw from their own stream: the customers' draws stay as they were.
  const supply = mulberry32((options.seed ?? 20260217) + 1);
  const weekdayOf = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
  // Mondays and Thursdays, none while the wholesaler is closed for 春节
  const isDeliveryDay = (d: string) => (weekdayOf(d) === 1 || weekdayOf(d) === 4) && festivalDay(d) === null;
  // The last delivery before now comes short and stays open (the rest may still come), so the
  // orders list has something to show today; the next one's order, placed before now, is open too.
  let lastDelivered = '';
  for (let d = addDays(firstDay, 1); d <= today; d = addDays(d, 1)) if (isDeliveryDay(d) && at(d, 8.75) < nowMs) lastDelivered = d;
  // Besides the chances, whatever the day: a delivery some five weeks ago came a day late, one some
  // three weeks ago came short (the scorecard has both to show).
  const firstDeliveryFrom = (d: string): string => (isDeliveryDay(d) && festivalDay(addDays(d, 1)) === null ? d : firstDeliveryFrom(addDays(d, 1)));
  const lateStoryDay = firstDeliveryFrom(rel(-38));
  const shortStoryDay = firstDeliveryFrom(rel(-24));
  const receiveInModel = (lines: StepLine[]) => {
    for (const l of lines) model.add(l.key, l.qty * (l.packs ? packOf(l.key) : 1), l.batchNo ? { batchNo: l.batchNo, expiryDate: l.expiryDate! } : undefined);
  };
  /** receipt day → a delivery that comes a day late */
  const overdue = new Map<string, DemoStep & { kind: 'receive' }>();
  // Planned a week past today, so that the order of the next delivery exists; steps after now are left out.
  for (let day = addDays(firstDay, 1); day <= addDays(today, 7); day = addDays(day, 1)) {
    const weekday = weekdayOf(day);
    const fday = festivalDay(day);
    const closed = fday !== null && fday < 2;

    // 07:30 the short-dated milk that did not sell in time goes off the shelf.
    if (day === addDays(tjExpiry, 1) && tjDay > firstDay) {
      steps.push({ kind: 'writeOffExpired', at: at(day, 7.5), day, as: 'owner', key: 'milk', batchNo: `TJ${compact(tjDay)}`, note: '临期特价奶没卖完，过期报损' });
      expiredLeft = model.batches.get('milk')?.find((b) => b.batchNo === `TJ${compact(tjDay)}`)?.qty ?? 0;
      model.removeBatch('milk', `TJ${compact(tjDay)}`);
    }

    // 08:45 yesterday's delivery, a day late.
    const late = overdue.get(day);
    if (late) {
      steps.push(late);
      receiveInModel(late.lines);
    }
    // 08:45 the delivery ordered two or three days ago.
    if (isDeliveryDay(day)) {
      const isLate = day !== lastDelivered && (supply() < LATE_CHANCE || day === lateStoryDay) && festivalDay(addDays(day, 1)) === null;
      const receiptDay = isLate ? addDays(day, 1) : day;
      const orderDay = addDays(day, supply() < 0.7 ? -3 : -2);
      const lines: StepLine[] = [];
      for (const key of KEYS) {
        const p = PROFILES[key];
        if (!p.reorderDays) continue;
        // a shopkeeper orders for the days ahead (the 年货 rush included), not for today
        const ahead = (n: number) => {
          let sum = 0;
          for (let i = 0; i < n; i++) sum += Math.max(expectedDemand(key, addDays(day, i)), p.intermittent ? 0.3 : 0);
          return sum;
        };
        const onHand = model.sellable(key, day);
        let want = 0;
        if (key === 'oreo' && day > oreoLastOrderBy) want = 0; // the supplier is out of Oreo
        else if (key === 'oreo' && addDays(day, 4) > oreoLastOrderBy) want = Math.round(2.1 * -daysBetween(today, day) + OREO_LEFT - onHand); // last order: sized below
        else if (onHand < ahead(p.reorderDays) + product(key).minStock / 2) want = ahead(p.reorderDays + 8) + product(key).minStock - onHand;
        if (key === 'mask' && day >= maskShortDay && maskShortDay > firstDay && onHand > 0) want = 0; // the short-dated box is still there
        if (want <= 0) continue;
        lines.push({ key, qty: Math.ceil(want / packOf(key)), packs: true, unitCostFen: cost(key, orderDay), ...batchFor(key, receiptDay) });
        if (key === 'oreo') oreoLastOrder = { line: lines[lines.length - 1], day: receiptDay };
      }
      const receivedBy: Role = weekdayOf(receiptDay) === 1 ? 'manager' : 'owner';
      if (lines.length && orderDay <= firstDay) {
        // before the shop used the app: the goods simply came in
        steps.push({ kind: 'receive', at: at(day, 8.75), day, as: receivedBy, lines, note: '城东批发部送货' });
        receiveInModel(lines);
      } else if (lines.length) {
        // Orders for Monday are the manager's (the weekend is theirs), the others the owner's.
        const ref = `po${compact(day)}`;
        steps.push({ kind: 'order', at: at(orderDay, 21.75), day: orderDay, as: weekday === 1 ? 'manager' : 'owner', ref, lines, expected: day, note: '常规补货' });
        // Short: a line (never Oreo's: its story is sized exactly) comes partly; the owner closes the order a few days later.
        let received = lines;
        if (supply() < SHORT_CHANCE || day === lastDelivered || day === shortStoryDay) {
          const candidates = lines.filter((l) => l.key !== 'oreo' && l.qty >= 2);
          const plain = candidates.filter((l) => !l.batchNo);
          const pool = plain.length ? plain : candidates;
          const pick = pool[Math.floor(supply() * pool.length)];
          if (pick) received = lines.map((l) => (l === pick ? { ...l, qty: l.qty - Math.max(1, Math.floor(l.qty / 3)) } : l));
        }
        const receipt = { kind: 'receive' as const, at: at(receiptDay, 8.75), day: receiptDay, as: receivedBy, lines: received, note: isLate ? '城东批发部送货（晚了一天）' : '城东批发部送货', order: ref };
        if (isLate) overdue.set(receiptDay, receipt);
        else {
          steps.push(receipt);
          receiveInModel(received);
        }
        if (received !== lines && day !== lastDelivered) {
          const d = addDays(receiptDay, 2 + Math.floor(supply() * 2));
          steps.push({ kind: 'closeOrder', at: at(d, 9), day: d, as: 'owner', ref, note: '缺的货批发部不送了，关闭' });
        }
      }
    }
    // 08:50 the wholesaler's offers, received as they come (no order): short-dated goods at a discount.
    const offer: StepLine[] = [];
    if (day === tjDay && tjDay > firstDay) {
      // Short-dated milk, more than the shop could sell in time.
      let expected = 0;
      for (let d = day; d < tjExpiry; d = addDays(d, 1)) expected += expectedDemand('milk', d) + 12 / 7; // + 李阿姨's dozen a week
      const packs = Math.ceil((expected + 48) / 24);
      offer.push({ key: 'milk', qty: packs, packs: true, unitCostFen: 4000, batchNo: `TJ${compact(day)}`, expiryDate: tjExpiry });
    }
    if (day === maskShortDay && maskShortDay > firstDay) {
      offer.push({ key: 'mask', qty: 4, packs: true, unitCostFen: 5000, batchNo: `F${compact(day)}S`, expiryDate: rel(20) });
    }
    if (offer.length) {
      steps.push({ kind: 'receive', at: at(day, 8.83), day, as: weekday === 1 ? 'manager' : 'owner', lines: offer, note: day === tjDay ? '批发部临期特价牛奶' : '批发部短效期面膜，清仓价' });
      receiveInModel(offer);
    }
    // The wholesaler is paid monthly, on the 5th: what is owed then is settled.
    if (day.endsWith('-05') && day > firstDay) steps.push({ kind: 'paySupplier', at: at(day, 10.5), day, as: 'owner', note: '月结付款' });

    if (day === rel(-60) && rel(-60) > firstDay) {
      const qty = Math.min(2, model.sellable('chips', day));
      if (qty > 0) {
        steps.push({ kind: 'adjust', at: at(day, 9.1), day, as: 'manager', reason: 'damage', lines: [{ key: 'chips', qty: -qty }], note: '搬运压碎' });
        model.take('chips', qty, day);
      }
    }
    if (day === rel(-30) && rel(-30) > firstDay && model.sellable('cola', day) > 0) {
      steps.push({ kind: 'adjust', at: at(day, 21.8), day, as: 'owner', reason: 'loss', lines: [{ key: 'cola', qty: -1 }], note: '月底盘点少 1 罐' });
      model.take('cola', 1, day);
    }
    if (closed) continue;

    // The day's demand, capped by what is on the shelf, split into a few tickets.
    const demand = new Map<Key, number>();
    for (const key of KEYS) {
      const p = PROFILES[key];
      let q: number;
      if (key === 'cup') q = daysBetween(firstDay, day) <= 25 && random() < p.intermittent!.chance ? 1 : 0;
      else if (p.intermittent) q = random() < p.intermittent.chance * expectedDemand(key, day) / (p.intermittent.chance * ((p.intermittent.max + 1) / 2)) ? 1 + Math.floor(random() * p.intermittent.max) : 0;
      else q = poisson(expectedDemand(key, day), random);
      q = Math.min(q, model.sellable(key, day));
      if (q > 0) demand.set(key, q);
    }
    const units = [...demand.values()].reduce((s, q) => s + q, 0);
    const tickets = Math.max(1, Math.min(5, Math.round(units / 12)));
    const baskets: Map<Key, number>[] = Array.from({ length: tickets }, () => new Map());
    for (const [key, q] of demand) {
      // customers take a few at a time: a six-pack of cola, two bags of chips
      for (let left = q; left > 0; ) {
        const n = Math.min(left, 1 + Math.floor(random() * (PROFILES[key].perCustomer ?? 2)));
        const b = baskets[Math.floor(random() * tickets)];
        b.set(key, (b.get(key) ?? 0) + n);
        left -= n;
      }
    }
    baskets.forEach((basket, i) => {
      if (basket.size === 0) return;
      const hours = 9.25 + ((i + random()) / tickets) * 12.25; // open 09:15 to 21:30, after the delivery
      const weekend = weekday === 0 || weekday === 6;
      const as: Role = hours >= 17 ? 'owner' : weekend ? 'manager' : 'clerk';
      const r = random();
      const payment = r < 0.55 ? 'wechat' : r < 0.75 ? 'alipay' : 'cash';
      const tag = `t${++ticketNo}`;
      if (basket.has('detergent') && day < returnDay) returnTag = tag;
      steps.push({ kind: 'sell', at: at(day, hours), day, as, lines: [...basket].map(([key, qty]) => ({ key, qty })), payment, tag });
      for (const [key, qty] of basket) model.take(key, qty, day);
    });

    // Saturdays 18:00: 李阿姨 takes a dozen boxes of milk and pays at the end of the month.
    if (weekday === 6 && model.sellable('milk', day) >= 12) {
      steps.push({ kind: 'sell', at: at(day, 18), day, as: 'owner', lines: [{ key: 'milk', qty: 12 }], payment: 'credit' });
      model.take('milk', 12, day);
    }
    if (day === returnDay && returnTag) {
      steps.push({ kind: 'saleReturn', at: at(day, 10), day, as: 'owner', saleTag: returnTag, key: 'detergent', qty: 1, note: '顾客退回：买重了' });
      model.add('detergent', 1);
    }
  }
  let kept = steps.filter((s) => s.at < nowMs).sort((a, b) => a.at - b.at);
  // When the last delivery before now ordered nothing (and the next order is not placed yet), the
  // latest short order is left open instead of closed: the orders list always has one today.
  const received = new Set(kept.flatMap((s) => (s.kind === 'receive' && s.order ? [s.order] : [])));
  const closedRefs = new Set(kept.flatMap((s) => (s.kind === 'closeOrder' ? [s.ref] : [])));
  const open = kept.some((s) => s.kind === 'order' && (!received.has(s.ref) || (!closedRefs.has(s.ref) && isShort(s.ref, kept))));
  const lastClose = kept.filter((s) => s.kind === 'closeOrder').pop();
  if (!open && lastClose) kept = kept.filter((s) => s !== lastClose);
  // Oreo's last order, sized now that its sales are drawn, so that exactly OREO_LEFT boxes remain
  // today (no order follows it: stock only falls from there and the drawn sales stay possible). When
  // even a one-box order leaves too many, a party buys the surplus the next afternoon.
  const surplus = unitsAt(kept, 'oreo') - OREO_LEFT;
  if (oreoLastOrder && oreoLastOrder.line.qty - surplus >= 1) oreoLastOrder.line.qty -= surplus;
  else if (oreoLastOrder && surplus > 0) {
    const day = addDays(oreoLastOrder.day, 1);
    kept.push({ kind: 'sell', at: at(day, 15), day, as: 'owner', lines: [{ key: 'oreo', qty: surplus }], payment: 'wechat' });
    kept.sort((a, b) => a.at - b.at);
  }
  // The owner approves a manager's large order the next morning (Oreo's last order is sized by now).
  for (const s of [...kept]) {
    if (s.kind !== 'order' || s.as !== 'manager' || s.lines.reduce((n, l) => n + l.qty * l.unitCostFen!, 0) <= DEMO_APPROVAL_ABOVE_FEN) continue;
    const day = addDays(s.day, 1);
    if (at(day, 8.25) < nowMs) kept.push({ kind: 'approveOrder', at: at(day, 8.25), day, as: 'owner', ref: s.ref, note: '' });
  }
  kept.sort((a, b) => a.at - b.at);
  return { firstDay, today, steps: kept, expiredLeft };
}

const OREO_LEFT = 6;

/** Did the order's receipts bring less than it ordered? */
function isShort(ref: string, steps: DemoStep[]): boolean {
  const order = steps.find((s) => s.kind === 'order' && s.ref === ref) as (DemoStep & { kind: 'order' }) | undefined;
  const receipts = steps.filter((s) => s.kind === 'receive' && s.order === ref);
  const units = (lines: StepLine[]) => lines.reduce((n, l) => n + l.qty, 0);
  return Boolean(order) && receipts.reduce((n, r) => n + units((r as DemoStep & { kind: 'receive' }).lines), 0) < units(order!.lines);
}

/** Units of a non-batch product the steps leave in stock (opening, receipts and sales only). */
function unitsAt(steps: DemoStep[], key: Key): number {
  let n = 0;
  for (const s of steps) {
    if (s.kind !== 'opening' && s.kind !== 'receive' && s.kind !== 'sell') continue;
    for (const l of s.lines) if (l.key === key) n += (s.kind === 'sell' ? -1 : 1) * l.qty * (l.packs ? packOf(key) : 1);
  }
  return n;
}
