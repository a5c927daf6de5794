// The record of a wx.showModal call, shared by the page bridge (tests/helpers/miniprogram.ts) and the
// screenshot photographer, which must not load the bridge (it runs outside jest).
/** What a page asked wx.showModal to draw (its colours too: WeChat paints the buttons with them). */
export interface ModalRecord {
  title?: string;
  content?: string;
  showCancel?: boolean;
  confirmText?: string;
  cancelText?: string;
  confirmColor?: string;
  cancelColor?: string;
}

