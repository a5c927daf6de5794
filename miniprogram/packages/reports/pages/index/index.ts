// 报表 home (owner/manager): one entry per report.
const REPORTS = [
  { page: 'sales', title: '销售排行', label: '按商品、分类、客户、店员：数量、金额、毛利' },
  { page: 'sales', query: '?by=day&sort=profit', title: '毛利', label: '每天、每个商品、每个分类的毛利和毛利率' },
  { page: 'stock', title: '进销存汇总', label: '每个商品的期初、入库、出库、期末（数量和金额）' },
  { page: 'turnover', title: '周转', label: '周转次数和按现在的卖法还能卖几天' },
  { page: 'returns', title: '退货', label: '每个商品的退货率、退款和损坏' },
  { page: 'purchases', title: '采购', label: '按供应商：进货额、价格变化、准时率' },
  { page: 'slow', title: '滞销与库龄', label: '多久没卖出、压了多少钱' },
];

Component({
  data: { reports: REPORTS.map((r, i) => ({ ...r, id: i })) },
  methods: {
    onLoad() {},
    open(e: WechatMiniprogram.TouchEvent) {
      const r = REPORTS[Number(e.currentTarget.dataset.index)];
      wx.navigateTo({ url: `/packages/reports/pages/${r.page}/index${r.query ?? ''}` });
    },
  },
});
