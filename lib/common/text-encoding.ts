import { FileError } from "./file-error";

/** UTF-8's byte order mark, which every reader here accepts and drops. */
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Decodes bytes as strict UTF-8: a byte order mark is dropped, anything that is not UTF-8 is a
 * one-line {@link FileError} naming `source`, the offending byte and its line, never the text
 * (a config file or outputs may hold a secret). UTF-16 gets a hint to save the file as UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  const utf16 = utf16Kind(bytes);
  if (utf16 !== undefined) {
    throw new FileError(`${source} is ${utf16} text, not UTF-8: save it as UTF-8 (without "Unicode" or UTF-16)`);
  }
  try {
    // fatal: a malformed byte is an error instead of U+FFFD; the default ignoreBOM: false drops a BOM.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const byte = bytes[at].toString(16).toUpperCase().padStart(2, "0");
    throw new FileError(
      `${source} is not UTF-8: byte 0x${byte} at ${lineOfByte(bytes, at)} is not valid UTF-8 ` +
        "(Latin-1 or Windows-1252 text?); save the file as UTF-8",
    );
  }
}

/** True when the bytes start with UTF-8's byte order mark. */
export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return UTF8_BOM.every((b, i) => bytes[i] === b);
}

/**
 * The index of the first lone surrogate in a string, or -1. JSON's `"\ud800"` escape gives one: it
 * has no UTF-8 form, so writing or printing it would put U+FFFD, a different text, in its place.
 */
export function loneSurrogateIndex(text: string): number {
  const match = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return match === null ? -1 : match.index;
}

/** "UTF-16LE"/"UTF-16BE" when the bytes look like UTF-16: its byte order mark, or a NUL in the first two bytes. */
function utf16Kind(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16LE";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16BE";
  // No text format read here starts with a NUL; ASCII as UTF-16 without a mark has one in every other byte.
  if (bytes.length >= 2 && bytes[1] === 0 && bytes[0] !== 0) return "UTF-16LE";
  if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) return "UTF-16BE";
  return undefined;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629 section 4). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f; // surrogates are not UTF-8
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? min : 0x80) || c > (k === 1 ? max : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length - 1;
}

function lineOfByte(bytes: Uint8Array, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      start = i + 1;
    }
  }
  return `line ${line}, byte ${offset - start + 1} of the line`;
}
