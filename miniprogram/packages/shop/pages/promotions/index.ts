// 促销日 (owner): the shop's own promotion days (双11, 618, a one-off sale) that the nightly
// forecast treats as known days like 春节 — left out of the ordinary fit, their effect learned
// from the past ones and applied to the next. Each add or remove saves the whole list through
// shops.updateSettings, whose contract checks the dates (the error it answers is shown as is).
import type { Role } from '../../../../../typings/models';
import { errorMessage } from '../../../../services/api';
import { shopService } from '../../../../services/shop';

interface DayRow {
  /** as stored: 'MM-DD' every year, 'YYYY-MM-DD' once */
  day: string;
  label: string;
  repeat: boolean;
  /** a one-off day already past: still useful, the forecast learns its effect */
  past: boolean;
}

/** Today in China time, YYYY-MM-DD. */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function rowOf(day: string, today: string): DayRow {
  const repeat = day.length === 5;
  const [m, d] = (repeat ? day : day.slice(5)).split('-').map(Number);
  const label = `${repeat ? '每年 ' : `${day.slice(0, 4)}年`}${m}月${d}日`;
  return { day, label, repeat, past: !repeat && day < today };
}

/** Every year first (by month and day), then the one-off days by date. */
const ordered = (days: string[]) => [...days].sort((a, b) => (a.length - b.length) || a.localeCompare(b));

Component({
  data: {
    state: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    role: 'clerk' as Role,
    days: [] as string[],
    rows: [] as DayRow[],
    /** the date picked to add, YYYY-MM-DD */
    picked: '',
    repeat: true,
    /** what the choice means, e.g. 每年的 11-11 都是促销日 */
    repeatLabel: '',
    saving: false,
    saveError: '',
  },
  methods: {
    onLoad() {
      this.choose(chinaToday(), true);
      this.load();
    },
    async load() {
      try {
        const mine = await shopService.mine();
        if (!mine.shop || !mine.member) throw new Error('还没有加入店铺');
        this.show(mine.shop.settings.promotionDays ?? []);
        this.setData({ state: 'ready', error: '', role: mine.member.role });
      } catch (e) {
        this.setData({ state: 'error', error: errorMessage(e) });
      }
    },
    show(days: string[]) {
      const today = chinaToday();
      const sorted = ordered(days);
      this.setData({ days: sorted, rows: sorted.map((d) => rowOf(d, today)) });
    },
    choose(picked: string, repeat: boolean) {
      const repeatLabel = repeat ? `每年的 ${picked.slice(5)} 都是促销日` : `只有 ${picked} 这一天`;
      this.setData({ picked, repeat, repeatLabel, saveError: '' });
    },
    onPick(e: WechatMiniprogram.CustomEvent) {
      this.choose(String(e.detail.value), this.data.repeat);
    },
    onRepeat(e: WechatMiniprogram.CustomEvent) {
      this.choose(this.data.picked, Boolean(e.detail));
    },
    async onAdd() {
      const day = this.data.repeat ? this.data.picked.slice(5) : this.data.picked;
      if (this.data.days.includes(day)) {
        this.setData({ saveError: `${rowOf(day, chinaToday()).label}已经是促销日` });
        return;
      }
      await this.save([...this.data.days, day], '已添加');
    },
    async onRemove(e: WechatMiniprogram.TouchEvent) {
      const day = e.currentTarget.dataset.day as string;
      // Removing a day changes the nightly forecast from then on: asked first, as every removal is.
      const label = rowOf(day, chinaToday()).label;
      const answer = await wx.showModal({ title: '删除促销日', content: `删除「${label}」后，每晚的预测会把这一天当作平常日子。确定删除吗？`, confirmText: '删除', confirmColor: '#ee0a24' });
      if (!answer.confirm) return;
      await this.save(this.data.days.filter((d) => d !== day), '已删除');
    },
    async save(days: string[], done: string) {
      if (this.data.saving) return;
      this.setData({ saving: true, saveError: '' });
      try {
        const mine = await shopService.updateSettings({ promotionDays: days });
        this.show(mine.shop?.settings.promotionDays ?? []);
        this.setData({ saving: false });
        wx.showToast({ title: done, icon: 'success' });
      } catch (err) {
        // The list on screen stays what is saved.
        this.setData({ saving: false, saveError: errorMessage(err) });
      }
    },
  },
});
