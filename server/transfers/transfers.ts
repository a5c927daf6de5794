// Transfers between warehouses (调拨单): the document type (its status machine), its lines built
// from what was scanned, what left and arrived per batch as the engine posted it, and what a page
// sees. One step: one posting ('transfer') takes the goods out of the source and into the
// destination at the cost they leave with, batches keeping their expiry. Two steps: shipping
// ('transfer_out') takes them out — they are in transit, on no warehouse's books —, receiving
// ('transfer_in') brings in what arrived, batch by batch at the cost it left with; what did not
// arrive stays reported on the document (在途差异) with its value, a loss in transit.
import Decimal from 'decimal.js';
import type { TransferRow, TransferView } from '../../typings/api/transfers';
import type { PostingLine, Role, Shop, Transfer, TransferBatch, TransferLine, TransferStatus } from '../../typings/models';
import { TRANSFER_STATUS_LABELS } from '../../typings/models';
import { AppError } from '../core/errors';
import { documentLines } from '../documents/lines';
import type { MemberContext } from '../core/router';
import { canSeeCost, resolveWarehouse, warehouseName } from '../core/shop';
import type { DocumentType } from '../documents/machine';
import type { EngineLine } from '../posting/engine';
import { resolveLines } from '../stock/lines';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

export const MODE_LABELS: Record<Transfer['mode'], string> = { one_step: '一步调拨', two_step: '两步调拨' };

export const TRANSFER: DocumentType<TransferStatus, Transfer> = {
  coll: 'transfers',
  noun: '调拨单',
  statusLabels: TRANSFER_STATUS_LABELS,
  machine: {
    post: {
      label: '调拨',
      from: ['draft'],
      roles: ALL,
      to: () => 'completed',
      check: (t) => {
        if (t.mode !== 'one_step') throw new AppError('E_INVALID_STATE', '这是两步调拨单：请先发货，到货后再收货');
      },
    },
    ship: {
      label: '发货',
      from: ['draft'],
      roles: ALL,
      to: () => 'in_transit',
      check: (t) => {
        if (t.mode !== 'two_step') throw new AppError('E_INVALID_STATE', '这是一步调拨单：直接调拨即可，不用发货');
      },
    },
    receive: { label: '收货', from: ['in_transit'], roles: ALL, to: () => 'received' },
    cancel: { label: '取消', from: ['draft'], roles: MANAGERS, to: () => 'cancelled' },
  },
};

export interface TransferInput {
  fromWarehouseId: string;
  toWarehouseId: string;
  mode: Transfer['mode'];
  note: string;
  lines: { productId?: string; barcode?: string; unit?: string; qty: number; batchNo?: string }[];
}

/** Both warehouses of this shop, active and different. */
export function transferWarehouses(shop: Shop, t: Pick<Transfer, 'fromWarehouseId' | 'toWarehouseId'>) {
  const from = resolveWarehouse(shop, t.fromWarehouseId);
  const to = resolveWarehouse(shop, t.toWarehouseId);
  if (from.id === to.id) throw new AppError('E_VALIDATION', '调出和调入不能是同一个仓库');
  return { from, to };
}

/** One line per product (a second scan adds to the first line), in the unit scanned or typed. */
export async function buildTransferLines(ctx: MemberContext, input: TransferInput['lines']): Promise<TransferLine[]> {
  const resolved = await resolveLines(ctx, input);
  const base = documentLines(resolved, (p) => p.baseUnit);
  return resolved.map((r, i): TransferLine => ({ ...base[i], batchNo: r.input.batchNo ?? null, shipped: [], receivedBaseQty: 0, differenceBaseQty: 0 }));
}

export const transferSearchText = (t: Pick<Transfer, 'no' | 'lines'>) => [t.no, ...t.lines.map((l) => l.productName)].join(' ').toLowerCase();

/** The engine's lines taking a transfer's goods out of the source (into the destination too, for one step). */
export function outboundLines(t: Pick<Transfer, 'fromWarehouseId' | 'toWarehouseId' | 'lines'>, oneStep: boolean): EngineLine[] {
  return t.lines.map((l) => ({
    // The engine re-reads each product inside its transaction (batch tracking as it is now).
    product: { _id: l.productId, name: l.productName, baseUnit: l.baseUnit, batchTracked: false },
    warehouseId: t.fromWarehouseId,
    qty: -l.baseQty,
    batchNo: l.batchNo,
    transferTo: oneStep ? t.toWarehouseId : null,
  }));
}

/** What left the source, per line and batch, from the posting's own lines; one step: all of it arrived. */
export function recordShipped(t: Transfer, posted: PostingLine[], arrived: boolean): Transfer {
  const lines = t.lines.map((l) => {
    const shipped: TransferBatch[] = posted
      .filter((p) => p.productId === l.productId && p.warehouseId === t.fromWarehouseId && p.qty < 0)
      .map((p) => ({ batchNo: p.batchNo, expiryDate: p.expiryDate, qty: -p.qty, unitCost: p.unitCost, receivedQty: arrived ? -p.qty : 0 }));
    return { ...l, shipped, receivedBaseQty: arrived ? l.baseQty : 0 };
  });
  return { ...t, lines };
}

