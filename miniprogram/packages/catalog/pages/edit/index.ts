// Create or edit a product. Field errors show under their field: checked here first (barcode
// check digit, prices), then by the server (same rules), whose messages map back to the fields.
// Opened from a document being scanned (from=document), a created product goes back to that
// document through the opener's event channel instead of opening the product page.
import type { ProductView } from '../../../../../typings/api/products';
import { ApiError, errorMessage } from '../../../../services/api';
import { markChanged } from '../../../../services/changes';
import { chooseImages, uploadProductImage } from '../../../../services/files';
import { productsService } from '../../../../services/products';
import { shopService } from '../../../../services/shop';
import { scanCode } from '../../../../services/scan';
import { barcodeProblem } from '../../../../utils/barcode';
import { fenToYuan, yuanToFen } from '../../../../utils/money';

interface Form {
  name: string;
  barcode: string;
  baseUnit: string;
  salePrice: string;
  purchasePrice: string;
  category: string;
  spec: string;
  minStock: string;
  maxStock: string;
  packUnit: string;
  packFactor: string;
  /** the pack's own barcode (箱码): one scan = one pack */
  packBarcode: string;
  batchTracked: boolean;
}

const EMPTY: Form = { name: '', barcode: '', baseUnit: '件', salePrice: '', purchasePrice: '', category: '', spec: '', minStock: '', maxStock: '', packUnit: '', packFactor: '', packBarcode: '', batchTracked: false };

function formOf(p: ProductView): Form {
  return {
    name: p.name,
    barcode: p.barcodes[0] ?? '',
    baseUnit: p.baseUnit,
    salePrice: fenToYuan(p.salePriceFen),
    purchasePrice: p.purchasePriceFen !== undefined ? fenToYuan(p.purchasePriceFen) : '',
    category: p.category,
    spec: p.spec,
    minStock: p.minStock ? String(p.minStock) : '',
    maxStock: p.maxStock ? String(p.maxStock) : '',
    packUnit: p.purchaseUnit?.name ?? '',
    packFactor: p.purchaseUnit ? String(p.purchaseUnit.factor) : '',
    packBarcode: p.purchaseUnit?.barcode ?? '',
    batchTracked: p.batchTracked,
  };
}

const toInt = (s: string) => (s.trim() === '' ? 0 : Number(s));

/** A picture on the form: fileID once uploaded (the saved ones, or uploaded by an earlier save attempt); src shows it. */
interface FormImage {
  fileID: string;
  src: string;
}
const MAX_IMAGES = 9;
/** fileIDs this form instance uploaded and no save has kept yet. */
const uploads = new WeakMap<object, Set<string>>();
const uploadedHere = (page: object): Set<string> => {
  if (!uploads.has(page)) uploads.set(page, new Set());
  return uploads.get(page)!;
};

