/**
 * Lenient reading of an element tree (digest: "parse leniently, write strictly").
 * Names match case-insensitively, unknown elements are ignored, empty text counts as
 * absent. A missing required field raises a {@link DecodeProblem} with receipt
 * ResultCode 3 (content missing); a present but malformed one raises ResultCode 2
 * (parse failed), as GD/J 083 receipts distinguish them (digest "Receipt ResultCode").
 */
import type { XmlElement } from './xml.ts';
import { parseBeijingTime } from './time.ts';

/** Receipt result codes a decoder can report: 2 parse failed, 3 content missing. */
export type DecodeResultCode = 2 | 3;

/** Raised inside decoders; the codec entry points turn it into a result value. */
export class DecodeProblem extends Error {
  constructor(
    readonly resultCode: DecodeResultCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeProblem';
  }
}

/** A position in the tree with the path used in messages (`EBD/EBM/MsgBasicInfo`). */
export class Reader {
  constructor(
    readonly element: XmlElement,
    readonly path: string = element.name,
  ) {}

  /** All children named `name`, as readers. */
  all(name: string): Reader[] {
    const lower = name.toLowerCase();
    return this.element.children
      .filter((c) => c.name.toLowerCase() === lower)
      .map((c, i, list) => new Reader(c, `${this.path}/${c.name}${list.length > 1 ? `[${i + 1}]` : ''}`));
  }

  /** The first child named one of `names` (aliases for drifting field systems), if any. */
  node(...names: string[]): Reader | undefined {
    for (const n of names) {
      const found = this.all(n)[0];
      if (found) return found;
    }
    return undefined;
  }

  /** The first child named `name`, or a ResultCode 3 problem. */
  reqNode(name: string): Reader {
    const r = this.node(name);
    if (!r) throw this.missing(name);
    return r;
  }

  /** Trimmed text of a child, undefined when absent or empty. */
  opt(...names: string[]): string | undefined {
    const t = this.node(...names)?.element.text;
    return t ? t : undefined;
  }

  /** Trimmed text of a child; absent or empty → ResultCode 3. */
  req(...names: string[]): string {
    const t = this.opt(...names);
    if (t === undefined) throw this.missing(names[0] as string);
    return t;
  }

  /** A required child parsed by `parse`, whose thrown error becomes ResultCode 2. */
  reqAs<T>(name: string, parse: (text: string) => T): T {
    return this.as(name, this.req(name), parse);
  }

  /** An optional child parsed by `parse`. */
  optAs<T>(name: string, parse: (text: string) => T): T | undefined {
    const t = this.opt(name);
    return t === undefined ? undefined : this.as(name, t, parse);
  }

  /** A required integer from `allowed` (or any non-negative integer when omitted). */
  reqInt<T extends number>(name: string, allowed?: readonly T[]): T {
    return this.reqAs(name, (t) => toInt(t, allowed));
  }

  /** An optional integer from `allowed`. */
  optInt<T extends number>(name: string, allowed?: readonly T[]): T | undefined {
    return this.optAs(name, (t) => toInt(t, allowed));
  }

  /** A required `YYYY-MM-DD HH:MI:SS` Beijing time. */
  reqTime(...names: string[]): Date {
    return this.as(names[0] as string, this.req(...names), toTime);
  }

  /** An optional Beijing time. */
  optTime(...names: string[]): Date | undefined {
    const t = this.opt(...names);
    return t === undefined ? undefined : this.as(names[0] as string, t, toTime);
  }

  /** A ResultCode 3 problem naming `name` under this path. */
  missing(name: string): DecodeProblem {
    return new DecodeProblem(3, `${this.path}/${name} is missing`);
  }

  private as<T>(name: string, text: string, parse: (text: string) => T): T {
    try {
      return parse(text);
    } catch (e) {
      if (e instanceof DecodeProblem) throw e;
      throw new DecodeProblem(2, `${this.path}/${name} "${clip(text)}" is not valid: ${(e as Error).message}`);
    }
  }
}

function toInt<T extends number>(text: string, allowed?: readonly T[]): T {
  if (!/^[+]?\d{1,9}$/.test(text)) throw new Error('expected an integer');
  const n = Number(text) as T;
  if (allowed && !allowed.includes(n)) throw new Error(`expected one of ${allowed.join(', ')}`);
  return n;
}

function toTime(text: string): Date {
  const d = parseBeijingTime(text);
  if (!d) throw new Error('expected a time YYYY-MM-DD HH:MI:SS');
  return d;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
