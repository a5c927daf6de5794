// 仓库: the shop's warehouses. Owners and managers add one, rename one, archive one that holds no
// stock (the server refuses otherwise and says what is left) and bring an archived one back; the
// default warehouse is never archived. Documents (开单, 入库) offer the active ones when there are
// two or more.
import type { Warehouse } from '../../../../../typings/models';
import { errorMessage } from '../../../../services/api';
import { shopService } from '../../../../services/shop';
import { markWarehousesChanged, warehouseService } from '../../../../services/warehouses';

Component({
  data: {
    loading: true,
    /** the shop could not be loaded */
    error: '',
    /** a save the server refused (archive with stock, a duplicate name) */
    actionError: '',
    noShop: false,
    canManage: false,
    active: [] as Warehouse[],
    archived: [] as Warehouse[],
    /** the warehouse being saved ('new' while adding one) */
    saving: '',
  },
  methods: {
    onLoad() {
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '', actionError: '' });
      try {
        const mine = await shopService.mine();
        const role = mine.member?.role;
        this.setData({ loading: false, noShop: !mine.shop, canManage: role === 'owner' || role === 'manager' });
        this.show(mine.shop?.warehouses ?? []);
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    show(all: Warehouse[]) {
      this.setData({ active: all.filter((w) => !w.archived), archived: all.filter((w) => w.archived) });
    },
    find(id: string): Warehouse | undefined {
      return [...this.data.active, ...this.data.archived].find((w) => w.id === id);
    },
    onBalances() {
      wx.navigateTo({ url: '/packages/stock/pages/balances/index' });
    },
    async onCreate() {
      const res = await wx.showModal({ title: '新建仓库', editable: true, placeholderText: '仓库名称，如：后仓', confirmText: '新建' });
      const name = (res.content ?? '').trim();
      if (!res.confirm || !name) return;
      await this.save('new', { name });
    },
    async onRename(e: WechatMiniprogram.TouchEvent) {
      const w = this.find(e.currentTarget.dataset.id as string);
      if (!w) return;
      const res = await wx.showModal({ title: '仓库改名', editable: true, content: w.name, placeholderText: '新的仓库名称', confirmText: '保存' });
      const name = (res.content ?? '').trim();
      if (!res.confirm || !name || name === w.name) return;
      await this.save(w.id, { id: w.id, name, archived: w.archived });
    },
    async onArchive(e: WechatMiniprogram.TouchEvent) {
      const w = this.find(e.currentTarget.dataset.id as string);
      if (!w) return;
      const res = await wx.showModal({ title: `停用「${w.name}」？`, content: '停用后开单和入库不能再选它，需要时可以恢复。仓库里还有库存时不能停用。', confirmText: '停用' });
      if (!res.confirm) return;
      await this.save(w.id, { id: w.id, name: w.name, archived: true });
    },
    async onRestore(e: WechatMiniprogram.TouchEvent) {
      const w = this.find(e.currentTarget.dataset.id as string);
      if (w) await this.save(w.id, { id: w.id, name: w.name, archived: false });
    },
    /** One save; the answer replaces (or adds) that warehouse in the list, with no reload. */
    async save(key: string, input: { id?: string; name: string; archived?: boolean }) {
      if (this.data.saving) return;
      this.setData({ saving: key, actionError: '' });
      try {
        const saved = await warehouseService.save(input);
        const all = [...this.data.active, ...this.data.archived];
        const i = all.findIndex((w) => w.id === saved.id);
        if (i >= 0) all[i] = saved;
        else all.push(saved);
        this.setData({ saving: '' });
        this.show(all);
        markWarehousesChanged();
        wx.showToast({ title: input.id ? (input.archived ? '已停用' : '已保存') : '已新建', icon: 'success' });
      } catch (e) {
        this.setData({ saving: '', actionError: errorMessage(e) });
      }
    },
  },
});
