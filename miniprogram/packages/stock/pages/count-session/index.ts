// 盘点 (counting): scan continuously — each scan counts one, or one case in 按箱 mode —, tap a line
// (or an uncounted product) to type the number counted (0 allowed), choose the batch when the
// product is batch-tracked. Scans go through a queue, one request at a time, each with its own
// request id kept until the server answered: a scan cut off by the network is retried with the
// same id (counted once) and stays queued — the dock says how many wait — until it went through.
import type { ActionOutput } from '../../../../../typings/api';
import type { CountLineView } from '../../../../../typings/api/counts';
import { scanLoop } from '../../../../behaviors/scan-loop';
import { ApiError, errorMessage, newRequestId } from '../../../../services/api';
import { countPageUrl, countsService } from '../../../../services/counts';
import { requestIdsOf } from '../../../../services/purchasing';
import { lookupCode } from '../../../../services/scan';
import { shopService } from '../../../../services/shop';
import { SessionLine, sessionLine } from './lines';

interface QueuedScan {
  requestId: string;
  barcode?: string;
  productId?: string;
  /** 按箱: the product's case unit is found before sending */
  byCase: boolean;
  unit?: string;
  mode: 'add' | 'set';
  qty: number;
  batchNo?: string;
  expiryDate?: string;
}

interface BatchAsk {
  productName: string;
  batches: { batchNo: string; expiryDate: string | null }[];
  /** the batch typed is not on the book: its expiry date is needed */
  needExpiry: boolean;
  batchNo: string;
  expiryDate: string;
}

interface Editor {
  productId: string;
  productName: string;
  baseUnit: string;
  batchNos: string[];
  batchNo: string;
  qty: string;
}

type Count = ActionOutput<'count.get'>;

/** Per page instance: the scans not yet answered, and what a code is known to be (for 按箱). */
const queues = new WeakMap<object, QueuedScan[]>();
const running = new WeakMap<object, Promise<boolean>>();
const productsOfCode = new WeakMap<object, Map<string, { productId: string; name: string; caseUnit: string | null }>>();

