/**
 * The three-level review (三审) as a pure state machine: which actions a reviewer
 * may take on a manuscript in a given state, and what state follows. No I/O here,
 * so every rule is unit-tested (review-flow.test.ts).
 *
 * States: draft → in_review (level 1..N) → signed_off (签发, the last level's approval)
 * → published; `returned` goes back to the author with a reason and re-enters at
 * level 1; `rejected` is final. N is the column's number of levels (1–3; default 3).
 */

export type ManuscriptStatus = 'draft' | 'in_review' | 'returned' | 'rejected' | 'signed_off' | 'published' | 'unpublished' | 'retracted';
export type ReviewAction = 'submit' | 'approve' | 'return' | 'reject';

export interface ReviewState {
  status: ManuscriptStatus;
  /** The level waiting for a decision (1..levels) while in review, else null. */
  level: number | null;
  levels: number;
  authorId: string;
}

export interface ReviewActor {
  userId: string;
  /** Review levels this person holds (from permissions newsroom.review.level1..3). */
  levels: ReadonlySet<number>;
  /** May submit: the author, or an editor working on the manuscript. */
  maySubmit: boolean;
}

export type ReviewDecision =
  | { ok: true; next: { status: ManuscriptStatus; level: number | null }; signOff: boolean }
  | { ok: false; code: 'REVIEW_INVALID_TRANSITION' | 'REVIEW_LEVEL_FORBIDDEN' | 'REVIEW_OWN_WORK' | 'REVIEW_REASON_REQUIRED' | 'PERMISSION_DENIED'; message: string };

/** The level-N permission key; level 3 is the sign-off (签发). */
export function levelPermission(level: number): string {
  return `newsroom.review.level${level}`;
}

/** Decides one review action. `reason` is required to return or reject. */
export function decide(state: ReviewState, actor: ReviewActor, action: ReviewAction, reason?: string | null): ReviewDecision {
  if (action === 'submit') {
    if (state.status !== 'draft' && state.status !== 'returned') {
      return { ok: false, code: 'REVIEW_INVALID_TRANSITION', message: `A ${state.status} manuscript cannot be submitted; only drafts and returned manuscripts can.` };
    }
    if (!actor.maySubmit) return { ok: false, code: 'PERMISSION_DENIED', message: 'Only its author or an editor may submit a manuscript.' };
    return { ok: true, next: { status: 'in_review', level: 1 }, signOff: false };
  }
  if (state.status !== 'in_review' || state.level === null) {
    return { ok: false, code: 'REVIEW_INVALID_TRANSITION', message: `A ${state.status} manuscript is not waiting for review; it must be submitted first.` };
  }
  if (!actor.levels.has(state.level)) {
    return { ok: false, code: 'REVIEW_LEVEL_FORBIDDEN', message: `This manuscript waits for level-${state.level} review, which you do not hold.` };
  }
  // 先审后发: no one passes their own writing, whatever levels they hold.
  if (actor.userId === state.authorId && action === 'approve') {
    return { ok: false, code: 'REVIEW_OWN_WORK', message: 'You cannot approve your own manuscript; another reviewer at this level must.' };
  }
  if ((action === 'return' || action === 'reject') && !reason?.trim()) {
    return { ok: false, code: 'REVIEW_REASON_REQUIRED', message: `Give the reason to ${action} the manuscript.` };
  }
  switch (action) {
    case 'approve':
      return state.level >= state.levels
        ? { ok: true, next: { status: 'signed_off', level: null }, signOff: true }
        : { ok: true, next: { status: 'in_review', level: state.level + 1 }, signOff: false };
    case 'return':
      return { ok: true, next: { status: 'returned', level: null }, signOff: false };
    case 'reject':
      return { ok: true, next: { status: 'rejected', level: null }, signOff: false };
  }
}

/** Who may change the text, and when. Signed-off text changes only by a correction. */
export function editableBy(state: ReviewState, actor: ReviewActor): { ok: true } | { ok: false; code: 'MANUSCRIPT_SIGNED_OFF' | 'MANUSCRIPT_NOT_EDITABLE'; message: string } {
  if (state.status === 'signed_off' || state.status === 'published' || state.status === 'unpublished') {
    return { ok: false, code: 'MANUSCRIPT_SIGNED_OFF', message: 'A signed-off manuscript cannot be edited in place: publish a correction, which keeps a new version.' };
  }
  if (state.status === 'rejected' || state.status === 'retracted') {
    return { ok: false, code: 'MANUSCRIPT_NOT_EDITABLE', message: `A ${state.status} manuscript cannot be edited.` };
  }
  // In review, a reviewer holding the waiting level edits (审改); the author waits,
  // even one who holds that level, or they would pass their own changes.
  if (state.status === 'in_review' && (actor.userId === state.authorId || !(state.level !== null && actor.levels.has(state.level)))) {
    return { ok: false, code: 'MANUSCRIPT_NOT_EDITABLE', message: `The manuscript is in level-${state.level} review: only a reviewer of that level may edit it now.` };
  }
  return { ok: true };
}
