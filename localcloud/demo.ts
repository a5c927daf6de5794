// The demo shop of `npm start`: created once through the real api function, like a merchant would,
// then its months of history replayed through the same api function (as the owner, the manager and
// the clerk) with THIS process's clock set to each step's time — the engine stamps postings with
// the server's time, and no api input carries a date, so backdating exists only here, in the
// emulator. Finally the nightly job runs once, so forecasts, suggestions and alerts exist.
import FakeTimers from '@sinonjs/fake-timers';
import { DEMO_PRODUCTS } from '../server/demo/seed';
import { DEMO_APPROVAL_ABOVE_FEN, DemoStep, planDemoHistory, Role, StepLine } from './demo-history';
import type { LocalCloud } from './index';

export const DEMO_OWNER_OPENID = 'demo-owner-openid';
export const DEMO_STAFF = { manager: { openid: 'demo-manager-openid', name: '店长小王' }, clerk: { openid: 'demo-clerk-openid', name: '店员小李' } };
const OPENID: Record<Role, string> = { owner: DEMO_OWNER_OPENID, manager: DEMO_STAFF.manager.openid, clerk: DEMO_STAFF.clerk.openid };

export interface DemoOptions {
  /** days of history before today (default: back past the last Spring Festival, at least 120) */
  days?: number;
  seed?: number;
}

export interface DemoResult {
  created: boolean;
  shopName: string;
  /** first day of the replayed history, China time */
  firstDay: string | null;
  days: number;
  postings: number;
  ms: number;
  message: string;
}

type Api = <T = any>(as: Role, action: string, input?: Record<string, unknown>) => Promise<T>;

export async function seedDemo(lc: LocalCloud, options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const realNow = new Date();
  const history = planDemoHistory({ now: realNow, days: options.days, seed: options.seed });
  const api: Api = async (as, action, input = {}) => {
    const r = await lc.invoke('api', { action, ...input }, { openid: OPENID[as] });
    const result = r.result as { ok: boolean; data?: any; error?: { code: string; message: string } } | undefined;
    if (r.error || !result?.ok) throw new Error(`${action}: ${r.error?.errMsg ?? `${result?.error?.code} ${result?.error?.message}`}`);
    return result.data;
  };
  // Timers stay real (transaction timeouts, the runner's timeout); only Date moves.
  const clock = FakeTimers.install({ now: history.steps[0]?.at ?? realNow.getTime(), toFake: ['Date'] });
  let postings = 0;
  let shopName = '';
  try {
    const seeded = await api<{ created: boolean; shopName: string }>('owner', 'dev.seedDemo');
    if (!seeded.created) {
      return { ...seeded, firstDay: null, days: 0, postings: 0, ms: 0, message: `demo shop "${seeded.shopName}" ready` };
    }
    shopName = seeded.shopName;
    for (const [role, staff] of Object.entries(DEMO_STAFF)) {
      const invite = await api('owner', 'invites.create', { role });
      await api(role as Role, 'invites.accept', { code: invite.code, name: staff.name });
    }
    // The owner has a manager's large orders wait for approval.
    await api('owner', 'shops.updateSettings', { settings: { purchaseApprovalAboveFen: DEMO_APPROVAL_ABOVE_FEN } });
    const ids = await lookupIds(api);
    const refs: Refs = { sales: new Map(), orders: new Map() };
    for (const [i, step] of history.steps.entries()) {
      clock.setSystemTime(step.at);
      if (await replay(api, step, `demo-${step.day}-${i}`, ids, refs)) postings++;
    }
  } finally {
    clock.uninstall();
  }
  // Tonight's run, now: history aggregated, forecasts, suggestions, alerts (and the owner's digest).
  for (let i = 0, force = true; i < 20; i++, force = false) {
    const r = await lc.invoke('nightly', { force });
    const body = r.result as { ok: boolean; data?: { done: boolean } } | undefined;
    if (r.error || !body?.ok) throw new Error(`nightly after the demo history: ${r.error?.errMsg ?? JSON.stringify(body)}`);
    if (body.data!.done) break;
  }
  const ms = Math.round(performance.now() - started);
  const cpuS = (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(cpu));
  const days = history.steps.length ? new Set(history.steps.map((s) => s.day)).size : 0;
  return {
    created: true,
    shopName,
    firstDay: history.firstDay,
    days,
    postings,
    ms,
    message: `demo shop "${shopName}" created (owner openid ${DEMO_OWNER_OPENID}, staff ${DEMO_STAFF.manager.openid}, ${DEMO_STAFF.clerk.openid}): ${postings} postings over ${days} days since ${history.firstDay}, replayed with the nightly job in ${(ms / 1000).toFixed(1)} s (${cpuS.toFixed(1)} s CPU)`,
  };
}

interface Ids {
  products: Map<string, { _id: string; unit: string | null }>;
  supplierId: string;
  customerId: string;
}

