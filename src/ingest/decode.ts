/**
 * Bytes to text. Order of evidence, as browsers and feed readers use it: a byte-order mark, the
 * transport's Content-Type charset, an XML declaration's encoding, an HTML <meta charset> or
 * http-equiv Content-Type in the first 4 KB; else UTF-8 when the bytes are valid UTF-8, else windows-1252
 * (what mislabelled Latin-1 pages almost always are). Node decodes UTF-8; iconv-lite every other encoding.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { InputError } from '../errors.ts';

const CHARSET_IN_TYPE = /charset\s*=\s*["']?([\w.:-]+)/i;
const XML_DECL = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i;
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i;

function bomEncoding(bytes: Uint8Array): { encoding: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

function normaliseLabel(label: string): string | undefined {
  const l = label.trim().toLowerCase();
  // Per the WHATWG encoding standard, these Latin-1 labels mean windows-1252.
  if (l === 'iso-8859-1' || l === 'latin1' || l === 'us-ascii' || l === 'ascii') return 'windows-1252';
  if (l === 'utf8') return 'utf-8';
  return iconv.encodingExists(l) ? l : undefined;
}

/** The encoding the bytes declare or show, by the order of evidence above. */
export function detectEncoding(bytes: Uint8Array, contentType?: string): string {
  const bom = bomEncoding(bytes);
  if (bom) return bom.encoding;
  const declared = contentType?.match(CHARSET_IN_TYPE)?.[1];
  const fromType = declared && normaliseLabel(declared);
  if (fromType) return fromType;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const inDoc = head.match(XML_DECL)?.[1] ?? head.match(META_CHARSET)?.[1];
  if (inDoc) {
    const label = normaliseLabel(inDoc);
    // A page that says UTF-8 is judged by its bytes below: one that is not valid UTF-8 is mislabelled
    // Latin-1 far more often than broken.
    if (label && label !== 'utf-8') return label;
  }
  return isUtf8(bytes) ? 'utf-8' : 'windows-1252';
}

/** Decodes bytes to a string (without a BOM). Throws InputError for binary data. */
export function decodeBytes(bytes: Uint8Array, contentType?: string): string {
  const encoding = detectEncoding(bytes, contentType);
  const skip = bomEncoding(bytes)?.skip ?? 0;
  const body = Buffer.from(bytes.buffer, bytes.byteOffset + skip, bytes.byteLength - skip);
  // UTF-8, nearly every input, through Node's own decoder: iconv-lite's goes through a string decoder
  // in chunks, at about twice the cost on large pages.
  const text = encoding === 'utf-8' ? body.toString('utf8') : iconv.decode(body, encoding);
  if (/\u0000/.test(text.slice(0, 8192))) throw new InputError('binary data, not text');
  return text;
}
