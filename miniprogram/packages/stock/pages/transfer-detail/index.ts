// 调拨单详情: the route, each line with what left per batch (expiry; cost for owner/manager), what
// arrived and the difference, who did what when, and the buttons the server's `actions` allow. In
// transit, receiving is on this page: each line's stepper starts at what was shipped and may go
// down to what really arrived; the rest is reported as the line's difference.
import type { ActionOutput } from '../../../../../typings/api';
import { detailOf, documentDetail } from '../../../../behaviors/document-detail';
import { chinaTime } from '../../../../services/purchasing';
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
  behaviors: [documentDetail],
  data: {
    missingText: '没有指定调拨单',
    reloadOnShow: false,
    transfer: null as View['transfer'] | null,
    buttons: [] as View['buttons'],
    canReceive: false,
    receiving: [] as View['receiving'],
  },
  methods: {
    async fetchDetail(id: string) {
      return viewOf(await transfersService.get(id));
    },
    onReceiveQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const max = this.data.transfer?.lines[i]?.shippedBaseQty ?? 0;
      const qty = Math.min(max, Math.max(0, Math.floor(Number(e.detail) || 0)));
      this.setData({ [`receiving[${i}].qty`]: qty, stepError: '' });
    },
    async onButton(e: WechatMiniprogram.TouchEvent) {
      const button = BUTTONS.find((b) => b.action === e.currentTarget.dataset.action);
      if (!button || this.data.busy || !(await detailOf(this).confirmStep(button))) return;
      const done = await detailOf(this).runDocumentStep(button.action, (requestId) => transfersService.step(button.action, this.data.id, requestId), button.done);
      if (done.ok) await detailOf(this).load();
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
      const lines = this.data.receiving.map((r) => ({ lineId: r.lineId, receivedQty: r.qty }));
      const done = await detailOf(this).runDocumentStep('receive', (requestId) => transfersService.receive({ id: this.data.id, requestId, lines }), short.length ? { title: '已收货，有差异', icon: 'none' } : '已收货');
      if (done.ok) await detailOf(this).load();
    },
  },
});
