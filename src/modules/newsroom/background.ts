/**
 * The newsroom's background work: notifications from its events, and reminders when a
 * manuscript waits too long at one review level (checked every 15 minutes).
 */
import type { Executor } from '../../platform/db/index.ts';
import type { ModuleBackground } from '../../platform/module.ts';
import { emit } from '../../platform/events/index.ts';
import { notifyUsers, usersWithPermission } from '../notifications/index.ts';
import { levelPermission } from './review-flow.ts';

export const REMIND_JOB = 'newsroom.review.remind';
const LEVEL_ZH = ['', '初审', '复审', '终审'];

interface ManuscriptEvent {
  manuscriptId: string;
  level?: number | null;
  next?: { status: string; level: number | null };
  from?: string;
}

async function manuscriptOf(exec: Executor, id: string) {
  return exec.selectFrom('manuscripts').select(['id', 'center_id', 'title', 'author_id', 'review_level']).where('id', '=', id).executeTakeFirst();
}

function link(id: string): string {
  return `/newsroom/manuscripts/${id}`;
}

/** Marks overdue reviews and emits one reminder event each; returns how many. */
export async function remindOverdueReviews(exec: Executor, hours: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - hours * 3600_000).toISOString();
  const due = await exec
    .selectFrom('manuscripts')
    .select(['id', 'center_id', 'review_level'])
    .where('status', '=', 'in_review')
    .where('updated_at', '<', cutoff)
    .where((eb) => eb.or([eb('review_reminded_at', 'is', null), eb('review_reminded_at', '<', cutoff)]))
    .limit(500)
    .execute();
  for (const m of due) {
    await exec.updateTable('manuscripts').set({ review_reminded_at: now.toISOString() }).where('id', '=', m.id).execute();
    await emit(exec, { centerId: m.center_id, type: 'manuscript.review_overdue', payload: { manuscriptId: m.id, level: m.review_level } });
  }
  return due.length;
}

export function newsroomBackground({ events, runner, scheduler, config }: ModuleBackground): void {
  const toAuthor = (kind: string, title: (t: string, e: ManuscriptEvent) => string) =>
    events.subscribe<ManuscriptEvent>(`manuscript.${kind}`, `newsroom.notify.${kind}`, async (event, ctx) => {
      await ctx.once(`notify:${event.id}`, async (tx) => {
        const m = await manuscriptOf(tx, event.payload.manuscriptId);
        if (!m) return;
        const reason = kind === 'returned' || kind === 'rejected'
          ? (await tx.selectFrom('review_actions').select('reason').where('manuscript_id', '=', m.id).orderBy('created_at', 'desc').executeTakeFirst())?.reason ?? ''
          : '';
        await notifyUsers(tx, m.center_id, [m.author_id], { kind: `manuscript.${kind}`, title: title(m.title, event.payload), body: reason, link: link(m.id) });
      });
    });
  toAuthor('returned', (t) => `稿件被退回：${t}`);
  toAuthor('rejected', (t) => `稿件未通过审核：${t}`);
  toAuthor('signed_off', (t) => `稿件已签发：${t}`);

  events.subscribe<ManuscriptEvent>('manuscript.lock_taken', 'newsroom.notify.lock_taken', async (event, ctx) => {
    await ctx.once(`notify:${event.id}`, async (tx) => {
      const m = await manuscriptOf(tx, event.payload.manuscriptId);
      if (m && event.payload.from) await notifyUsers(tx, m.center_id, [event.payload.from], { kind: 'manuscript.lock_taken', title: `他人接管了您正在编辑的稿件：${m.title}`, link: link(m.id) });
    });
  });

  events.subscribe<ManuscriptEvent>('manuscript.review_overdue', 'newsroom.notify.overdue', async (event, ctx) => {
    await ctx.once(`notify:${event.id}`, async (tx) => {
      const m = await manuscriptOf(tx, event.payload.manuscriptId);
      const level = Number(event.payload.level ?? 0);
      if (!m || !level) return;
      const reviewers = (await usersWithPermission(tx, m.center_id, levelPermission(level))).filter((u) => u !== m.author_id);
      await notifyUsers(tx, m.center_id, reviewers, { kind: 'manuscript.review_overdue', title: `稿件待${LEVEL_ZH[level] ?? ''}已超时：${m.title}`, link: link(m.id) });
    });
  });

  events.subscribe<{ planId: string; userId: string; task: string }>('plan.assigned', 'newsroom.notify.assigned', async (event, ctx) => {
    await ctx.once(`notify:${event.id}`, async (tx) => {
      const plan = await tx.selectFrom('story_plans').select(['center_id', 'title']).where('id', '=', event.payload.planId).executeTakeFirst();
      if (plan) await notifyUsers(tx, plan.center_id, [event.payload.userId], { kind: 'plan.assigned', title: `您被指派了选题：${plan.title}`, link: `/newsroom/plans/${event.payload.planId}` });
    });
  });

  for (const [status, zh] of [['approved', '已通过'], ['rejected', '未通过'], ['cancelled', '已取消']] as const) {
    events.subscribe<{ planId: string }>(`plan.${status}`, `newsroom.notify.plan_${status}`, async (event, ctx) => {
      await ctx.once(`notify:${event.id}`, async (tx) => {
        const plan = await tx.selectFrom('story_plans').select(['center_id', 'title', 'proposer_id', 'decision_note']).where('id', '=', event.payload.planId).executeTakeFirst();
        if (plan) await notifyUsers(tx, plan.center_id, [plan.proposer_id], { kind: `plan.${status}`, title: `选题${zh}：${plan.title}`, body: plan.decision_note ?? '', link: `/newsroom/plans/${event.payload.planId}` });
      });
    });
  }

  runner.register(REMIND_JOB, async (_payload, ctx) => {
    await ctx.once(`remind:${ctx.jobId}`, (tx) => remindOverdueReviews(tx, config.reviewRemindHours));
  });
  scheduler.schedule('newsroom-review-remind', '*/15 * * * *', REMIND_JOB, {});
}
