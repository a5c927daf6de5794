// Stable error codes of the api function. Pages show `message` as is; code drives behaviour.
export const ERROR_MESSAGES = {
  E_VALIDATION: '输入有误，请检查后重试',
  E_UNAUTHENTICATED: '无法识别微信身份，请重新进入小程序',
  E_NO_SHOP: '你还没有加入任何店铺',
  E_MEMBER_DISABLED: '你在该店铺的账号已被停用，请联系店主恢复',
  E_FORBIDDEN: '你没有权限执行此操作',
  E_NOT_FOUND: '没有找到相关记录',
  E_DUPLICATE: '记录已存在',
  E_INSUFFICIENT_STOCK: '库存不足',
  E_CONFLICT: '操作冲突，请稍后重试',
  E_INVALID_STATE: '当前状态不允许此操作',
  E_CONFIRM_REQUIRED: '请确认后再提交',
  E_PRICE_LIMIT: '价格低于店铺允许的折扣',
  E_CREDIT_LIMIT: '超出客户的赊账额度',
  E_UNKNOWN_ACTION: '不支持的操作',
  E_INTERNAL: '系统繁忙，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };
