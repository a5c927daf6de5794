// 新建 / 编辑客户 (owner and manager): contact, level, tags, 赊账额度 (empty: no limit), note and the
// shipping addresses (one is the default a sales order copies). The server checks every field; its
// messages show under their fields (an address's under that address). Every save sends all fields,
// so an edit never blanks one it did not show. A new customer goes to its page, or back to the
// page that asked for one (event channel `saved`).
import type { Customer, CustomerLevel, ShippingAddress } from '../../../../../typings/api/customers';
import { ApiError, errorMessage } from '../../../../services/api';
import { customersService, LEVELS } from '../../../../services/customers';
import { fenToYuan, yuanToFen } from '../../../../utils/money';

interface Form {
  name: string;
  phone: string;
  wechatId: string;
  level: CustomerLevel;
  /** tags as typed, separated by spaces or commas */
  tags: string;
  /** yuan as typed; empty = no limit */
  creditLimit: string;
  note: string;
}

const EMPTY: Form = { name: '', phone: '', wechatId: '', level: 'normal', tags: '', creditLimit: '', note: '' };

function formOf(c: Customer): Form {
  return {
    name: c.name,
    phone: c.phone,
    wechatId: c.wechatId ?? '',
    level: c.level,
    tags: c.tags.join(' '),
    creditLimit: c.creditLimitFen === null ? '' : fenToYuan(c.creditLimitFen),
    note: c.note,
  };
}

const tagsOf = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);

Component({
  data: {
    id: '',
    form: { ...EMPTY } as Form,
    addresses: [] as ShippingAddress[],
    /** errors by field key; an address's by `addresses.{i}.{field}` */
    errors: {} as Record<string, string>,
    levels: LEVELS,
    /** kept as they are: not edited here */
    archived: false,
    contact: '',
    address: '',
    loading: false,
    loadError: '',
    saving: false,
    error: '',
  },
  methods: {
    async onLoad(query: { id?: string; name?: string }) {
      wx.setNavigationBarTitle({ title: query.id ? '编辑客户' : '新建客户' });
      if (!query.id) {
        if (query.name) this.setData({ 'form.name': decodeURIComponent(query.name) });
        return;
      }
      this.setData({ id: query.id });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, loadError: '' });
      try {
        const { customer } = await customersService.detail(this.data.id, 1, 1);
        this.setData({ loading: false, form: formOf(customer), addresses: customer.addresses, archived: customer.archived, contact: customer.contact, address: customer.address });
      } catch (e) {
        this.setData({ loading: false, loadError: errorMessage(e) });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent) {
      const field = e.currentTarget.dataset.field as keyof Form;
      this.setData({ [`form.${field}`]: String(e.detail), [`errors.${field === 'creditLimit' ? 'creditLimitFen' : field}`]: '' });
    },
    onLevel(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'form.level': e.currentTarget.dataset.level as CustomerLevel });
    },
    onAddressField(e: WechatMiniprogram.CustomEvent) {
      const { index, field } = e.currentTarget.dataset as { index: number; field: keyof ShippingAddress };
      // error keys hold dots: the errors object is replaced, not patched by path
      const errors = { ...this.data.errors };
      delete errors[`addresses.${index}.${field}`];
      this.setData({ [`addresses[${index}].${field}`]: String(e.detail), errors });
    },
    onAddAddress() {
      const f = this.data.form;
      const first = this.data.addresses.length === 0;
      // the customer's own name and phone are the likeliest 收货人
      this.setData({ addresses: [...this.data.addresses, { name: f.name, phone: f.phone, address: '', isDefault: first }] });
    },
    onRemoveAddress(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const rest = this.data.addresses.filter((_, i) => i !== index);
      if (rest.length && !rest.some((a) => a.isDefault)) rest[0] = { ...rest[0], isDefault: true };
      this.setData({ addresses: rest, errors: {} });
    },
    onDefaultAddress(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ addresses: this.data.addresses.map((a, i) => ({ ...a, isDefault: i === index })) });
    },
    async onSave() {
      if (this.data.saving) return;
      const f = this.data.form;
      const limit = f.creditLimit.trim();
      const creditLimitFen = limit === '' ? null : yuanToFen(limit);
      if (limit !== '' && creditLimitFen === null) {
        this.setData({ 'errors.creditLimitFen': '请输入金额，如 500 或 500.00；不限额度请留空', error: '' });
        return;
      }
      this.setData({ saving: true, error: '' });
      try {
        const saved = await customersService.save({
          ...(this.data.id ? { id: this.data.id } : {}),
          name: f.name,
          phone: f.phone,
          wechatId: f.wechatId,
          level: f.level,
          tags: tagsOf(f.tags),
          creditLimitFen,
          note: f.note,
          contact: this.data.contact,
          address: this.data.address,
          addresses: this.data.addresses,
          archived: this.data.archived,
        });
        this.setData({ saving: false });
        wx.showToast({ title: '已保存', icon: 'success' });
        const channel = this.getOpenerEventChannel?.() as WechatMiniprogram.EventChannel | undefined;
        channel?.emit?.('saved', saved);
        if (this.data.id) wx.navigateBack({ delta: 1 });
        else wx.redirectTo({ url: `/packages/sales/pages/customer-detail/index?id=${encodeURIComponent(saved._id)}` });
      } catch (e) {
        // E_VALIDATION names each field in `details` (path = the field's key, or addresses.{i}.{field}).
        const fieldErrors: Record<string, string> = {};
        if (e instanceof ApiError && Array.isArray(e.details)) {
          for (const d of e.details as { path?: string; message?: string }[]) {
            if (!d.path || !d.message) continue;
            const key = d.path.startsWith('tags') ? 'tags' : d.path === 'creditLimitFen' || d.path in EMPTY || d.path.startsWith('addresses') ? d.path : '';
            if (key) fieldErrors[key] = d.message;
          }
        }
        const named = Object.keys(fieldErrors).length > 0;
        this.setData({ saving: false, error: named ? '' : errorMessage(e), errors: { ...this.data.errors, ...fieldErrors } });
      }
    },
  },
});
