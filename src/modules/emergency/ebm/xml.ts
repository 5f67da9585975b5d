/**
 * The XML layer under the EBD and CAP codecs: a hardened parser that yields a plain
 * element tree, and a small writer. Business files come from peers we do not control,
 * so the parser refuses DOCTYPE outright (no entity expansion, no external entities:
 * the "billion laughs" and XXE families), caps the input size and nesting depth, and
 * decodes only the five predefined entities and numeric character references itself.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element: its local name (namespace prefix dropped), trimmed text, child elements in order. */
export interface XmlElement {
  name: string;
  text: string;
  children: XmlElement[];
}

/** Default input cap. Full terminal lists reach hundreds of KB (digest, GD/J 083). */
export const DEFAULT_MAX_XML_BYTES = 8 * 1024 * 1024;
/** Nesting depth cap; EBD nests at most ~6 deep, CAP 4. */
export const MAX_XML_DEPTH = 48;

/** Result of {@link parseXmlSafely}. */
export type XmlParseResult = { ok: true; root: XmlElement } | { ok: false; message: string };

/**
 * Parses XML text or bytes into an element tree. Never throws. Bytes are decoded as
 * UTF-8 unless the declaration names GB2312/GBK/GB18030 (older field systems); invalid
 * byte sequences are refused rather than guessed at.
 */
export function parseXmlSafely(input: string | Uint8Array, opts: { maxBytes?: number } = {}): XmlParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) return { ok: false, message: `XML is ${size} bytes, over the limit of ${maxBytes}` };
  let text: string;
  try {
    text = typeof input === 'string' ? input : decodeBytes(input);
  } catch (e) {
    return { ok: false, message: `XML bytes are not valid text: ${(e as Error).message}` };
  }
  text = text.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    return { ok: false, message: 'XML with a DOCTYPE or ENTITY declaration is refused (entity expansion risk)' };
  }
  if (!text.trim()) return { ok: false, message: 'XML is empty' };
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      return { ok: false, message: `XML is not well-formed at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}` };
    }
    const parsed: unknown = parser.parse(text);
    const roots = toElements(parsed, 0);
    if (roots.length !== 1) return { ok: false, message: `XML must have one root element, found ${roots.length}` };
    return { ok: true, root: roots[0] as XmlElement };
  } catch (e) {
    return { ok: false, message: `XML could not be parsed: ${(e as Error).message}` };
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false, // no DOCTYPE reaches here; predefined + numeric refs decoded below
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  maxNestedTags: MAX_XML_DEPTH,
});

function decodeBytes(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const declared = /^\s*(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared && /^(gb2312|gbk|gb18030|cp936)$/.test(declared) ? 'gb18030' : 'utf-8';
  return new TextDecoder(encoding, { fatal: true }).decode(bytes);
}

type OrderedNode = Record<string, unknown>;

function toElements(nodes: unknown, depth: number): XmlElement[] {
  if (depth > MAX_XML_DEPTH) throw new Error(`nesting deeper than ${MAX_XML_DEPTH}`);
  if (!Array.isArray(nodes)) return [];
  const out: XmlElement[] = [];
  for (const node of nodes as OrderedNode[]) {
    const name = Object.keys(node).find((k) => !k.startsWith('#') && !k.startsWith('?') && k !== ':@');
    if (name === undefined) continue;
    const content = node[name];
    out.push({ name, text: textOf(content).trim(), children: toElements(content, depth + 1) });
  }
  return out;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  let s = '';
  for (const part of content as OrderedNode[]) {
    if (typeof part['#text'] === 'string') s += decodeEntities(part['#text']);
    else if (Array.isArray(part['#cdata'])) {
      for (const c of part['#cdata'] as OrderedNode[]) if (typeof c['#text'] === 'string') s += c['#text'];
    }
  }
  return s;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric references in one pass; others stay literal. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : whole;
  });
}

function isXmlChar(cp: number): boolean {
  // XML 1.0 §2.2 Char production
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

// ------------------------------------------------------------------ writing

/** A failure to write: a value that XML cannot carry or a required field left empty. */
export class XmlWriteError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'XmlWriteError';
  }
}

/** Builds an element; `undefined` / `false` children are dropped, so optional fields read naturally. */
export function el(name: string, content: string | number | (XmlElement | undefined | false)[] = ''): XmlElement {
  if (Array.isArray(content)) {
    return { name, text: '', children: content.filter((c): c is XmlElement => Boolean(c)) };
  }
  return { name, text: String(content), children: [] };
}

/** Serializes with an XML declaration, UTF-8, two-space indentation and escaped text. */
export function serializeXml(root: XmlElement, opts: { rootAttributes?: Record<string, string> } = {}): string {
  const attrs = Object.entries(opts.rootAttributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeText(v, k).replaceAll('"', '&quot;')}"`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${write(root, 0, root.name, attrs)}\n`;
}

function write(e: XmlElement, depth: number, path: string, attrs = ''): string {
  const indent = '  '.repeat(depth);
  if (!/^[A-Za-z_][\w.-]*$/.test(e.name)) throw new XmlWriteError(path, `"${e.name}" is not an element name`);
  const text = escapeText(e.text, path);
  if (e.children.length === 0) return text ? `${indent}<${e.name}${attrs}>${text}</${e.name}>` : `${indent}<${e.name}${attrs}/>`;
  const inner = e.children.map((c) => write(c, depth + 1, `${path}/${c.name}`)).join('\n');
  const lead = text ? `${'  '.repeat(depth + 1)}${text}\n` : '';
  return `${indent}<${e.name}${attrs}>\n${lead}${inner}\n${indent}</${e.name}>`;
}

function escapeText(s: string, path: string): string {
  for (const ch of s) {
    if (!isXmlChar(ch.codePointAt(0) as number)) {
      throw new XmlWriteError(path, `contains U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 cannot carry`);
    }
  }
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}
