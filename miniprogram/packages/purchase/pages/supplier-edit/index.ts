// 新建 / 编辑供应商 (owner and manager). The server checks every field (a phone must be a mainland
// mobile or a landline with its area code); its messages show under their fields. Every save sends
// all fields, so an edit never blanks one it did not show.
import type { Party } from '../../../../../typings/api/parties';
import { ApiError, errorMessage } from '../../../../services/api';
import { purchasingService } from '../../../../services/purchasing';

interface Form {
  name: string;
  contact: string;
  phone: string;
  wechatId: string;
  address: string;
  leadTimeDays: string;
  paymentTerms: string;
  note: string;
}

const EMPTY: Form = { name: '', contact: '', phone: '', wechatId: '', address: '', leadTimeDays: '3', paymentTerms: '', note: '' };

function formOf(s: Party): Form {
  return {
    name: s.name,
    contact: s.contact,
    phone: s.phone,
    wechatId: s.wechatId ?? '',
    address: s.address,
    leadTimeDays: String(s.leadTimeDays ?? 3),
    paymentTerms: s.paymentTerms ?? '',
    note: s.note,
  };
}

Component({
  data: {
    id: '',
    form: { ...EMPTY } as Form,
    errors: {} as Record<string, string>,
    /** kept as it is: archiving is the detail page's button */
    archived: false,
    loading: false,
    saving: false,
    error: '',
  },
  methods: {
    async onLoad(query: { id?: string }) {
      wx.setNavigationBarTitle({ title: query.id ? '编辑供应商' : '新建供应商' });
      if (!query.id) return;
      this.setData({ id: query.id, loading: true });
      try {
        const { supplier } = await purchasingService.supplier(query.id);
        this.setData({ loading: false, form: formOf(supplier), archived: supplier.archived });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent) {
      const field = e.currentTarget.dataset.field as keyof Form;
      this.setData({ [`form.${field}`]: String(e.detail), [`errors.${field}`]: '' });
    },
    async onSave() {
      if (this.data.saving) return;
      const f = this.data.form;
      const lead = f.leadTimeDays.trim();
      if (!/^\d{1,3}$/.test(lead) || Number(lead) > 365) {
        this.setData({ errors: { ...this.data.errors, leadTimeDays: '请输入 0–365 的整数天数' }, error: '' });
        return;
      }
      this.setData({ saving: true, error: '' });
      try {
        const saved = await purchasingService.saveSupplier({
          ...(this.data.id ? { id: this.data.id } : {}),
          name: f.name,
          contact: f.contact,
          phone: f.phone,
          wechatId: f.wechatId,
          address: f.address,
          leadTimeDays: Number(lead),
          paymentTerms: f.paymentTerms,
          note: f.note,
          archived: this.data.archived,
        });
        this.setData({ saving: false });
        wx.showToast({ title: '已保存', icon: 'success' });
        if (this.data.id) wx.navigateBack({ delta: 1 });
        else wx.redirectTo({ url: `/packages/purchase/pages/supplier-detail/index?id=${encodeURIComponent(saved._id)}` });
      } catch (e) {
        // E_VALIDATION names each field in `details` (path = the field's key).
        const fieldErrors: Record<string, string> = {};
        if (e instanceof ApiError && Array.isArray(e.details)) {
          for (const d of e.details as { path?: string; message?: string }[]) if (d.path && d.message && d.path in EMPTY) fieldErrors[d.path] = d.message;
        }
        const named = Object.keys(fieldErrors).length > 0;
        this.setData({ saving: false, error: named ? '' : errorMessage(e), errors: { ...this.data.errors, ...fieldErrors } });
      }
    },
  },
});
