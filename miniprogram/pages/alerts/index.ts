// 预警: last night's alerts grouped by kind (open first) with the product's numbers and 8 weeks of
// sales + the forecast, a few per kind first and more as the user scrolls (appended with path
// updates, so no setData carries the whole list); the purchase suggestions by supplier, copied as
// an order text for the supplier chat; "recompute now"; the owner subscribes to the nightly digest
// from here when the deployment has a digest template.
import type { AlertGroup, RunSummary, SuggestionGroup } from '../../../typings/api/replenishment';
import type { Role } from '../../../typings/models';
import { errorMessage } from '../../services/api';
import { openProducts, productsService } from '../../services/products';
import { purchasingService, requestIdsOf } from '../../services/purchasing';
import { replenishmentService } from '../../services/replenishment';
import { shopService } from '../../services/shop';

type Tab = 'alerts' | 'suggestions';

/** A recompute runs in steps of ~10 s; a micro-shop needs one, a big catalogue a few. */
const MAX_RECOMPUTE_CALLS = 12;

Component({
  data: {
    state: 'loading' as 'loading' | 'ready' | 'error' | 'noShop',
    error: '',
    tab: 'alerts' as Tab,
    role: 'clerk' as Role,
    groups: [] as AlertGroup[],
    counts: { open: 0, acknowledged: 0 },
    loadingMore: false,
    lowCount: 0,
    /** some group has more alerts to load */
    moreLeft: false,
    lastRun: null as RunSummary | null,
    digest: { templateId: '', credits: 0, isOwner: false },
    suggestions: [] as SuggestionGroup[],
    suggestionsState: 'idle' as 'idle' | 'loading' | 'ready' | 'error',
    /** the supplier whose suggestions are being turned into an order */
    makingOrder: '',
    suggestionsError: '',
    busy: false,
    recomputing: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    onShow() {
      if (this.data.state === 'ready') this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      try {
        const mine = await shopService.mine();
        if (!mine.member) {
          this.setData({ state: 'noShop' });
          return;
        }
        // The live low-stock count (minimum stock), the same the home page shows, next to last night's alerts.
        const [list, low] = await Promise.all([replenishmentService.alerts(), productsService.lowCount()]);
        this.setData({ state: 'ready', error: '', role: mine.member.role, lowCount: low.count, groups: list.groups, counts: list.counts, lastRun: list.lastRun, digest: list.digest, moreLeft: list.groups.some((g) => g.hasMore) });
        if (this.data.tab === 'suggestions') await this.loadSuggestions();
      } catch (e) {
        this.setData({ state: 'error', error: errorMessage(e) });
      }
    },
    onReachBottom() {
      if (this.data.tab === 'alerts') this.loadMore();
    },
    /** The next alerts of the first group that has more, appended item by item (path updates). */
    async loadMore() {
      const gi = this.data.groups.findIndex((g) => g.hasMore && g.next);
      if (gi < 0 || this.data.loadingMore) return;
      const group = this.data.groups[gi];
      const after = group.next!;
      this.setData({ loadingMore: true });
      try {
        const r = await replenishmentService.moreAlerts(group.kind, after);
        const more = r.groups[0];
        const patch: Record<string, unknown> = { loadingMore: false, counts: r.counts };
        if (!more) patch[`groups[${gi}].hasMore`] = false;
        else {
          // An alert acknowledged meanwhile moves down its kind (past the cursor) and may come again: keep it once.
          const have = new Set(group.items.map((a) => a._id));
          more.items.filter((a) => !have.has(a._id)).forEach((item, k) => (patch[`groups[${gi}].items[${group.items.length + k}]`] = item));
          patch[`groups[${gi}].next`] = more.next;
          patch[`groups[${gi}].hasMore`] = more.hasMore && more.items.length > 0;
          patch[`groups[${gi}].count`] = more.count;
        }
        const hasMore = (g: AlertGroup, i: number) => (i === gi ? Boolean(patch[`groups[${gi}].hasMore`]) : g.hasMore);
        patch.moreLeft = this.data.groups.some(hasMore);
        this.setData(patch);
      } catch (e) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    async loadSuggestions() {
      this.setData({ suggestionsState: 'loading', suggestionsError: '' });
      try {
        const r = await replenishmentService.suggestions();
        this.setData({ suggestions: r.groups, suggestionsState: 'ready' });
      } catch (e) {
        this.setData({ suggestionsState: 'error', suggestionsError: errorMessage(e) });
      }
    },
    onTab(e: WechatMiniprogram.CustomEvent) {
      const tab = e.currentTarget.dataset.tab as Tab;
      this.setData({ tab });
      if (tab === 'suggestions' && this.data.suggestionsState !== 'ready') this.loadSuggestions();
    },
    async onAcknowledge(e: WechatMiniprogram.CustomEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        const r = await replenishmentService.acknowledge([id]);
        // Update the one alert in place: the loaded pages and the scroll place stay.
        const patch: Record<string, unknown> = { busy: false };
        this.data.groups.forEach((g, gi) =>
          g.items.forEach((a, ai) => {
            if (a._id === id) patch[`groups[${gi}].items[${ai}].status`] = 'acknowledged';
          }),
        );
        if (r.acknowledged) patch.counts = { open: this.data.counts.open - r.acknowledged, acknowledged: this.data.counts.acknowledged + r.acknowledged };
        this.setData(patch);
      } catch (e) {
        this.setData({ busy: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    async onRecompute() {
      if (this.data.recomputing) return;
      this.setData({ recomputing: true });
      try {
        let run: RunSummary | null = null;
        for (let i = 0; i < MAX_RECOMPUTE_CALLS && !run?.done; i++) run = await replenishmentService.recompute();
        this.setData({ recomputing: false });
        wx.showToast({ title: run?.done ? '已重新计算' : '仍在计算，请稍后刷新', icon: run?.done ? 'success' : 'none' });
        this.setData({ suggestionsState: 'idle' });
        await this.load();
      } catch (e) {
        this.setData({ recomputing: false });
        wx.showToast({ title: errorMessage(e), icon: 'none' });
      }
    },
    /** Must run in the tap itself: WeChat only shows the subscription dialog for a user gesture. */
    onSubscribe() {
      const templateId = this.data.digest.templateId;
      if (!templateId) return;
      wx.requestSubscribeMessage({
        tmplIds: [templateId],
        success: async (res) => {
          const accepted = (res as unknown as Record<string, string>)[templateId] === 'accept';
          try {
            const r = await replenishmentService.subscribe(templateId, accepted);
            this.setData({ 'digest.credits': r.credits });
            wx.showToast({ title: accepted ? '已订阅，有新预警时通知你' : '未订阅提醒', icon: 'none' });
          } catch (e) {
            wx.showToast({ title: errorMessage(e), icon: 'none' });
          }
        },
        fail: (err) => {
          // 20004: the user turned subscription messages off in settings.
          wx.showToast({ title: err.errCode === 20004 ? '请先在设置中打开订阅消息' : '订阅失败，请稍后再试', icon: 'none' });
        },
      });
    },
    onCopyOrder(e: WechatMiniprogram.CustomEvent) {
      const group = this.data.suggestions[Number(e.currentTarget.dataset.index)];
      if (!group) return;
      wx.setClipboardData({ data: group.orderText, success: () => wx.showToast({ title: '订货单已复制，可粘贴给供应商', icon: 'none' }) });
    },
    /** 生成采购单: the supplier's suggestions become one draft order (one tap), opened for review. */
    async onMakeOrder(e: WechatMiniprogram.CustomEvent) {
      const group = this.data.suggestions[Number(e.currentTarget.dataset.index)];
      if (!group || this.data.makingOrder) return;
      this.setData({ makingOrder: group.supplierId });
      try {
        const made = await requestIdsOf(this).run(`order-${group.supplierId}`, (requestId) =>
          purchasingService.fromSuggestions({ requestId, productIds: group.items.map((i) => i.productId) }),
        );
        this.setData({ makingOrder: '' });
        const order = made.orders[0];
        if (order) wx.navigateTo({ url: `/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(order._id)}` });
      } catch (err) {
        this.setData({ makingOrder: '' });
        wx.showToast({ title: errorMessage(err), icon: 'none' });
      }
    },
    /** Suggestions without a supplier: the orders page picks one for each when generating. */
    goOrders() {
      wx.navigateTo({ url: '/packages/purchase/pages/orders/index' });
    },
    onOpenProduct(e: WechatMiniprogram.CustomEvent) {
      wx.navigateTo({ url: `/packages/catalog/pages/detail/index?id=${e.currentTarget.dataset.id as string}` });
    },
    goLow() {
      openProducts({ lowOnly: true });
    },
    /** The expiring alerts are per product; the batches, their warehouses and value are on 临期批次. */
    goExpiring() {
      wx.navigateTo({ url: '/packages/stock/pages/expiring/index' });
    },
    goHome() {
      wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
