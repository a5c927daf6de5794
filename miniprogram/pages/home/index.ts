// 首页: first run (open a shop, or join one with an invite code — a shared invite opens this page
// with ?invite=CODE), then the day's shortcuts and how many products are running low.
import type { MineView } from '../../../typings/api/shops';
import { errorMessage } from '../../services/api';
import { shopService } from '../../services/shop';
import { replenishmentService } from '../../services/replenishment';
import { openProducts, productsService } from '../../services/products';

Component({
  data: {
    state: 'loading' as 'loading' | 'noShop' | 'disabled' | 'ready' | 'error',
    error: '',
    mine: null as MineView | null,
    lowCount: 0,
    openAlerts: 0,
    shopName: '',
    ownerName: '',
    inviteCode: '',
    inviteName: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (query.invite) this.setData({ inviteCode: decodeURIComponent(query.invite) });
      this.load();
    },
    onShow() {
      if (this.data.state === 'ready') this.load();
    },
    async load() {
      try {
        const mine = await shopService.mine();
        if (mine.disabled) {
          // A member the owner disabled: say so, not "join a shop" (they cannot open or join another).
          this.setData({ state: 'disabled', mine });
          return;
        }
        if (!mine.shop) {
          this.setData({ state: 'noShop', mine });
          return;
        }
        const [low, alerts] = await Promise.all([productsService.lowCount(), replenishmentService.counts()]);
        this.setData({ state: 'ready', mine, lowCount: low.count, openAlerts: alerts.open, error: '' });
      } catch (e) {
        this.setData({ state: 'error', error: errorMessage(e) });
      }
    },
    onInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [e.currentTarget.dataset.field as string]: String(e.detail), error: '' });
    },
    async onCreateShop() {
      if (this.data.busy) return;
      if (!this.data.shopName.trim()) {
        this.setData({ error: '请填写店铺名称' });
        return;
      }
      this.setData({ busy: true });
      try {
        await shopService.create({ name: this.data.shopName.trim(), ownerName: this.data.ownerName.trim() || '店主' });
        this.setData({ busy: false });
        await this.load();
      } catch (e) {
        this.setData({ busy: false, error: errorMessage(e) });
      }
    },
    async onJoin() {
      if (this.data.busy) return;
      this.setData({ busy: true });
      try {
        await shopService.join(this.data.inviteCode.trim(), this.data.inviteName.trim() || '店员');
        this.setData({ busy: false });
        await this.load();
      } catch (e) {
        this.setData({ busy: false, error: errorMessage(e) });
      }
    },
    goSell() {
      wx.switchTab({ url: '/pages/sell/index' });
    },
    goReceive() {
      wx.navigateTo({ url: '/packages/purchase/pages/receive/index' });
    },
    goSalesOrders() {
      wx.navigateTo({ url: '/packages/sales/pages/orders/index' });
    },
    goOrders() {
      wx.navigateTo({ url: '/packages/purchase/pages/orders/index' });
    },
    goProducts() {
      wx.switchTab({ url: '/pages/products/index' });
    },
    goLow() {
      openProducts({ lowOnly: true });
    },
    goAlerts() {
      wx.switchTab({ url: '/pages/alerts/index' });
    },
  },
});
