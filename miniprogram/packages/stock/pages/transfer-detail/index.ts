// 调拨单详情: the route, each line with what left per batch (expiry; cost for owner/manager), what
// arrived and the difference, who did what when, and the buttons the server's `actions` allow. In
// transit, receiving is on this page: each line's stepper starts at what was shipped and may go
// down to what really arrived; the rest is reported as the line's difference.
import type { ActionOutput } from '../../../../../typings/api';
import { errorMessage } from '../../../../services/api';
import { chinaTime, requestIdsOf } from '../../../../services/purchasing';
import { TRANSFER_TAG, TransferStep, transfersService } from '../../../../services/transfers';

type Detail = ActionOutput<'transfer.get'>;

const BUTTONS: { action: TransferStep; label: string; type: string; confirm?: string; done: string }[] = [
  { action: 'cancel', label: '取消调拨', type: 'default', confirm: '取消后这张调拨单不再调拨，确定取消吗？', done: '已取消' },
  { action: 'ship', label: '发货', type: 'primary', confirm: '发货后货物离开调出仓库，在途直到收货，确定发货吗？', done: '已发货' },
  { action: 'post', label: '调拨', type: 'primary', confirm: '确定调拨吗？调出和调入同时记账。', done: '调拨完成' },
];

function viewOf(d: Detail) {
  const t = d.transfer;
  const seeCost = t.differenceCostFen !== undefined;
  return {
    transfer: {
      _id: t._id,
      no: t.no,
      status: t.status,
      statusLabel: t.statusLabel,
      tagType: TRANSFER_TAG[t.status] ?? 'default',
      route: `${t.fromWarehouseName} → ${t.toWarehouseName}`,
      modeLabel: t.modeLabel,
      note: t.note,
      createdAt: chinaTime(t.createdAt),
      showReceived: t.status === 'received' || t.status === 'completed',
      differenceCostFen: t.differenceCostFen ?? 0,
      seeCost,
      lines: t.lines.map((l) => ({
        lineId: l.lineId,
        productName: l.productName,
        baseUnit: l.baseUnit,
        qtyText: `${l.qty}${l.unit}`,
        shippedBaseQty: l.shippedBaseQty,
        receivedBaseQty: l.receivedBaseQty,
        differenceBaseQty: l.differenceBaseQty,
        batches: l.shipped.map((b, i) => ({
          key: `${i}`,
          text: [b.batchNo ? `批号 ${b.batchNo}` : '', b.expiryDate ? `到期 ${b.expiryDate}` : '', `${b.qty}${l.baseUnit}`, seeCost && b.unitCost ? `成本 ¥${(Number(b.unitCost) / 100).toFixed(2)}/${l.baseUnit}` : ''].filter(Boolean).join(' · '),
        })),
      })),
      history: t.history.map((h) => ({ key: h.requestId + h.action, label: h.label, by: h.by.name, at: chinaTime(h.at), note: h.note })),
    },
    buttons: BUTTONS.filter((b) => t.actions.includes(b.action)),
    canReceive: t.actions.includes('receive'),
    /** what arrived per line, preset to what was shipped */
    receiving: t.lines.map((l) => ({ lineId: l.lineId, qty: l.shippedBaseQty })),
  };
}

type View = ReturnType<typeof viewOf>;

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    stepError: '',
    busy: '',
    transfer: null as View['transfer'] | null,
    buttons: [] as View['buttons'],
    canReceive: false,
    receiving: [] as View['receiving'],
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '没有指定调拨单' });
        return;
      }
      this.setData({ loading: !this.data.transfer, error: '' });
      try {
        this.setData({ loading: false, ...viewOf(await transfersService.get(this.data.id)) });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onReceiveQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const max = this.data.transfer?.lines[i]?.shippedBaseQty ?? 0;
      const qty = Math.min(max, Math.max(0, Math.floor(Number(e.detail) || 0)));
      this.setData({ [`receiving[${i}].qty`]: qty, stepError: '' });
    },
    async onButton(e: WechatMiniprogram.TouchEvent) {
      const button = BUTTONS.find((b) => b.action === e.currentTarget.dataset.action);
      if (!button || this.data.busy) return;
      if (button.confirm) {
        const r = await wx.showModal({ title: button.label, content: button.confirm });
        if (!r.confirm) return;
      }
      this.setData({ busy: button.action, stepError: '' });
      try {
        await requestIdsOf(this).run(button.action, (requestId) => transfersService.step(button.action, this.data.id, requestId));
        this.setData({ busy: '' });
        wx.showToast({ title: button.done, icon: 'success' });
        await this.load();
      } catch (err) {
        this.setData({ busy: '', stepError: errorMessage(err) });
      }
    },
    async onReceive() {
      const t = this.data.transfer;
      if (!t || this.data.busy) return;
      const short = t.lines.filter((l, i) => this.data.receiving[i].qty < l.shippedBaseQty);
      if (short.length) {
        const text = short.map((l) => `${l.productName} 少 ${l.shippedBaseQty - this.data.receiving[t.lines.indexOf(l)].qty}${l.baseUnit}`).join('；');
        const r = await wx.showModal({ title: '确认收货', content: `${text}。少收的记为在途差异，确定吗？` });
        if (!r.confirm) return;
      }
      this.setData({ busy: 'receive', stepError: '' });
      try {
        const lines = this.data.receiving.map((r) => ({ lineId: r.lineId, receivedQty: r.qty }));
        await requestIdsOf(this).run('receive', (requestId) => transfersService.receive({ id: this.data.id, requestId, lines }));
        this.setData({ busy: '' });
        wx.showToast({ title: short.length ? '已收货，有差异' : '已收货', icon: short.length ? 'none' : 'success' });
        await this.load();
      } catch (err) {
        this.setData({ busy: '', stepError: errorMessage(err) });
      }
    },
  },
});