async function lookupIds(api: Api): Promise<Ids> {
  const list = await api<{ items: { _id: string; name: string }[] }>('owner', 'products.list', { pageSize: 100 });
  const products = new Map<string, { _id: string; unit: string | null }>();
  for (const p of DEMO_PRODUCTS) {
    const found = list.items.find((x) => x.name === p.name);
    if (!found) throw new Error(`demo product ${p.name} missing`);
    products.set(p.key, { _id: found._id, unit: p.purchaseUnit?.name ?? null });
  }
  const [suppliers, customers] = await Promise.all([api('owner', 'suppliers.list'), api('owner', 'customers.list')]);
  return { products, supplierId: suppliers.items[0]._id, customerId: customers.items[0]._id };
}

/** What the replay learned: the sales posted per tag, the orders created per ref. */
interface Refs {
  sales: Map<string, string>;
  orders: Map<string, string>;
}

function line(ids: Ids, l: StepLine) {
  const p = ids.products.get(l.key)!;
  const { key: _key, packs, ...rest } = l;
  return { productId: p._id, ...(packs && p.unit ? { unit: p.unit } : {}), ...rest };
}

/** A line of an order: the price is the order's; a receipt against it carries no cost. */
function orderLine(ids: Ids, l: StepLine, expectedDate: string) {
  const { unitCostFen, batchNo: _b, expiryDate: _e, ...rest } = line(ids, l);
  return { ...rest, unitPriceFen: unitCostFen, expectedDate };
}

/** The note a cash customer hands over: the next 10, 50 or 100 yuan above the ticket's total. */
function tendered(lines: StepLine[]): number {
  const total = lines.reduce((s, l) => s + l.qty * DEMO_PRODUCTS.find((p) => p.key === l.key)!.salePriceFen, 0);
  const note = total > 5000 ? 10000 : total > 1000 ? 5000 : 1000;
  return Math.ceil(total / note) * note;
}

/** One step through the api; answers whether it wrote a posting. */
async function replay(api: Api, step: DemoStep, requestId: string, ids: Ids, refs: Refs): Promise<boolean> {
  switch (step.kind) {
    case 'opening':
      await api(step.as, 'stock.opening', { requestId, note: step.note, lines: step.lines.map((l) => line(ids, l)) });
      return true;
    case 'receive': {
      if (!step.order) {
        await api(step.as, 'stock.receive', { requestId, supplierId: ids.supplierId, note: step.note, lines: step.lines.map((l) => line(ids, l)) });
        return true;
      }
      const lines = step.lines.map((l) => {
        const { unitCostFen: _c, ...rest } = line(ids, l);
        return rest;
      });
      await api(step.as, 'purchase.receive', { requestId, orderId: refs.orders.get(step.order)!, note: step.note, lines });
      return true;
    }
    case 'order': {
      const order = await api(step.as, 'purchase.create', { requestId, supplierId: ids.supplierId, note: step.note, lines: step.lines.map((l) => orderLine(ids, l, step.expected)) });
      refs.orders.set(step.ref, order._id);
      await api(step.as, 'purchase.submit', { id: order._id, requestId: `${requestId}-submit` });
      return false;
    }
    case 'approveOrder':
    case 'closeOrder':
      await api(step.as, step.kind === 'approveOrder' ? 'purchase.approve' : 'purchase.close', { id: refs.orders.get(step.ref)!, requestId, note: step.note });
      return false;
    case 'sell': {
      const credit = step.payment === 'credit';
      const posting = await api(step.as, 'stock.sell', {
        requestId,
        lines: step.lines.map((l) => line(ids, l)),
        payment: { method: step.payment, ...(step.payment === 'cash' ? { tenderedFen: tendered(step.lines) } : {}) },
        ...(credit ? { customerId: ids.customerId, note: '赊账，月底结' } : {}),
      });
      if (step.tag) refs.sales.set(step.tag, posting._id);
      return true;
    }
    case 'adjust':
      await api(step.as, 'stock.adjust', { requestId, reason: step.reason, note: step.note, lines: step.lines.map((l) => line(ids, l)) });
      return true;
    case 'writeOffExpired': {
      // What the merchant sees on the batch list is what gets written off.
      const productId = ids.products.get(step.key)!._id;
      const balances = await api<{ items: { batches: { batchNo: string; qty: number }[] }[] }>(step.as, 'stock.balances', { productId });
      const left = balances.items.flatMap((b) => b.batches).find((b) => b.batchNo === step.batchNo)?.qty ?? 0;
      if (left <= 0) return false;
      await api(step.as, 'stock.adjust', { requestId, reason: 'expired', note: step.note, lines: [{ productId, qty: -left, batchNo: step.batchNo }] });
      return true;
    }
    case 'paySupplier': {
      const owed = ((await api(step.as, 'purchase.payables')) as { supplierId: string; payableFen: number }[]).find((r) => r.supplierId === ids.supplierId)?.payableFen ?? 0;
      if (owed > 0) await api(step.as, 'purchase.pay', { requestId, supplierId: ids.supplierId, amountFen: owed, method: 'bank', note: step.note });
      return false;
    }
    case 'saleReturn': {
      const salePostingId = refs.sales.get(step.saleTag);
      if (!salePostingId) return false;
      await api(step.as, 'stock.saleReturn', { requestId, salePostingId, note: step.note, lines: [{ productId: ids.products.get(step.key)!._id, qty: step.qty }] });
      return true;
    }
  }
}
