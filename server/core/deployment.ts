// What a developer configures per deployment — never a merchant's setting. In the WeChat cloud these
// are the api and nightly functions' environment variables (云函数 → 版本与配置 → 环境变量); localcloud
// sets them for the functions it runs. Read per call: localcloud overlays the environment per call.
export interface Deployment {
  /** `dev.seedDemo` may create a demo shop (localcloud and demo environments only). */
  demoEnabled: boolean;
  /** Subscribe-message template id of the owner's nightly digest ('' = no digest). */
  digestTemplateId: string;
}

export function deployment(): Deployment {
  return {
    demoEnabled: process.env.STOCKMATE_DEMO === '1',
    digestTemplateId: (process.env.STOCKMATE_DIGEST_TEMPLATE_ID ?? '').trim(),
  };
}
