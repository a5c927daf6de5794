// 我的: who I am in which shop; the owner invites staff from here.
import type { MineView } from '../../../typings/api/shops';
import type { Role } from '../../../typings/models';
import { call, errorMessage } from '../../services/api';
import { shopService } from '../../services/shop';

const ROLE_LABELS: Record<Role, string> = { owner: '店主', manager: '店长', clerk: '店员' };

Component({
  data: {
    loading: true,
    error: '',
    mine: null as MineView | null,
    roleLabel: '',
    invite: null as { code: string; roleLabel: string; expiresAt: string } | null,
    inviting: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const mine = await shopService.mine();
        this.setData({ loading: false, mine, roleLabel: mine.member ? ROLE_LABELS[mine.member.role] : '' });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
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
