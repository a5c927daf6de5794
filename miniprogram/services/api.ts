// Typed calls of the api cloud function. Every page goes through here (via the area services).
import type { ApiErrorBody } from '../../typings/errors';
import type { ActionInput, ActionName, ActionOutput } from '../../typings/api';
import { callFunction } from './transport';

/** A failed call: `code` is stable (E_VALIDATION, E_INSUFFICIENT_STOCK, ...), `message` is for the user. */
export class ApiError extends Error {
  code: string;
  details?: unknown;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.code = body.code;
    this.details = body.details;
  }
}

type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiErrorBody };

export function call<A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> {
  return callAction<ActionOutput<A>>('api', action, input as object);
}

/** An action of any cloud function routed by server/core/router.ts (`api`, `export`): same envelope. */
export async function callAction<T>(fn: string, action: string, input: object): Promise<T> {
  let res: Envelope<T>;
  try {
    res = await callFunction<Envelope<T>>(fn, { action, ...input });
  } catch (e) {
    throw new ApiError({ code: 'E_INTERNAL', message: '网络不太好，请检查网络后重试' });
  }
  if (!res || typeof res !== 'object') throw new ApiError({ code: 'E_INTERNAL', message: '服务器没有响应，请稍后再试' });
  if (!res.ok) throw new ApiError(res.error);
  return res.data;
}

/** A client-generated id that makes a retried write apply exactly once. */
export function newRequestId(): string {
  const rand = () => Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}${rand()}${rand()}`;
}

export function errorMessage(e: unknown): string {
  return e instanceof ApiError ? e.message : '出错了，请稍后再试';
}