Component({
  data: {
    id: '',
    form: { ...EMPTY } as Form,
    errors: {} as Record<string, string>,
    loading: false,
    saving: false,
    error: '',
    otherBarcodes: [] as string[],
    fromDocument: false,
    archiving: false,
    images: [] as FormImage[],
    maxImages: MAX_IMAGES,
    shopId: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      wx.setNavigationBarTitle({ title: query.id ? '编辑商品' : '新建商品' });
      this.setData({ fromDocument: query.from === 'document' });
      if (query.id) {
        this.setData({ id: query.id, loading: true });
        try {
          const { product } = await productsService.get(query.id);
          const urls = product.images.length ? (await productsService.imageUrls(product.images)).urls : [];
          this.setData({ loading: false, form: formOf(product), otherBarcodes: product.barcodes.slice(1), shopId: product.shopId, images: urls.map((u) => ({ fileID: u.fileID, src: u.tempFileURL })) });
        } catch (e) {
          this.setData({ loading: false, error: errorMessage(e) });
        }
      } else if (query.barcode) {
        this.setData({ 'form.barcode': decodeURIComponent(query.barcode) });
      }
    },
    onField(e: WechatMiniprogram.CustomEvent) {
      const field = e.currentTarget.dataset.field as keyof Form;
      this.setData({ [`form.${field}`]: e.detail as unknown, [`errors.${field}`]: '' });
    },
    async onScanBarcode(e: WechatMiniprogram.CustomEvent) {
      const field = (e.currentTarget?.dataset?.field as 'barcode' | 'packBarcode' | undefined) ?? 'barcode';
      const code = await scanCode();
      if (code) this.setData({ [`form.${field}`]: code, [`errors.${field}`]: '' });
    },
    async onAddImages() {
      const room = MAX_IMAGES - this.data.images.length;
      if (room <= 0) return;
      const paths = await chooseImages(room);
      if (paths.length) this.setData({ images: [...this.data.images, ...paths.slice(0, room).map((src) => ({ fileID: '', src }))], 'errors.images': '' });
    },
    onRemoveImage(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ images: this.data.images.filter((_, i) => i !== index), 'errors.images': '' });
    },
    onPreviewImage(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      wx.previewImage({ urls: this.data.images.map((i) => i.src), current: this.data.images[index]?.src });
    },
    /** Uploads the pictures chosen since the last save, in order; kept uploaded if the save then fails. */
    async uploadImages(): Promise<string[]> {
      const pending = this.data.images.filter((i) => !i.fileID);
      if (!pending.length) return this.data.images.map((i) => i.fileID);
      const shopId = this.data.shopId || (await shopService.mine()).shop?._id || '';
      const uploaded = await Promise.all(this.data.images.map((i) => i.fileID || uploadProductImage(shopId, i.src)));
      for (const f of uploaded) if (!this.data.images.some((i) => i.fileID === f)) uploadedHere(this).add(f);
      this.setData({ shopId, images: this.data.images.map((i, k) => ({ ...i, fileID: uploaded[k] })) });
      return uploaded;
    },
    /**
     * Pictures this form uploaded that no save kept (taken off before saving, or the save failed and
     * the form is left) would stay in storage unseen: the server deletes those no product names.
     */
    discardUnkept(kept: string[]) {
      const unkept = [...uploadedHere(this)].filter((f) => !kept.includes(f));
      uploadedHere(this).clear();
      if (unkept.length) productsService.discardImages(unkept).catch(() => undefined); // a leftover file costs storage, not data
    },
    onUnload() {
      this.discardUnkept([]);
    },
    validate(): Record<string, string> {
      const f = this.data.form;
      const errors: Record<string, string> = {};
      if (!f.name.trim()) errors.name = '请填写商品名称';
      if (f.barcode.trim()) {
        const problem = barcodeProblem(f.barcode);
        if (problem) errors.barcode = problem;
      }
      if (!f.baseUnit.trim()) errors.baseUnit = '请填写单位';
      if (f.salePrice && yuanToFen(f.salePrice) === null) errors.salePrice = '请输入正确的金额，如 3.50';
      if (f.purchasePrice && yuanToFen(f.purchasePrice) === null) errors.purchasePrice = '请输入正确的金额，如 2.10';
      for (const k of ['minStock', 'maxStock'] as const) if (f[k] && !/^\d+$/.test(f[k])) errors[k] = '请输入整数';
      if (!errors.minStock && !errors.maxStock && toInt(f.maxStock) && toInt(f.maxStock) < toInt(f.minStock)) errors.maxStock = '最高库存不能低于最低库存';
      if ((f.packUnit && !f.packFactor) || (!f.packUnit && f.packFactor)) errors.packFactor = '整件单位和换算数量要一起填写';
      if (f.packFactor && !/^\d+$/.test(f.packFactor)) errors.packFactor = '请输入整数';
      if (f.packBarcode.trim()) {
        const problem = barcodeProblem(f.packBarcode);
        if (problem) errors.packBarcode = problem;
        else if (!f.packUnit) errors.packBarcode = '先填写整件单位';
        else if (f.packBarcode.trim() === f.barcode.trim()) errors.packBarcode = '整件条码不能与商品条码相同';
      }
      return errors;
    },
    async onSave() {
      if (this.data.saving) return;
      const errors = this.validate();
      this.setData({ errors, error: '' });
      if (Object.keys(errors).length) return;
      const f = this.data.form;
      const fields = {
        name: f.name.trim(),
        barcodes: [...(f.barcode.trim() ? [f.barcode.trim()] : []), ...this.data.otherBarcodes],
        baseUnit: f.baseUnit.trim(),
        salePriceFen: f.salePrice ? yuanToFen(f.salePrice)! : 0,
        ...(f.purchasePrice ? { purchasePriceFen: yuanToFen(f.purchasePrice)! } : {}),
        category: f.category.trim(),
        spec: f.spec.trim(),
        minStock: toInt(f.minStock),
        maxStock: toInt(f.maxStock),
        purchaseUnit: f.packUnit ? { name: f.packUnit.trim(), factor: Number(f.packFactor), ...(f.packBarcode.trim() ? { barcode: f.packBarcode.trim() } : {}) } : null,
        batchTracked: f.batchTracked,
      };
      this.setData({ saving: true });
      try {
        const images = await this.uploadImages();
        const saved = this.data.id ? await productsService.update({ id: this.data.id, ...fields, images }) : await productsService.create({ ...fields, images });
        this.discardUnkept(images);
        this.setData({ saving: false });
        markChanged([saved._id], this.data.id ? 'updated' : 'created');
        wx.showToast({ title: '已保存', icon: 'success' });
        if (this.data.id) wx.navigateBack({ delta: 1 });
        else if (this.data.fromDocument) {
          (this.getOpenerEventChannel?.() as WechatMiniprogram.EventChannel | undefined)?.emit('created', saved);
          wx.navigateBack({ delta: 1 });
        } else wx.redirectTo({ url: `/packages/catalog/pages/detail/index?id=${saved._id}` });
      } catch (e) {
        const fieldErrors: Record<string, string> = {};
        if (e instanceof ApiError && Array.isArray(e.details)) {
          for (const d of e.details as { path?: string; message?: string }[]) {
            const key = d.path?.startsWith('barcodes') ? 'barcode' : d.path?.startsWith('purchaseUnit.barcode') ? 'packBarcode' : d.path?.startsWith('images') ? 'images' : d.path?.replace(/Fen$/, '');
            if (key && d.message) fieldErrors[key] = d.message;
          }
        }
        if (e instanceof ApiError && e.code === 'E_DUPLICATE') fieldErrors[(e.details as { barcode?: string } | undefined)?.barcode === f.packBarcode.trim() ? 'packBarcode' : 'barcode'] = e.message;
        this.setData({ saving: false, error: errorMessage(e), errors: { ...this.data.errors, ...fieldErrors } });
      }
    },
    /** 停用: the product leaves the lists and scanning; its history stays. */
    async onArchive() {
      if (!this.data.id || this.data.archiving) return;
      const res = await wx.showModal({ title: '停用商品', content: `停用「${this.data.form.name}」后，它不再出现在商品列表和扫码中，历史记录保留。确定停用吗？`, confirmText: '停用', confirmColor: '#ee0a24' });
      if (!res.confirm) return;
      this.setData({ archiving: true, error: '' });
      try {
        await productsService.update({ id: this.data.id, archived: true });
        this.setData({ archiving: false });
        markChanged([this.data.id], 'archived');
        wx.showToast({ title: '已停用', icon: 'success' });
        wx.switchTab({ url: '/pages/products/index' });
      } catch (e) {
        this.setData({ archiving: false, error: errorMessage(e) });
      }
    },
  },
});
