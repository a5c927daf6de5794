// 盘点审核 and the count's record: what differs (book → counted, the difference and its value at
// moving-average cost for owner/manager), a reason per line, what was not counted and whether it
// stays as it is or counts as 0; then 过账 (one count adjustment; a posting cut short shows 继续过账,
// which calls count.post again and never posts a part twice), 继续盘点 or 作废. A posted count shows
// the same lines read-only with its postings and who did what. Clerks see what the count lets them:
// nothing of the book in a blind count.
import type { ActionOutput } from '../../../../../typings/api';
import type { CountLineView } from '../../../../../typings/api/counts';
import type { AdjustmentReason } from '../../../../../typings/models';
import { errorMessage } from '../../../../services/api';
import { COUNT_REASONS, COUNT_STATUS_TAG, countPageUrl, countsService } from '../../../../services/counts';
import { chinaTime, requestIdsOf } from '../../../../services/purchasing';
import { stockService } from '../../../../services/stock';

type Count = ActionOutput<'count.get'>;

interface DiffRow {
  productId: string;
  productName: string;
  baseUnit: string;
  bookQty: number;
  countedQty: number;
  diffText: string;
  gain: boolean;
  diffFen: number | null;
  batchText: string;
  reasonLabel: string;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
/** the postings listed with a count (a count of 2,000 products posts in 20 parts) */
const POSTINGS_SHOWN = 10;

function diffRow(l: CountLineView): DiffRow {
  const diff = l.diffQty ?? 0;
  return {
    productId: l.productId,
    productName: l.productName,
    baseUnit: l.baseUnit,
    bookQty: l.bookQty ?? 0,
    countedQty: l.countedQty,
    diffText: `${signed(diff)}${l.baseUnit}`,
    gain: diff > 0,
    diffFen: typeof l.diffFen === 'number' ? l.diffFen : null,
    batchText: l.batches
      .filter((b) => b.diffQty !== 0)
      .map((b) => `${b.batchNo} ${b.bookQty ?? 0}→${b.countedQty}`)
      .join(' · '),
    reasonLabel: l.reasonLabel,
  };
}

Component({
  data: {
    id: '',
    loading: true,
    loadError: '',
    count: null as null | (Omit<Count, 'history'> & { tagType: string; history: { key: string; label: string; by: string; at: string }[] }),
    can: {} as Record<string, boolean>,
    diffs: [] as DiffRow[],
    diffPage: 1,
    diffHasMore: false,
    uncounted: [] as { productId: string; productName: string; bookText: string }[],
    uncountedPage: 1,
    uncountedHasMore: false,
    uncountedChoice: 'keep' as 'keep' | 'zero',
    postings: [] as { id: string; title: string; lines: string[] }[],
    reasons: [...COUNT_REASONS.map((r) => ({ name: r.name, reason: r.reason as AdjustmentReason | null })), { name: '不填原因', reason: null }],
    reasonFor: '',
    busy: '',
    error: '',
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: decodeURIComponent(query.id ?? '') });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '', error: '' });
      try {
        const count = await countsService.get(this.data.id);
        // The differences exist for this user only when the count's answer carries its summary.
        const [diffs, uncounted, postings] = await Promise.all([
          count.summary ? countsService.lines(this.data.id, 'diff', 1, 20) : null,
          count.status === 'review' ? countsService.uncounted(this.data.id, 1, 20) : null,
          Promise.all(count.postingIds.slice(0, POSTINGS_SHOWN).map((p) => stockService.posting(p))),
        ]);
        this.setData({
          loading: false,
          ...this.countData(count),
          diffs: diffs ? diffs.items.map(diffRow) : [],
          diffPage: 1,
          diffHasMore: diffs?.hasMore ?? false,
          uncounted: uncounted ? uncounted.items.map((u) => ({ productId: u.productId, productName: u.productName, bookText: typeof u.bookQty === 'number' ? `账面 ${u.bookQty}${u.baseUnit}` : '' })) : [],
          uncountedPage: 1,
          uncountedHasMore: uncounted?.hasMore ?? false,
          postings: postings.map((p, i) => ({
            id: p._id,
            title: `${p.typeLabel}${count.parts > 1 ? `（第 ${i + 1}/${count.parts} 部分）` : ''} · ${chinaTime(p.createdAt)}`,
            lines: p.lines.map((l) => `${l.productName}${l.batchNo ? `（${l.batchNo}）` : ''} ${signed(l.qty)}${l.baseUnit}，结存 ${l.qtyAfter}${l.baseUnit}`),
          })),
        });
        wx.setNavigationBarTitle({ title: count.status === 'review' || count.status === 'posting' ? '盘点审核' : `盘点 ${count.no}` });
      } catch (e) {
        this.setData({ loading: false, loadError: errorMessage(e) });
      }
    },
    countData(count: Count) {
      const can: Record<string, boolean> = {};
      for (const a of count.actions) can[a] = true;
      const history = count.history.map((h, i) => ({ key: `${i}`, label: h.label, by: h.by.name, at: chinaTime(h.at) }));
      return { count: { ...count, tagType: COUNT_STATUS_TAG[count.status] ?? 'default', history }, can };
    },
    async onMoreDiffs() {
      try {
        const page = this.data.diffPage + 1;
        const r = await countsService.lines(this.data.id, 'diff', page, 20);
        this.setData({ diffPage: page, diffHasMore: r.hasMore, diffs: [...this.data.diffs, ...r.items.map(diffRow)] });
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },
    async onMoreUncounted() {
      try {
        const page = this.data.uncountedPage + 1;
        const r = await countsService.uncounted(this.data.id, page, 20);
        const rows = r.items.map((u) => ({ productId: u.productId, productName: u.productName, bookText: typeof u.bookQty === 'number' ? `账面 ${u.bookQty}${u.baseUnit}` : '' }));
        this.setData({ uncountedPage: page, uncountedHasMore: r.hasMore, uncounted: [...this.data.uncounted, ...rows] });
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },

    // ---- a reason per line
    onTapDiff(e: WechatMiniprogram.TouchEvent) {
      if (this.data.count?.status === 'review' && this.data.can.post) this.setData({ reasonFor: e.currentTarget.dataset.id as string });
    },
    onCloseReasons() {
      this.setData({ reasonFor: '' });
    },
    async onReason(e: WechatMiniprogram.CustomEvent<{ reason: AdjustmentReason | null }>) {
      const productId = this.data.reasonFor;
      this.setData({ reasonFor: '', error: '' });
      try {
        const line = await countsService.reason(this.data.id, productId, e.detail.reason);
        const i = this.data.diffs.findIndex((d) => d.productId === productId);
        if (i >= 0) this.setData({ [`diffs[${i}].reasonLabel`]: line.reasonLabel });
      } catch (err) {
        this.setData({ error: errorMessage(err) });
      }
    },

    // ---- uncounted: kept or counted as 0
    onUncountedChoice(e: WechatMiniprogram.TouchEvent) {
      this.setData({ uncountedChoice: e.currentTarget.dataset.choice as 'keep' | 'zero' });
    },

    // ---- steps
    async onPost() {
      const count = this.data.count!;
      if (count.status === 'review') {
        const zero = this.data.uncountedChoice === 'zero' && count.toCount > count.counted;
        const s = count.summary;
        const content = `差异 ${s?.diffLines ?? 0} 行将记为盘点调整${zero ? `，${count.toCount - count.counted} 个未盘商品按 0 计` : ''}。过账后不能撤回。`;
        const res = await wx.showModal({ title: '确认过账', content, confirmText: '过账' });
        if (!res.confirm) return;
      }
      // One call posts the parts its time budget allows and answers 过账中: call again until posted
      // (parts already posted are never posted twice). Cut short by the network, 继续过账 resumes.
      return this.step(
        'post',
        async () => {
          const post = () => requestIdsOf(this).run('post', (requestId) => countsService.post(this.data.id, requestId, this.data.uncountedChoice));
          let count = await post();
          while (count.status === 'posting') count = await post();
          return count;
        },
        '已过账',
      );
    },
    onReopen() {
      return this.step('reopen', () => requestIdsOf(this).run('reopen', (requestId) => countsService.step('reopen', this.data.id, requestId)), '');
    },
    async onCancel() {
      const res = await wx.showModal({ title: '作废盘点单', content: '作废后这次盘点的结果不再使用，库存不变。', confirmText: '作废' });
      if (!res.confirm) return;
      return this.step('cancel', () => requestIdsOf(this).run('cancel', (requestId) => countsService.step('cancel', this.data.id, requestId)), '已作废');
    },
    async step(name: string, run: () => Promise<Count>, toast: string) {
      if (this.data.busy) return;
      this.setData({ busy: name, error: '' });
      try {
        const count = await run();
        this.setData({ busy: '' });
        if (count.status === 'counting') {
          wx.redirectTo({ url: countPageUrl('count-session', this.data.id) });
          return;
        }
        if (toast && count.status !== 'posting') wx.showToast({ title: toast, icon: 'success' });
        await this.load();
      } catch (e) {
        const error = errorMessage(e);
        // a posting cut short (network) may have left the count 过账中: shown with 继续过账
        if (name === 'post') await this.load();
        this.setData({ busy: '', error });
      }
    },
  },
});
