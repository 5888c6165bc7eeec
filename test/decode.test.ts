import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeBytes, detectEncoding } from '../src/ingest/decode.ts';
import { InputError } from '../src/errors.ts';

describe('decodeBytes', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeBytes(Buffer.from('Kyiv – Zürich'))).toBe('Kyiv – Zürich');
    expect(decodeBytes(Buffer.from('\ufeffKyiv'))).toBe('Kyiv');
  });

  it('honours a meta charset in the page', () => {
    const html = `<html><head><meta charset="windows-1252"></head><body>Zoë Müller</body></html>`;
    const bytes = iconv.encode(html, 'windows-1252');
    expect(detectEncoding(bytes)).toBe('windows-1252');
    expect(decodeBytes(bytes)).toContain('Zoë Müller');
  });

  it('prefers the transport charset and maps ISO-8859-1 to windows-1252', () => {
    const bytes = iconv.encode('café “quoted”', 'windows-1252');
    expect(detectEncoding(bytes, 'text/html; charset=ISO-8859-1')).toBe('windows-1252');
    expect(decodeBytes(bytes, 'text/html; charset=ISO-8859-1')).toBe('café “quoted”');
  });

  it('falls back to windows-1252 when a page claims UTF-8 but is not', () => {
    const bytes = Buffer.concat([Buffer.from('<meta charset="utf-8">'), iconv.encode('café', 'windows-1252')]);
    expect(decodeBytes(bytes)).toContain('café');
  });

  it('refuses binary data', () => {
    expect(() => decodeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toThrow(InputError);
  });
});
