/**
 * Manuscript content and its cleaning. The editor produces structured HTML; the server
 * keeps only an allow-list of tags and attributes (sanitize-html), so no script, event
 * handler, style or foreign frame reaches the console or the portal.
 */
import sanitizeHtml from 'sanitize-html';

export interface ManuscriptContent {
  title: string;
  subtitle: string;
  summary: string;
  bodyHtml: string;
  authorByline: string;
  editorByline: string;
  tags: string[];
  coverMediaId: string | null;
  source: string;
  location: string;
  /** Files attached to the story (documents, audio, extra pictures) from the media library. */
  attachments: { mediaId: string; name: string }[];
  /** The page of an H5 piece or the stream of a live item (http/https). */
  linkUrl: string;
}

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'ul', 'ol', 'li',
    'a', 'img', 'figure', 'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'hr', 'span', 'code', 'pre'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-media-id'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    span: ['data-mark'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', ...(attribs.target ? { target: '_blank' } : {}) } }),
  },
};

/** The body HTML with everything outside the allow-list removed. */
export function cleanHtml(html: string): string {
  return sanitizeHtml(html, ALLOWED);
}

/** Plain text of the body, for safety checks, search and summaries. */
export function plainText(html: string): string {
  return sanitizeHtml(html.replace(/<\/(p|h[2-4]|li|blockquote|figcaption|tr)>/gi, '$&\n').replace(/<br\s*\/?>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Strips markup from a one-line field (titles, bylines): they are text, never HTML. */
function cleanLine(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim();
}

export function normaliseContent(c: Partial<ManuscriptContent> & { title: string }): ManuscriptContent {
  return {
    title: cleanLine(c.title),
    subtitle: cleanLine(c.subtitle ?? ''),
    summary: cleanLine(c.summary ?? ''),
    bodyHtml: cleanHtml(c.bodyHtml ?? ''),
    authorByline: cleanLine(c.authorByline ?? ''),
    editorByline: cleanLine(c.editorByline ?? ''),
    tags: [...new Set((c.tags ?? []).map(cleanLine).filter(Boolean))],
    coverMediaId: c.coverMediaId ?? null,
    source: cleanLine(c.source ?? ''),
    location: cleanLine(c.location ?? ''),
    attachments: (c.attachments ?? []).map((a) => ({ mediaId: a.mediaId, name: cleanLine(a.name) })),
    linkUrl: cleanLine(c.linkUrl ?? ''),
  };
}

/** Reads stored content; versions saved before a field existed get its empty value. */
export function parseContent(json: string): ManuscriptContent {
  return { attachments: [], linkUrl: '', ...(JSON.parse(json) as Partial<ManuscriptContent>) } as ManuscriptContent;
}