export const shippedQty = (l: Pick<TransferLine, 'shipped'>) => l.shipped.reduce((s, b) => s + b.qty, 0);

export interface ReceiptPlan {
  /** received base units per batch, by lineId (in the order the batches were shipped) */
  take: Map<string, number[]>;
  lines: EngineLine[];
}

/**
 * What arrives: per line the quantity named (or all that was shipped), filled batch by batch in
 * the order they left (earliest expiry first), each at the cost it left with and with its expiry.
 */
export function planTransferReceipt(t: Transfer, received: { lineId: string; receivedQty: number }[]): ReceiptPlan {
  const byLine = new Map(t.lines.map((l) => [l.lineId, l]));
  const named = new Map<string, number>();
  received.forEach((r, i) => {
    const line = byLine.get(r.lineId);
    if (!line) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：调拨单 ${t.no} 没有这一行`, { line: i });
    if (named.has(r.lineId)) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：「${line.productName}」填了两次`, { line: i });
    const sent = shippedQty(line);
    if (r.receivedQty > sent) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：「${line.productName}」发出 ${sent}${line.baseUnit}，收到的不能更多`, { line: i });
    named.set(r.lineId, r.receivedQty);
  });
  const take = new Map<string, number[]>();
  const lines: EngineLine[] = [];
  for (const l of t.lines) {
    let left = named.get(l.lineId) ?? shippedQty(l);
    const perBatch = l.shipped.map((b) => {
      const q = Math.min(b.qty, left);
      left -= q;
      if (q > 0) {
        lines.push({
          product: { _id: l.productId, name: l.productName, baseUnit: l.baseUnit, batchTracked: b.batchNo !== null },
          warehouseId: t.toWarehouseId,
          qty: q,
          unitCost: b.unitCost,
          batchNo: b.batchNo,
          expiryDate: b.expiryDate,
        });
      }
      return q;
    });
    take.set(l.lineId, perBatch);
  }
  return { take, lines };
}

/** The document after receiving: arrived per batch, the difference per line and its value. */
export function recordReceived(t: Transfer, plan: ReceiptPlan, at: Date): Transfer {
  let lost = new Decimal(0);
  const lines = t.lines.map((l) => {
    const perBatch = plan.take.get(l.lineId) ?? [];
    const shipped = l.shipped.map((b, i) => ({ ...b, receivedQty: perBatch[i] ?? 0 }));
    for (const b of shipped) lost = lost.plus(new Decimal(b.qty - b.receivedQty).times(b.unitCost));
    const receivedBaseQty = shipped.reduce((s, b) => s + b.receivedQty, 0);
    return { ...l, shipped, receivedBaseQty, differenceBaseQty: shippedQty(l) - receivedBaseQty };
  });
  return { ...t, lines, receivedAt: at.toISOString(), differenceCostFen: lost.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() };
}

/** The next steps this caller may take, for the page's buttons. */
function actionsFor(t: Transfer, role: Role): string[] {
  const steps = Object.entries(TRANSFER.machine)
    .filter(([name, rule]) => rule.from.includes(t.status) && rule.roles.includes(role))
    .filter(([name]) => (name === 'post' ? t.mode === 'one_step' : name === 'ship' ? t.mode === 'two_step' : true))
    .map(([name]) => name);
  if (t.status === 'draft') steps.unshift('edit');
  return steps;
}

export function transferView(t: Transfer, shop: Shop, role: Role): TransferView {
  const { searchText, lines, differenceCostFen, ...rest } = t;
  void searchText;
  const seeCost = canSeeCost(role);
  const { fingerprint, ...stored } = rest as typeof rest & { fingerprint?: string };
  void fingerprint;
  return {
    ...stored,
    statusLabel: TRANSFER_STATUS_LABELS[t.status],
    modeLabel: MODE_LABELS[t.mode],
    fromWarehouseName: warehouseName(shop, t.fromWarehouseId),
    toWarehouseName: warehouseName(shop, t.toWarehouseId),
    lines: lines.map((l) => ({
      ...l,
      shipped: l.shipped.map(({ unitCost, ...b }) => ({ ...b, ...(seeCost ? { unitCost } : {}) })),
      shippedBaseQty: shippedQty(l),
    })),
    ...(seeCost ? { differenceCostFen } : {}),
    actions: actionsFor(t, role),
  };
}

export function transferRow(t: Transfer, shop: Shop): TransferRow {
  return {
    _id: t._id,
    no: t.no,
    mode: t.mode,
    modeLabel: MODE_LABELS[t.mode],
    status: t.status,
    statusLabel: TRANSFER_STATUS_LABELS[t.status],
    fromWarehouseName: warehouseName(shop, t.fromWarehouseId),
    toWarehouseName: warehouseName(shop, t.toWarehouseId),
    createdAt: t.createdAt,
    note: t.note,
    lineCount: t.lines.length,
    baseQty: t.lines.reduce((s, l) => s + l.baseQty, 0),
    differenceBaseQty: t.lines.reduce((s, l) => s + l.differenceBaseQty, 0),
  };
}
