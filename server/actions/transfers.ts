// Transfers between warehouses (调拨单): drafts, the one-step posting, shipping and receiving of a
// two-step transfer — each step that moves goods is one engine posting whose guard document is
// the transfer (server/transfers/transfers.ts) — list and detail.
import { schemas } from '../../typings/api';
import type { Posting, PostingLine, Shop, Transfer } from '../../typings/models';
import { AppError } from '../core/errors';
import { escapeRegExp, pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { loadShop } from '../core/shop';
import { guardStep, ownDocument, runStep } from '../documents/machine';
import { nextNumber, numberGuard } from '../documents/numbering';
import { EngineLine, fingerprintOf, GuardDocument, post, postingId } from '../posting/engine';
import { postingView } from '../stock/views';
import {
  buildTransferLines,
  outboundLines,
  planTransferReceipt,
  recordReceived,
  recordShipped,
  TRANSFER,
  TransferInput,
  transferRow,
  transferSearchText,
  transferView,
  transferWarehouses,
} from '../transfers/transfers';

const ALL = ['owner', 'manager', 'clerk'] as const;
const MANAGERS = ['owner', 'manager'] as const;

const transferId = (shopId: string, requestId: string) => `${shopId}_${requestId}`;
const operator = (ctx: MemberContext) => ({ openid: ctx.openid, name: ctx.member.name });
type Stored = Transfer & { fingerprint?: string };

async function getOwnTransfer(ctx: MemberContext, id: string): Promise<Transfer> {
  return ownDocument(await ctx.db.getById<Transfer>('transfers', id), ctx, '调拨单');
}

function sameRequest(existing: Stored, fingerprint: string): Transfer {
  if (existing.fingerprint && existing.fingerprint !== fingerprint) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一张调拨单，请刷新后重新提交');
  return existing;
}

/** A new draft (its number is given by the caller's transaction). */
function draftOf(ctx: MemberContext, shop: Shop, id: string, no: string, input: TransferInput, lines: Transfer['lines'], fingerprint: string, at: Date): Stored {
  const t: Stored = {
    _id: id,
    shopId: shop._id,
    no,
    fromWarehouseId: input.fromWarehouseId,
    toWarehouseId: input.toWarehouseId,
    mode: input.mode,
    status: 'draft',
    lines,
    productIds: lines.map((l) => l.productId),
    note: input.note,
    differenceCostFen: 0,
    createdBy: operator(ctx),
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    shippedAt: null,
    receivedAt: null,
    history: [{ action: 'create', label: '创建', from: '', to: 'draft', by: operator(ctx), at: at.toISOString(), requestId: id, note: '', postingId: null }],
    searchText: '',
    fingerprint,
  };
  t.searchText = transferSearchText(t);
  return t;
}

interface GoodsStep {
  requestId: string;
  note: string;
  lines: EngineLine[];
  fingerprint: string;
  /** the document after the step, from the posting's own lines */
  change: (doc: Transfer, posted: PostingLine[]) => Transfer;
  /** the transfer's guard when it is not the plain step (created in the same posting) */
  guard?: GuardDocument;
  source?: Posting['source'];
  /** guards applied before the transfer's (the counter numbering a transfer created in the posting) */
  before?: GuardDocument[];
}

/** A goods step's posting with the transfer as its guard: the document and the stock change together. */
async function postStep(ctx: MemberContext, shop: Shop, t: Pick<Transfer, '_id' | 'no'>, step: 'post' | 'ship' | 'receive', s: GoodsStep) {
  const type = step === 'post' ? 'transfer' : step === 'ship' ? 'transfer_out' : 'transfer_in';
  let written: Transfer | null = null;
  const base = s.guard ?? guardStep(ctx, TRANSFER, t._id, step, s.requestId, postingId(shop._id, s.requestId), (doc) => doc, s.note);
  const { posting, replayed } = await post(ctx.db, {
    shopId: shop._id,
    allowNegativeStock: shop.settings.allowNegativeStock,
    requestId: s.requestId,
    type,
    operator: operator(ctx),
    fingerprint: s.fingerprint,
    source: s.source ?? { kind: 'transfer', id: t._id, no: t.no },
    note: s.note,
    lines: s.lines,
    guards: [
      ...(s.before ?? []),
      {
        ...base,
        settle: (doc, posted) => {
          const next = s.change({ ...(doc as unknown as Transfer), _id: t._id }, posted);
          written = next;
          const { _id, ...stored } = next;
          void _id;
          return stored as unknown as Record<string, unknown>;
        },
      },
    ],
  });
  const after: Transfer = replayed || !written ? await getOwnTransfer(ctx, t._id) : written;
  return { transfer: transferView(after, shop, ctx.member.role), posting: postingView(posting, new Map(after.lines.map((l) => [l.productId, l.baseUnit])), ctx.member.role, replayed) };
}

/**
 * Scan, then one tap: the transfer is created and takes its first goods step (one step: 调拨; two
 * steps: 发货) in ONE transaction, its number taken there too, so a refusal — short stock — leaves
 * nothing behind, and a retry answers the same transfer.
 */
async function createAndPost(ctx: MemberContext, shop: Shop, id: string, requestId: string, input: TransferInput, fingerprint: string) {
  const done = await ctx.db.getById<Stored>('transfers', id);
  if (done) return transferView(sameRequest(done, fingerprint), shop, ctx.member.role);
  transferWarehouses(shop, input);
  const lines = await buildTransferLines(ctx, input.lines);
  const oneStep = input.mode === 'one_step';
  const at = new Date();
  const source: Posting['source'] = { kind: 'transfer', id, no: null };
  let draft: Stored | null = null;
  const counter = numberGuard(shop._id, 'DB', at, (no) => {
    source.no = no; // the posting is built after its guards apply: it carries the number
    draft = draftOf(ctx, shop, id, no, input, lines, fingerprint, at);
  });
  // The document does not exist yet: the step applies to the draft as it is being created.
  const step = guardStep(ctx, TRANSFER, id, oneStep ? 'post' : 'ship', requestId, postingId(shop._id, requestId), (doc) => doc, input.note);
  const creating: GuardDocument = {
    coll: 'transfers',
    id,
    apply: (current) => {
      if (current) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一张调拨单，请刷新后重新提交');
      return step.apply(draft as unknown as Record<string, unknown>);
    },
  };
  const planned = { _id: id, no: '', fromWarehouseId: input.fromWarehouseId, toWarehouseId: input.toWarehouseId, lines };
  const { transfer } = await postStep(ctx, shop, planned, oneStep ? 'post' : 'ship', {
    requestId,
    note: input.note,
    lines: outboundLines(planned, oneStep),
    fingerprint: fingerprintOf({ type: oneStep ? 'transfer' : 'transfer_out', fingerprint }),
    change: (doc, posted) => ({ ...recordShipped(doc, posted, oneStep), ...(oneStep ? {} : { shippedAt: at.toISOString() }) }),
    guard: creating,
    source,
    // the counter first: the transfer's guard needs its number
    before: [counter],
  });
  return transfer;
}

/** A draft with its number, created once per request id; the same id with another body is refused. */
async function createDraft(ctx: MemberContext, shop: Shop, id: string, input: TransferInput, fingerprint: string): Promise<Transfer> {
  const existing = await ctx.db.getById<Stored>('transfers', id);
  if (existing) return sameRequest(existing, fingerprint);
  const lines = await buildTransferLines(ctx, input.lines);
  return ctx.db.transaction(async (tx) => {
    const raced = await tx.get<Stored>('transfers', id);
    if (raced) return sameRequest({ ...raced, _id: id }, fingerprint);
    const at = new Date();
    const t = draftOf(ctx, shop, id, await nextNumber(tx, shop._id, 'DB', at), input, lines, fingerprint, at);
    await tx.set('transfers', id, t as unknown as Record<string, unknown>);
    return t;
  });
}

function stepAction(name: 'post' | 'ship') {
  return action(ALL, schemas[`transfer.${name}`], async (ctx, input) => {
    const [shop, t] = await Promise.all([loadShop(ctx), getOwnTransfer(ctx, input.id)]);
    transferWarehouses(shop, t);
    const type = name === 'post' ? 'transfer' : 'transfer_out';
    const { requestId, ...asked } = input;
    const at = new Date();
    return postStep(ctx, shop, t, name, {
      requestId,
      note: input.note,
      lines: outboundLines(t, name === 'post'),
      fingerprint: fingerprintOf({ type, ...asked }),
      change: (doc, posted) => ({ ...recordShipped(doc, posted, name === 'post'), ...(name === 'ship' ? { shippedAt: at.toISOString() } : {}) }),
    });
  });
}

export const transferActions = {
  'transfer.create': action(ALL, schemas['transfer.create'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const { requestId, post: andPost, ...fields } = input;
    const id = transferId(shop._id, requestId);
    const fingerprint = fingerprintOf({ ...fields, post: andPost });
    if (!andPost) {
      // Both warehouses are checked for a new draft only: a retry answers the draft as it was made.
      const existing = await ctx.db.getById<Stored>('transfers', id);
      if (existing) return transferView(sameRequest(existing, fingerprint), shop, ctx.member.role);
      transferWarehouses(shop, fields);
      return transferView(await createDraft(ctx, shop, id, fields, fingerprint), shop, ctx.member.role);
    }
    return createAndPost(ctx, shop, id, requestId, fields, fingerprint);
  }),

  'transfer.update': action(ALL, schemas['transfer.update'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    transferWarehouses(shop, input);
    const lines = await buildTransferLines(ctx, input.lines);
    const t = await ctx.db.transaction(async (tx) => {
      const raw = await tx.get<Stored>('transfers', input.id);
      const current = ownDocument(raw ? { ...raw, _id: input.id } : null, ctx, '调拨单');
      if (current.status !== 'draft') throw new AppError('E_INVALID_STATE', `调拨单${TRANSFER.statusLabels[current.status]}，只有草稿可以修改`, { status: current.status });
      const next: Stored = {
        ...current,
        fromWarehouseId: input.fromWarehouseId,
        toWarehouseId: input.toWarehouseId,
        mode: input.mode,
        note: input.note,
        lines,
        productIds: lines.map((l) => l.productId),
        updatedAt: new Date().toISOString(),
      };
      next.searchText = transferSearchText(next);
      const { _id, ...stored } = next;
      void _id;
      await tx.set('transfers', input.id, stored as unknown as Record<string, unknown>);
      return next;
    });
    return transferView(t, shop, ctx.member.role);
  }),

  'transfer.post': stepAction('post'),
  'transfer.ship': stepAction('ship'),

  'transfer.receive': action(ALL, schemas['transfer.receive'], async (ctx, input) => {
    const [shop, t] = await Promise.all([loadShop(ctx), getOwnTransfer(ctx, input.id)]);
    transferWarehouses(shop, t);
    // The shipped batches never change once shipped: the plan made from them here is the one the
    // guard applies (its status check, in the posting's transaction, admits one receipt).
    const plan = planTransferReceipt(t, input.lines);
    const at = new Date();
    if (plan.lines.length === 0) {
      // Nothing arrived: no goods move, the whole shipment is the difference.
      const done = await runStep(ctx, TRANSFER, t._id, 'receive', input.requestId, input.note, (doc) => recordReceived(doc, plan, at));
      return { transfer: transferView(done, shop, ctx.member.role), posting: null };
    }
    const { requestId, ...asked } = input;
    return postStep(ctx, shop, t, 'receive', { requestId, note: input.note, lines: plan.lines, fingerprint: fingerprintOf({ type: 'transfer_in', ...asked }), change: (doc) => recordReceived(doc, plan, at) });
  }),

  'transfer.cancel': action(MANAGERS, schemas['transfer.cancel'], async (ctx, input) => {
    const [shop, t] = await Promise.all([loadShop(ctx), runStep(ctx, TRANSFER, input.id, 'cancel', input.requestId, input.note)]);
    return transferView(t, shop, ctx.member.role);
  }),

  'transfer.list': action(ALL, schemas['transfer.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.status === 'done') where.status = _.in(['completed', 'received']);
    else if (input.status !== 'all') where.status = input.status;
    if (input.keyword) where.searchText = ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '');
    const [shop, rows] = await Promise.all([
      loadShop(ctx),
      ctx.db.find<Transfer>('transfers', where, {
        orderBy: [['createdAt', 'desc'], ['_id', 'desc']],
        skip: (input.page - 1) * input.pageSize,
        limit: input.pageSize + 1,
        fields: { no: true, mode: true, status: true, fromWarehouseId: true, toWarehouseId: true, createdAt: true, note: true, lines: true },
      }),
    ]);
    const paged = pageOf(rows, input.page, input.pageSize);
    return { ...paged, items: paged.items.map((t) => transferRow(t, shop)) };
  }),

  'transfer.get': action(ALL, schemas['transfer.get'], async (ctx, input) => {
    const [shop, t, postings] = await Promise.all([
      loadShop(ctx),
      getOwnTransfer(ctx, input.id),
      ctx.db.find<Posting>('postings', { shopId: ctx.member.shopId, 'source.id': input.id }, { orderBy: [['createdAt', 'asc']], limit: 100 }),
    ]);
    const units = new Map(t.lines.map((l) => [l.productId, l.baseUnit]));
    return { transfer: transferView(t, shop, ctx.member.role), postings: postings.map((p) => postingView(p, units, ctx.member.role)) };
  }),
};