Component({
  behaviors: [scanLoop],
  data: {
    id: '',
    loading: true,
    loadError: '',
    role: '',
    count: null as null | Pick<Count, 'no' | 'warehouseName' | 'scopeText' | 'blind' | 'status' | 'statusLabel'>,
    counted: 0,
    toCount: 0,
    pct: 0,
    tab: 'lines' as 'lines' | 'uncounted',
    lines: [] as SessionLine[],
    linesHasMore: false,
    linesPage: 1,
    uncounted: [] as { productId: string; productName: string; baseUnit: string; bookText: string }[],
    uncountedPage: 0,
    uncountedHasMore: false,
    uncountedLoading: false,
    byCase: false,
    pending: 0,
    /** why queued scans wait (network), shown in the dock */
    blocked: '',
    error: '',
    batchAsk: null as BatchAsk | null,
    editor: null as Editor | null,
    submitting: false,
  },
  methods: {
    async onLoad(query: { id?: string }) {
      const id = decodeURIComponent(query.id ?? '');
      this.setData({ id });
      queues.set(this, []);
      productsOfCode.set(this, new Map());
      return this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const [count, lines, mine] = await Promise.all([countsService.get(this.data.id), countsService.lines(this.data.id, 'all', 1, 20), shopService.mine()]);
        this.setData({
          loading: false,
          role: mine.member?.role ?? '',
          count: { no: count.no, warehouseName: count.warehouseName, scopeText: count.scopeText, blind: count.blind, status: count.status, statusLabel: count.statusLabel },
          lines: lines.items.map(sessionLine),
          linesPage: 1,
          linesHasMore: lines.hasMore,
          uncountedPage: 0,
          uncounted: [],
          ...this.progress(count.counted, count.toCount),
        });
        wx.setNavigationBarTitle({ title: `盘点 ${count.no}` });
      } catch (e) {
        this.setData({ loading: false, loadError: errorMessage(e) });
      }
    },
    progress(counted: number, toCount: number) {
      return { counted, toCount, pct: toCount ? Math.min(100, Math.round((counted / toCount) * 100)) : 0 };
    },

    // ---- scanning: the scan-loop behavior calls addCode for each code
    onUnit(e: WechatMiniprogram.TouchEvent) {
      this.setData({ byCase: e.currentTarget.dataset.unit === 'case' });
    },
    /** true while scanning may go on (nothing waits for the user). */
    addCode(code: string): Promise<boolean> {
      return this.enqueue({ requestId: newRequestId(), barcode: code, byCase: this.data.byCase, mode: 'add', qty: 1 });
    },
    async enqueue(scan: QueuedScan): Promise<boolean> {
      const queue = queues.get(this)!;
      queue.push(scan);
      this.setData({ pending: queue.length, error: '' });
      let goOn = await this.drain();
      // queued just as a run was ending: send it now
      if (queue.includes(scan) && !this.data.batchAsk && !this.data.blocked) goOn = await this.drain();
      return goOn;
    },
    /** Sends the queued scans in order; one run at a time (a second caller waits for the same run). */
    drain(): Promise<boolean> {
      const current = running.get(this);
      if (current) return current;
      const run = this.sendAll().finally(() => running.delete(this));
      running.set(this, run);
      return run;
    },
    async sendAll(): Promise<boolean> {
      const queue = queues.get(this)!;
      let clean = true;
      this.setData({ looking: true, blocked: '' });
      while (queue.length && !this.data.batchAsk) {
        const scan = queue[0];
        try {
          const input = await this.inputOf(scan);
          const r = await countsService.scan(input);
          queue.shift();
          this.showScanned(r.line, r.counted, r.toCount, queue.length);
          wx.vibrateShort({ type: 'light' });
        } catch (e) {
          if (!(e instanceof ApiError) || e.code === 'E_INTERNAL') {
            // Not answered: the scan keeps its request id and waits; a retry cannot count it twice.
            this.setData({ looking: false, pending: queue.length, blocked: `${queue.length} 次录入还没上传：${errorMessage(e)}` });
            return false;
          }
          const d = e.details as { kind?: string; batches?: BatchAsk['batches']; batchNo?: string } | undefined;
          if (e.code === 'E_VALIDATION' && (d?.kind === 'batch_required' || d?.kind === 'expiry_required')) {
            // Refused, nothing counted: asked again with the batch, as a new request.
            const name = /「(.+?)」/.exec(e.message)?.[1] ?? '';
            const ask = { productName: name, batches: d.batches ?? [], needExpiry: d.kind === 'expiry_required', batchNo: d.batchNo ?? '', expiryDate: '' };
            this.setData({ looking: false, pending: queue.length, batchAsk: ask });
            return false;
          }
          queue.shift();
          clean = false;
          const message = e.code === 'E_NOT_FOUND' && scan.barcode ? `条码 ${scan.barcode} 没有对应的商品` : e.message;
          this.setData({ pending: queue.length, error: message });
        }
      }
      this.setData({ looking: false, pending: queue.length });
      return clean && queue.length === 0;
    },
    /** The scan as count.scan wants it; 按箱 looks the code's product up once to know its case unit. */
    async inputOf(scan: QueuedScan) {
      const base = { countId: this.data.id, requestId: scan.requestId, mode: scan.mode, qty: scan.qty, batchNo: scan.batchNo, expiryDate: scan.expiryDate };
      if (!scan.byCase || !scan.barcode) return { ...base, ...(scan.productId ? { productId: scan.productId } : { barcode: scan.barcode }) };
      const known = productsOfCode.get(this)!;
      let p = known.get(scan.barcode);
      if (!p) {
        const { product } = await lookupCode(scan.barcode);
        if (!product) throw new ApiError({ code: 'E_NOT_FOUND', message: `条码 ${scan.barcode} 没有对应的商品` });
        const caseUnit = product.purchaseUnit && product.purchaseUnit.factor > 1 ? product.purchaseUnit.name : null;
        p = { productId: product._id, name: product.name, caseUnit };
        known.set(scan.barcode, p);
      }
      if (!p.caseUnit) throw new ApiError({ code: 'E_VALIDATION', message: `「${p.name}」没有设置箱规，请按件盘` });
      return { ...base, productId: p.productId, unit: p.caseUnit };
    },
    showScanned(line: CountLineView, counted: number, toCount: number, pending: number) {
      const row = sessionLine(line);
      const i = this.data.lines.findIndex((l) => l.productId === row.productId);
      const patch: Record<string, unknown> = { pending, ...this.progress(counted, toCount) };
      if (i === 0) patch['lines[0]'] = row;
      else patch.lines = [row, ...this.data.lines.filter((l) => l.productId !== row.productId)];
      // counted now: no longer in the 未盘 list
      if (this.data.uncounted.some((u) => u.productId === row.productId)) patch.uncounted = this.data.uncounted.filter((u) => u.productId !== row.productId);
      this.setData(patch);
    },
    onRetryQueue() {
      return this.drain();
    },

    // ---- the batch of a batch-tracked product
    onPickBatch(e: WechatMiniprogram.TouchEvent) {
      this.answerBatch(e.currentTarget.dataset.batch as string, undefined);
    },
    onBatchNoInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'batchAsk.batchNo': String(e.detail).trim() });
    },
    onBatchExpiry(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'batchAsk.expiryDate': e.detail.value });
    },
    onNewBatch() {
      const ask = this.data.batchAsk!;
      if (!ask.batchNo) return this.setData({ error: '请填写批号' });
      if (ask.needExpiry && !ask.expiryDate) return this.setData({ error: '这个批号账上没有，请选择到期日' });
      return this.answerBatch(ask.batchNo, ask.expiryDate || undefined);
    },
    answerBatch(batchNo: string, expiryDate: string | undefined) {
      const queue = queues.get(this)!;
      if (queue[0]) queue[0] = { ...queue[0], requestId: newRequestId(), batchNo, expiryDate };
      this.setData({ batchAsk: null, error: '' });
      return this.drain();
    },
    onCancelBatch() {
      queues.get(this)!.shift();
      this.setData({ batchAsk: null, error: '这次录入已取消', pending: queues.get(this)!.length });
      return this.drain();
    },

    // ---- typing the number counted
    onTapLine(e: WechatMiniprogram.TouchEvent) {
      const line = this.data.lines.find((l) => l.productId === e.currentTarget.dataset.id);
      if (!line) return;
      this.setData({ editor: { productId: line.productId, productName: line.productName, baseUnit: line.baseUnit, batchNos: line.batchNos, batchNo: line.batchNos[0] ?? '', qty: line.batchTracked ? '' : String(line.countedQty) } });
    },
    onTapUncounted(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.uncounted.find((u) => u.productId === e.currentTarget.dataset.id);
      if (row) this.setData({ editor: { productId: row.productId, productName: row.productName, baseUnit: row.baseUnit, batchNos: [], batchNo: '', qty: '' } });
    },
    onEditorQty(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'editor.qty': String(e.detail) });
    },
    onEditorBatch(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'editor.batchNo': e.currentTarget.dataset.batch as string });
    },
    onCloseEditor() {
      this.setData({ editor: null });
    },
    onSaveEditor() {
      const ed = this.data.editor!;
      const qty = Number(ed.qty);
      if (ed.qty.trim() === '' || !Number.isInteger(qty) || qty < 0) return this.setData({ error: '请输入盘到的数量（0 或正整数）' });
      this.setData({ editor: null });
      return this.enqueue({ requestId: newRequestId(), productId: ed.productId, byCase: false, mode: 'set', qty, batchNo: ed.batchNo || undefined });
    },

    // ---- recent lines and 未盘
    async onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.tab as 'lines' | 'uncounted';
      this.setData({ tab });
      if (tab === 'uncounted') await this.loadUncounted(1);
    },
    async loadUncounted(page: number) {
      this.setData({ uncountedLoading: true, error: '' });
      try {
        const r = await countsService.uncounted(this.data.id, page, 20);
        const rows = r.items.map((u) => ({ productId: u.productId, productName: u.productName, baseUnit: u.baseUnit, bookText: typeof u.bookQty === 'number' ? `账面 ${u.bookQty}${u.baseUnit}` : '' }));
        this.setData({ uncountedLoading: false, uncountedPage: page, uncountedHasMore: r.hasMore, uncounted: page === 1 ? rows : [...this.data.uncounted, ...rows] });
      } catch (e) {
        this.setData({ uncountedLoading: false, error: errorMessage(e) });
      }
    },
    onMoreUncounted() {
      return this.loadUncounted(this.data.uncountedPage + 1);
    },
    async onMoreLines() {
      try {
        const page = this.data.linesPage + 1;
        const r = await countsService.lines(this.data.id, 'all', page, 20);
        const seen = new Set(this.data.lines.map((l) => l.productId));
        this.setData({ linesPage: page, linesHasMore: r.hasMore, lines: [...this.data.lines, ...r.items.map(sessionLine).filter((l) => !seen.has(l.productId))] });
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },

    // ---- 完成盘点
    async onSubmit() {
      if (this.data.submitting) return;
      if (this.data.pending > 0) return this.setData({ error: '还有录入没有上传，请先重试上传' });
      const left = this.data.toCount - this.data.counted;
      if (left > 0) {
        const res = await wx.showModal({ title: '完成盘点', content: `还有 ${left} 个商品没有盘，确定完成吗？审核时可以选择保持不变或按 0 计。`, confirmText: '完成' });
        if (!res.confirm) return;
      }
      this.setData({ submitting: true, error: '' });
      try {
        const count = await requestIdsOf(this).run('submit', (requestId) => countsService.step('submit', this.data.id, requestId));
        this.setData({ submitting: false, 'count.status': count.status, 'count.statusLabel': count.statusLabel });
        if (this.data.role === 'owner' || this.data.role === 'manager') wx.redirectTo({ url: countPageUrl('count-review', this.data.id) });
        else wx.showToast({ title: '已提交审核', icon: 'success' });
      } catch (e) {
        this.setData({ submitting: false, error: errorMessage(e) });
      }
    },
    onOpenReview() {
      wx.redirectTo({ url: countPageUrl('count-review', this.data.id) });
    },
  },
});
