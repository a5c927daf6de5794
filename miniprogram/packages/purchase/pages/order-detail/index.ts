// 采购单详情: lines with ordered and received, totals (never for clerks), receipts, who did what
// when, and exactly the buttons the server's `actions` allow; each step is its own request.
import type { ActionOutput } from '../../../../../typings/api';
import { detailOf, documentDetail } from '../../../../behaviors/document-detail';
import { chinaTime, OrderStep, purchasingService, STATUS_TAG } from '../../../../services/purchasing';

type Detail = ActionOutput<'purchase.get'>;

/** Buttons in the order a thumb expects them: the main step last (rightmost). */
const BUTTONS: { action: string; label: string; type: string; confirm?: string }[] = [
  { action: 'cancel', label: '取消订单', type: 'default', confirm: '取消后这张采购单不能再收货，确定取消吗？' },
  { action: 'close', label: '关闭', type: 'default', confirm: '关闭后剩下未到的货不再收，确定关闭吗？' },
  { action: 'reject', label: '退回', type: 'danger', confirm: '退回后采购单回到草稿，确定退回吗？' },
  { action: 'edit', label: '修改', type: 'default' },
  { action: 'submit', label: '提交', type: 'primary' },
  { action: 'approve', label: '审批通过', type: 'primary', confirm: '确定审批通过这张采购单吗？' },
  { action: 'receive', label: '收货', type: 'primary' },
];

const STEP_DONE: Record<OrderStep, string> = { submit: '已提交', approve: '已审批', reject: '已退回', cancel: '已取消', close: '已关闭' };

/** Receipts and returns as the page lists them: who, when, and each line with its unit and batch. */
function postingRows(postings: Detail['receipts'], canReturn: boolean) {
  return postings.map((r) => ({
    _id: r._id,
    typeLabel: r.typeLabel,
    at: chinaTime(r.createdAt),
    by: r.operator.name,
    lines: r.lines.map((l, i) => ({ key: `${i}`, text: `${l.productName} ${l.qty > 0 ? '+' : ''}${l.qty}${l.baseUnit}${l.batchNo ? `（批号 ${l.batchNo}）` : ''}` })),
    canReturn: canReturn && r.type === 'purchase_receipt',
  }));
}

function viewOf(d: Detail, canReturn: boolean) {
  const o = d.order;
  return {
    order: {
      _id: o._id,
      no: o.no,
      supplierId: o.supplierId,
      supplierName: o.supplierName,
      status: o.status,
      statusLabel: o.statusLabel,
      tagType: STATUS_TAG[o.status] ?? 'default',
      note: o.note,
      totalFen: o.totalFen,
      showPrices: o.totalFen !== undefined,
      createdAt: chinaTime(o.createdAt),
      lines: o.lines.map((l) => ({
        lineId: l.lineId,
        productName: l.productName,
        orderedText: `${l.qty}${l.unit}`,
        receivedQtyText: l.receivedQtyText,
        complete: l.receivedBaseQty >= l.baseQty,
        unitPriceFen: l.unitPriceFen,
        amountFen: l.amountFen,
        unit: l.unit,
        expectedDate: l.expectedDate,
      })),
      history: o.history.map((h) => ({ key: h.requestId + h.action, label: h.label, by: h.by.name, at: chinaTime(h.at), note: h.note })),
      /** the order as a message for the supplier's chat (no prices) */
      chatText: o.chatText,
      canSend: o.status !== 'cancelled' && o.status !== 'received' && o.status !== 'closed',
    },
    buttons: BUTTONS.filter((b) => o.actions.includes(b.action)),
    receipts: postingRows(d.receipts, canReturn),
    returns: postingRows(d.returns, false),
  };
}

Component({
  behaviors: [documentDetail],
  data: {
    missingText: '没有指定采购单',
    order: null as ReturnType<typeof viewOf>['order'] | null,
    buttons: [] as typeof BUTTONS,
    receipts: [] as ReturnType<typeof viewOf>['receipts'],
    returns: [] as ReturnType<typeof viewOf>['returns'],
  },
  methods: {
    async fetchDetail(id: string) {
      const d = await purchasingService.get(id);
      // Returns are for those who see prices (owner/manager), as the server's roles say.
      return viewOf(d, d.order.totalFen !== undefined);
    },
    async onButton(e: WechatMiniprogram.TouchEvent) {
      const action = e.currentTarget.dataset.action as string;
      const id = this.data.id;
      if (action === 'edit') return wx.navigateTo({ url: `/packages/purchase/pages/order-edit/index?id=${encodeURIComponent(id)}` });
      if (action === 'receive') return wx.navigateTo({ url: `/packages/purchase/pages/order-receive/index?id=${encodeURIComponent(id)}` });
      const button = BUTTONS.find((b) => b.action === action);
      if (!button || this.data.busy || !(await detailOf(this).confirmStep(button))) return;
      const step = action as OrderStep;
      const done = await detailOf(this).runDocumentStep(step, (requestId) => purchasingService.step(step, id, requestId), STEP_DONE[step]);
      if (done.ok) await detailOf(this).load(); // the answer has the order but not its receipts
    },
    /** 发给供应商: the order as text on the clipboard, to paste into the supplier's WeChat chat. */
    async onSendToSupplier() {
      const o = this.data.order;
      if (!o) return;
      await wx.setClipboardData({ data: o.chatText });
      wx.showToast({ title: '已复制，去微信粘贴给供应商', icon: 'none' });
    },
    /** The supplier's page is for those who see money (it shows what is owed). */
    onSupplier() {
      const o = this.data.order;
      if (o?.showPrices) wx.navigateTo({ url: `/packages/purchase/pages/supplier-detail/index?id=${encodeURIComponent(o.supplierId)}` });
    },
    onReturn(e: WechatMiniprogram.TouchEvent) {
      const receiptId = e.currentTarget.dataset.id as string;
      wx.navigateTo({ url: `/packages/purchase/pages/order-return/index?orderId=${encodeURIComponent(this.data.id)}&receiptId=${encodeURIComponent(receiptId)}` });
    },
  },
});
