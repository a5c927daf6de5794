import { call, errorMessage } from '../../services/api';

Component({
  data: {
    loading: true,
    error: '',
    openid: '',
    serverTime: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const me = await call('system.ping', {});
        this.setData({ loading: false, openid: me.openid, serverTime: me.serverTime });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
  },
});
