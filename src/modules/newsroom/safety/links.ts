/**
 * Links in manuscript text, and the banned-host list they are checked against.
 *
 * Recognised: `http://` and `https://` URLs, and bare hosts that start with `www.`.
 * Only ASCII host names are read (IDN hosts must appear in punycode, `xn--…`): Chinese
 * text often runs straight on after a link (访问www.example.com了解详情), so a CJK
 * character has to end the host.
 */
import { domainToASCII } from 'node:url';
import { appError } from '../../../platform/errors.ts';

/** A link found in the text; `text.slice(start, end)` is the whole link. */
export interface FoundLink {
  start: number;
  end: number;
  /** Lower-case host name, without port or user info. */
  host: string;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = `${LABEL}(?:\\.${LABEL})*`;
// Group 1: host after a scheme (user info skipped); group 2: a bare www. host that does
// not continue another name (so "awww.x.com" or "a.www.x.com" are not split).
const LINK = new RegExp(
  `https?://(?:[a-z0-9._~%!$&'()*+,;=:-]*@)?(${HOST})|(?<![a-z0-9.@-])(www\\.${LABEL}(?:\\.${LABEL})+)`,
  'gi',
);
const REST = /^(?::\d{1,5})?(?:[/?#][!-~]*)?/;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>]+$/;

/**
 * Every link in `text`, in order. Offsets are UTF-16 positions in `text`. Pass a text
 * whose full-width ASCII has been folded (same length) to also catch ｗｗｗ．ｘ．ｃｏｍ.
 */
export function findLinks(text: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const m of text.matchAll(LINK)) {
    const hostEnd = m.index + m[0].length;
    // The path is any printable ASCII; a sentence's closing punctuation is not part of it.
    const rest = (REST.exec(text.slice(hostEnd, hostEnd + 2048)) ?? [''])[0].replace(TRAILING_PUNCTUATION, '');
    links.push({ start: m.index, end: hostEnd + rest.length, host: (m[1] ?? m[2]).toLowerCase() });
  }
  return links;
}

/** Host names whose links are banned, each with all its subdomains. */
export class BannedHosts {
  private readonly hosts = new Set<string>();

  /**
   * `hosts` are names such as `bad.com`, `*.bad.com` or `坏.com` (turned into punycode);
   * throws VALIDATION_FAILED naming `bannedHosts[i]` for anything that is not a host.
   */
  constructor(hosts: readonly string[]) {
    hosts.forEach((raw, i) => this.hosts.add(normaliseHost(raw, `bannedHosts[${i}]`)));
  }

  get size(): number {
    return this.hosts.size;
  }

  /**
   * The banned name that `host` is, or is a subdomain of; null if none. Compares whole
   * labels, so `notbad.com` is not caught by `bad.com`, nor `bad.com.evil.org`.
   */
  match(host: string): string | null {
    let h = host.toLowerCase().replace(/\.$/, '');
    for (;;) {
      if (this.hosts.has(h)) return h;
      const dot = h.indexOf('.');
      if (dot < 0) return null;
      h = h.slice(dot + 1);
    }
  }
}

function normaliseHost(raw: string, field: string): string {
  const trimmed = raw.trim().replace(/^\*?\./, '').replace(/\.$/, '');
  const ascii = domainToASCII(trimmed);
  if (ascii === '' || !new RegExp(`^${HOST}$`, 'i').test(ascii)) {
    throw appError('VALIDATION_FAILED', {
      field,
      message: `"${raw}" is not a host name: write it like bad.com (subdomains are included).`,
    });
  }
  return ascii.toLowerCase();
}
