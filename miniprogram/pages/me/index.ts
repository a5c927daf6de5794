// 我的: who I am in which shop; the owner invites staff (the code is shared as a card that opens
// the home page with it filled in, or copied) and sets the alert rules and the clerks' discount
// limit from here; owners and managers open 仓库, everyone opens 库存.
import type { MineView } from '../../../typings/api/shops';
import type { Role } from '../../../typings/models';
import { call, errorMessage } from '../../services/api';
import { settingsVersion, shopService } from '../../services/shop';
import { warehousesVersion } from '../../services/warehouses';
import { fenToYuan, yuanToFen } from '../../utils/money';

const ROLE_LABELS: Record<Role, string> = { owner: '店主', manager: '店长', clerk: '店员' };

Component({
  data: {
    loading: true,
    error: '',
    mine: null as MineView | null,
    roleLabel: '',
    /** active warehouses (owner/manager open the 仓库 page from here) */
    warehouseCount: 0,
    warehousesSeen: 0,
    invite: null as { code: string; roleLabel: string; expiresAt: string } | null,
    inviting: false,
    /** the owner's alert settings as typed (text until saved) */
    settings: { expiryWindowDays: '', deadStockDays: '', overStockDays: '', orderCostYuan: '', clerkDiscountLimitPct: '' },
    settingsError: '',
    /** how many promotion days the shop has (edited on 促销日) */
    promotionCount: 0,
    settingsSeen: 0,
    savingSettings: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    /** Back from 仓库 or 促销日 (我的 is a tab page and stays open): the counts follow. */
    onShow() {
      if (!this.data.loading && (warehousesVersion() !== this.data.warehousesSeen || settingsVersion() !== this.data.settingsSeen)) this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', warehousesSeen: warehousesVersion(), settingsSeen: settingsVersion() });
      try {
        const mine = await shopService.mine();
        const warehouseCount = (mine.shop?.warehouses ?? []).filter((w) => !w.archived).length;
        this.setData({ loading: false, mine, roleLabel: mine.member ? ROLE_LABELS[mine.member.role] : '', warehouseCount });
        if (mine.shop) this.showSettings(mine);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onAudit() {
      wx.navigateTo({ url: '/packages/shop/pages/audit/index' });
    },
    onData() {
      wx.navigateTo({ url: '/packages/shop/pages/data/index' });
    },
    onWarehouses() {
      wx.navigateTo({ url: '/packages/stock/pages/warehouses/index' });
    },
    onSalesOrders() {
      wx.navigateTo({ url: '/packages/sales/pages/orders/index' });
    },
    onQuickSales() {
      wx.navigateTo({ url: '/packages/sales/pages/sales/index' });
    },
    onBalances() {
      wx.navigateTo({ url: '/packages/stock/pages/balances/index' });
    },
    onCounts() {
      wx.navigateTo({ url: '/packages/stock/pages/counts/index' });
    },
    onCustomers() {
      wx.navigateTo({ url: '/packages/sales/pages/customers/index' });
    },
    onReceivables() {
      wx.navigateTo({ url: '/packages/sales/pages/receivables/index' });
    },
    onPromotions() {
      wx.navigateTo({ url: '/packages/shop/pages/promotions/index' });
    },
    onTransfers() {
      wx.navigateTo({ url: '/packages/stock/pages/transfers/index' });
    },
    showSettings(mine: MineView) {
      const st = mine.shop!.settings;
      this.setData({
        promotionCount: (st.promotionDays ?? []).length,
        settings: {
          expiryWindowDays: String(st.expiryWindowDays),
          deadStockDays: String(st.deadStockDays),
          overStockDays: String(st.overStockDays),
          orderCostYuan: fenToYuan(st.orderCostFen),
          clerkDiscountLimitPct: String(st.clerkDiscountLimitPct),
        },
      });
    },
    onSettingInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [`settings.${e.currentTarget.dataset.field as string}`]: String(e.detail), settingsError: '' });
    },
    async onSaveSettings() {
      if (this.data.savingSettings) return;
      const s = this.data.settings;
      const days = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
      const orderCostFen = yuanToFen(s.orderCostYuan);
      const input = { expiryWindowDays: days(s.expiryWindowDays), deadStockDays: days(s.deadStockDays), overStockDays: days(s.overStockDays), clerkDiscountLimitPct: days(s.clerkDiscountLimitPct) };
      if (Object.values(input).some(Number.isNaN) || orderCostFen === null) {
        this.setData({ settingsError: '天数和折扣请填整数，下单成本请填金额' });
        return;
      }
      this.setData({ savingSettings: true });
      try {
        const mine = await shopService.updateSettings({ ...input, orderCostFen });
        this.setData({ savingSettings: false, mine });
        this.showSettings(mine);
        wx.showToast({ title: '已保存', icon: 'success' });
      } catch (err) {
        this.setData({ savingSettings: false, settingsError: errorMessage(err) });
      }
    },
    /** The share button (open-type=share) sends a card that opens 首页 with the code filled in. */
    onShareAppMessage() {
      const invite = this.data.invite;
      if (!invite) return { title: '小店进销存', path: '/pages/home/index' };
      return {
        title: `邀请你加入「${this.data.mine?.shop?.name ?? ''}」做${invite.roleLabel}`,
        path: `/pages/home/index?invite=${encodeURIComponent(invite.code)}`,
      };
    },
    onCopyInvite() {
      const invite = this.data.invite;
      if (!invite) return;
      wx.setClipboardData({ data: invite.code, success: () => wx.showToast({ title: '邀请码已复制', icon: 'none' }) });
    },
    async onInvite(e: WechatMiniprogram.TouchEvent) {
      if (this.data.inviting) return;
      const role = e.currentTarget.dataset.role as 'manager' | 'clerk';
      this.setData({ inviting: true });
      try {
        const r = await call('invites.create', { role, expiresInHours: 72 });
        this.setData({ inviting: false, invite: { code: r.code, roleLabel: ROLE_LABELS[r.role], expiresAt: r.expiresAt.slice(0, 10) } });
      } catch (err) {
        this.setData({ inviting: false, error: errorMessage(err) });
      }
    },
  },
});
