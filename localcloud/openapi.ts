// cloud.openapi.* calls: the SDK posts multipart/form-data (action wx.openApi) whose requestData
// is a protobuf CommApiData; the answer is a protobuf CommOpenApiResp. localcloud records each
// call in its outbox (subscribe messages for the owner) and answers like WeChat's "ok".
import protobuf from 'protobufjs';
import { BadRequest } from './errors';

const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: { fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
      },
    },
  },
});
const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface OpenApiCall {
  api: string;
  appid: string | null;
  data: Record<string, unknown>;
}

export function decodeOpenApiRequest(api: string, requestData: Buffer): OpenApiCall {
  const msg = CommApiData.toObject(CommApiData.decode(requestData), { defaults: true }) as any;
  const data: Record<string, unknown> = {};
  for (const pair of msg.openapiData?.pairs ?? []) {
    const text = Buffer.from(pair.value).toString('utf8');
    try {
      data[pair.key] = JSON.parse(text);
    } catch {
      data[pair.key] = text;
    }
  }
  return { api, appid: msg.appid || null, data };
}

export function encodeOpenApiResponse(body: Record<string, unknown>): Buffer {
  const msg = CommOpenApiResp.create({
    respData: Buffer.from(JSON.stringify(body)),
    contentType: 'application/json',
    errorCode: 0,
    httpCode: 200,
  });
  return Buffer.from(CommOpenApiResp.encode(msg).finish());
}

/** Validates what WeChat itself would refuse for subscribeMessage.send. */
export function checkSubscribeMessage(data: Record<string, unknown>): { errcode: number; errmsg: string } {
  if (typeof data.touser !== 'string' || !data.touser) return { errcode: 40003, errmsg: 'invalid openid' };
  if (typeof data.template_id !== 'string' || !data.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
  if (!data.data || typeof data.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
  return { errcode: 0, errmsg: 'ok' };
}

/** Minimal multipart/form-data parser (the SDK sends small forms: a few fields and one buffer). */
export function parseMultipart(body: Buffer, contentType: string): Record<string, Buffer> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!match) throw new BadRequest('INVALID_MULTIPART', 'multipart/form-data without a boundary');
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  const fields: Record<string, Buffer> = {};
  let pos = body.indexOf(boundary);
  while (pos !== -1) {
    const start = pos + boundary.length;
    if (body.slice(start, start + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd === -1) break;
    const headers = body.slice(start, headerEnd).toString('utf8');
    const next = body.indexOf(boundary, headerEnd);
    if (next === -1) break;
    const value = body.slice(headerEnd + 4, next - 2); // strip the CRLF before the boundary
    const name = /name="([^"]+)"/i.exec(headers)?.[1];
    if (name) fields[name] = value;
    pos = next;
  }
  return fields;
}
