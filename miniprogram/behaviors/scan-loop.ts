// The scanning part every scanning page shares (开单, 入库, 盘点): the scan button opens the camera,
// 连续扫码 reopens it after each code, a code can be typed and confirmed instead. The host page
// implements addCode(code) and answers whether scanning may go on (false stops a continuous run:
// an unknown code, a refusal or a network problem the user must see first).
import { scanCode } from '../services/scan';

export interface ScanLoopData {
  manualCode: string;
  /** a code is being looked up or sent (the scan button spins) */
  looking: boolean;
  continuous: boolean;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: ScanLoopData;
  addCode(code: string): Promise<boolean>;
};

export const scanLoop = Behavior({
  data: { manualCode: '', looking: false, continuous: false } as ScanLoopData,
  methods: {
    /** Scans one code, or in 连续扫码 mode keeps scanning until the user closes the camera. */
    async onScan() {
      const host = this as unknown as Host;
      for (;;) {
        const code = await scanCode();
        if (!code) return;
        const goOn = await host.addCode(code);
        if (!goOn || !host.data.continuous) return;
      }
    },
    onContinuous(e: WechatMiniprogram.CustomEvent) {
      this.setData({ continuous: Boolean(e.detail) });
    },
    onManualInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ manualCode: String(e.detail) });
    },
    async onManualConfirm() {
      const host = this as unknown as Host;
      const code = host.data.manualCode.trim();
      if (!code) return;
      this.setData({ manualCode: '' });
      await host.addCode(code);
    },
  },
});
