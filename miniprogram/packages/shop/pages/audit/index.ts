// 操作记录 (owner only): who changed what, when — prices, products, settings, members,
// warehouses, document steps and overrides — newest first, by kind, paged.
import type { ActionOutput } from '../../../../../typings/api';
import { listFilters, pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { changeText } from './format';

type Kind = 'all' | 'product' | 'document' | 'override' | 'settings' | 'member' | 'warehouse';
type Entry = ActionOutput<'audit.list'>['items'][number];

const TABS: { key: Kind; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'product', label: '商品' },
  { key: 'document', label: '单据' },
  { key: 'override', label: '特批' },
  { key: 'settings', label: '设置' },
  { key: 'member', label: '店员' },
  { key: 'warehouse', label: '仓库' },
];
const ROLE: Record<string, string> = { owner: '店主', manager: '店长', clerk: '店员' };

/** MM-DD HH:mm in China time. */
function timeText(at: string): string {
  const t = new Date(Date.parse(at) + 8 * 3_600_000).toISOString();
  return `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

function rowOf(e: Entry) {
  return {
    id: e._id,
    time: timeText(e.at),
    who: `${e.by.name}（${ROLE[e.by.role] ?? e.by.role}）`,
    title: `${e.action} · ${e.target.name}`,
    kindLabel: e.kindLabel,
    override: e.kind === 'override',
    // A creation reads as one line of what was set; a change as one line per field.
    changes: e.changes.length && e.changes.every((c) => c.before === null) ? [e.changes.map(changeText).join('，')] : e.changes.map(changeText),
    note: e.note,
  };
}

Component({
  behaviors: [pagedList, listFilters],
  data: { tabs: TABS, kind: 'all' as Kind },
  methods: {
    onLoad() {
      this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await call('audit.list', { kind: this.data.kind, page, pageSize });
      return { rows: r.items.map(rowOf), hasMore: r.hasMore };
    },
  },
});
