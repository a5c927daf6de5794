// A document's detail page (采购单, 销售单, 调拨单): loaded by its id, fresh on return and on
// pull-down, and its steps run one at a time. A step keeps its request id until the server answers,
// so a retry after a lost answer applies once; a refusal shows above the buttons (stepError). The
// host implements fetchDetail(id) and answers what to show; `missingText` names the document, and
// `reloadOnShow: false` keeps a page whose own inputs a reload would reset (调拨单's received quantities).
import { errorMessage } from '../services/api';
import { requestIdsOf } from '../services/purchasing';

export interface DocumentDetailData {
  id: string;
  loading: boolean;
  /** the document could not be loaded */
  error: string;
  /** a refusal of the last step (E_INVALID_STATE, E_FORBIDDEN, ...) */
  stepError: string;
  /** the step under way ('' = none): its button spins, the others wait */
  busy: string;
  /** shown once: later loads refresh in place, without the spinner */
  loaded: boolean;
}

/** A button of the page: a step, and the question asked before it where it cannot be undone. */
export interface StepButton {
  action: string;
  label: string;
  confirm?: string;
}

export type StepResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: DocumentDetailData & { missingText: string; reloadOnShow: boolean };
  fetchDetail(id: string): Promise<Record<string, unknown>>;
  load(): Promise<void>;
  openDetail(id: string | undefined): Promise<void>;
};

export const documentDetail = Behavior({
  data: { id: '', loading: true, error: '', stepError: '', busy: '', loaded: false, missingText: '没有指定单据', reloadOnShow: true },
  methods: {
    onLoad(query: { id?: string }) {
      return (this as unknown as Host).openDetail(query.id);
    },
    openDetail(id: string | undefined) {
      const h = this as unknown as Host;
      h.setData({ id: id ?? '' });
      return h.load();
    },
    onShow() {
      // back from editing, receiving or returning: show what changed
      const h = this as unknown as Host;
      if (h.data.loaded && h.data.reloadOnShow) h.load();
    },
    onPullDownRefresh() {
      (this as unknown as Host).load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      const h = this as unknown as Host;
      if (!h.data.id) {
        h.setData({ loading: false, error: h.data.missingText });
        return;
      }
      h.setData({ loading: !h.data.loaded, error: '' });
      try {
        h.setData({ ...(await h.fetchDetail(h.data.id)), loading: false, loaded: true });
      } catch (e) {
        h.setData({ loading: false, error: errorMessage(e) });
      }
    },
    /** Asks the button's question, if it has one; true to go on. */
    async confirmStep(button: StepButton): Promise<boolean> {
      if (!button.confirm) return true;
      return (await wx.showModal({ title: button.label, content: button.confirm })).confirm;
    },
    /** Runs one step under its request id; `done` is toasted on success, a refusal lands in stepError. */
    async runDocumentStep<T>(key: string, call: (requestId: string) => Promise<T>, done: string | { title: string; icon: 'success' | 'none' }): Promise<StepResult<T>> {
      const h = this as unknown as Host;
      h.setData({ busy: key, stepError: '' });
      try {
        const value = await requestIdsOf(h).run(key, call);
        h.setData({ busy: '' });
        wx.showToast(typeof done === 'string' ? { title: done, icon: 'success' } : done);
        return { ok: true, value };
      } catch (error) {
        h.setData({ busy: '', stepError: errorMessage(error) });
        return { ok: false, error };
      }
    },
  },
});

/** The behavior's methods as a page calls them (pages are Component()s: `detailOf(this)`). */
export interface DocumentDetailMethods {
  load(): Promise<void>;
  openDetail(id: string | undefined): Promise<void>;
  confirmStep(button: StepButton): Promise<boolean>;
  runDocumentStep<T>(key: string, call: (requestId: string) => Promise<T>, done: string | { title: string; icon: 'success' | 'none' }): Promise<StepResult<T>>;
}

export const detailOf = (page: object) => page as unknown as DocumentDetailMethods;
