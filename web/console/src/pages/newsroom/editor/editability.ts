/**
 * Who may change a manuscript's text now: the console's mirror of the server's rule
 * (review-flow.ts editableBy), so the page is read-only, and says why, before anyone
 * types. The server still decides; its refusal is shown if the two ever disagree.
 */
import type { Manuscript } from '../../../api/types';
import type { I18n } from '../../../i18n';
import { levelLabel, statusLabel } from '../shared';

export type Editability = { ok: true } | { ok: false; why: string };

export function editability(m: Pick<Manuscript, 'status' | 'reviewLevel' | 'author'>, userId: string, levels: ReadonlySet<number>, t: I18n['t']): Editability {
  // Unpublished text is still signed-off text: it changes only by a correction.
  if (m.status === 'signed_off' || m.status === 'published' || m.status === 'unpublished') return { ok: false, why: t('ms.ro.signedOff') };
  if (m.status === 'rejected' || m.status === 'retracted') return { ok: false, why: t('ms.ro.closed', { status: statusLabel(t, m.status) }) };
  if (m.status === 'in_review') {
    const level = levelLabel(t, m.reviewLevel);
    // The author waits during review, even one who holds the level (no passing one's own changes).
    if (m.author.id === userId) return { ok: false, why: t('ms.ro.inReviewAuthor', { level }) };
    if (m.reviewLevel === null || !levels.has(m.reviewLevel)) return { ok: false, why: t('ms.ro.inReviewLevel', { level }) };
  }
  return { ok: true };
}

/** The review actions open to this user on `m` (the server decides again). */
export function reviewActions(m: Pick<Manuscript, 'status' | 'reviewLevel' | 'reviewLevels' | 'author'>, userId: string, levels: ReadonlySet<number>, readsAll: boolean) {
  const isAuthor = m.author.id === userId;
  const atMyLevel = m.status === 'in_review' && m.reviewLevel !== null && levels.has(m.reviewLevel);
  return {
    submit: (m.status === 'draft' || m.status === 'returned') && (isAuthor || readsAll),
    approve: atMyLevel && !isAuthor,
    /** This approval is the last level's: the sign-off (签发). */
    signOff: atMyLevel && m.reviewLevel !== null && m.reviewLevel >= m.reviewLevels,
    returnOrReject: atMyLevel,
    ownWork: atMyLevel && isAuthor,
  };
}
