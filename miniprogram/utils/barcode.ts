// Barcode checks shared by the mini program and the cloud functions (bundled there by esbuild).
// GS1 codes (EAN-13, EAN-8, UPC-A) carry a check digit; other codes are internal shop codes.

export type BarcodeKind = 'EAN_13' | 'EAN_8' | 'UPC_A' | 'INTERNAL';

/** GS1 check digit of the digits before it (weights 3,1,3,... from the right). */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function barcodeKind(code: string): BarcodeKind {
  if (/^\d{13}$/.test(code)) return 'EAN_13';
  if (/^\d{12}$/.test(code)) return 'UPC_A';
  if (/^\d{8}$/.test(code)) return 'EAN_8';
  return 'INTERNAL';
}

/** null when valid, else the reason in Chinese. */
export function barcodeProblem(raw: string): string | null {
  const code = raw.trim();
  if (!code) return '条码不能为空';
  if (code.length > 32) return '条码最长 32 位';
  if (!/^[0-9A-Za-z\-_.]+$/.test(code)) return '条码只能包含数字、字母和 - _ .';
  const kind = barcodeKind(code);
  if (kind !== 'INTERNAL') {
    const expected = gs1CheckDigit(code.slice(0, -1));
    if (Number(code[code.length - 1]) !== expected) return `条码校验位错误（${kind.replace('_', '-')} 末位应为 ${expected}）`;
  }
  return null;
}

export function normalizeBarcode(raw: string): string {
  return raw.trim();
}
