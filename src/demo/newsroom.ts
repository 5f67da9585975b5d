/**
 * Newsroom demo content for the Lechang center: columns, a small safety rule set, story
 * plans, and manuscripts in every review state, made through the real services so the
 * timeline, versions and audit log look as they would in use. Idempotent: skipped when
 * the center already has manuscripts.
 */
import type { Db } from '../platform/db/index.ts';
import type { Actor, RequestContext } from '../platform/auth/actor.ts';
import { rightsOf } from '../platform/auth/sessions.ts';
import { createColumn } from '../modules/newsroom/columns.service.ts';
import { createManuscript } from '../modules/newsroom/manuscripts.service.ts';
import { review } from '../modules/newsroom/review.service.ts';
import { saveRules } from '../modules/newsroom/checks/rules.ts';
import { createPlan, decidePlan, assign } from '../modules/newsroom/plans.service.ts';

/** Builds the actor of a demo user the way a login would (roles → permissions). */
async function actorFor(db: Db, centerId: string, username: string): Promise<RequestContext> {
  const u = await db.selectFrom('users as u').innerJoin('centers as c', 'c.id', 'u.center_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.department_id', 'u.resident_account_id', 'c.code', 'c.name'])
    .where('u.center_id', '=', centerId).where('u.username', '=', username).executeTakeFirstOrThrow();
  const { roles, permissions } = await rightsOf(db, centerId, u.id);
  const actor: Actor = {
    userId: u.id, username: u.username, displayName: u.display_name, centerId, centerCode: u.code, centerName: u.name,
    departmentId: u.department_id, residentAccountId: u.resident_account_id, roles, permissions, sessionId: 'demo', sessionKind: 'bearer',
  };
  return { actor, ip: null };
}

const BODY = (p: string[]) => p.map((x) => `<p>${x}</p>`).join('');

export async function loadNewsroomDemo(db: Db, centerId: string): Promise<void> {
  const any = await db.selectFrom('manuscripts').select('id').where('center_id', '=', centerId).limit(1).executeTakeFirst();
  if (any) return;
  const [editor, reviewer, leader, town] = await Promise.all(['editor', 'reviewer', 'leader', 'town_staff'].map((u) => actorFor(db, centerId, u)));
  const local = await createColumn(db, leader!, { code: 'local', name: '本地新闻', reviewLevels: 3 });
  const towns = await createColumn(db, leader!, { code: 'towns', name: '镇街动态', reviewLevels: 2 });
  await createColumn(db, leader!, { code: 'civil-code', name: '民法典每日一条', reviewLevels: 3 });
  await saveRules(db, leader!, 0, {
    words: [{ word: '示例禁用词', level: 'block', category: '示例' }, { word: '据说', level: 'review', category: '来源存疑' }, { word: '震惊', level: 'review', category: '标题党' }],
    typos: [{ wrong: '按装', right: '安装' }, { wrong: '既使', right: '即使' }, { wrong: '做为', right: '作为' }],
    leaders: [],
    bannedHosts: ['example-banned.com'],
  }, '演示词库');

  const plan = await createPlan(db, editor!, { title: '汛期应急广播“村村响”专题', angle: '走进北乡镇、九峰镇，看大喇叭如何守护群众', channels: ['app', 'wechat', 'tv'], deadline: new Date(Date.now() + 3 * 86400_000).toISOString() });
  await decidePlan(db, reviewer!, plan.id, { decision: 'approve', note: '同意，注意采访安全' });
  await assign(db, reviewer!, plan.id, { assignments: [{ userId: editor!.actor.userId, task: 'reporter' }] });
  await createPlan(db, editor!, { title: '乐昌马蹄丰收季', angle: '产业振兴', channels: ['app', 'douyin'] });

  const signed = await createManuscript(db, editor!, { kind: 'article', columnId: local.id, planId: plan.id, content: {
    title: '乐昌市应急广播实现村村响', summary: '全市 1,582 个接收终端、2,780 个大喇叭全部接入县级平台。',
    bodyHtml: BODY(['近日，乐昌市应急广播平台完成与韶关市平台的对接。', '全市 19 个镇街、195 个行政村和 28 个社区的广播室已全部接入。']), tags: ['应急广播'], authorByline: '记者 陈编辑',
  } });
  await review(db, editor!, signed.id, { action: 'submit', version: 1 });
  const inReview = await createManuscript(db, town!, { kind: 'article', columnId: towns.id, content: {
    title: '北乡镇开展防汛应急演练', bodyHtml: BODY(['北乡镇组织干部群众开展防汛应急演练，据说参与群众超过 300 人。']), tags: ['防汛'], authorByline: '北乡镇通讯员',
  } });
  await review(db, town!, inReview.id, { action: 'submit', version: 1 });
  await createManuscript(db, editor!, { kind: 'video', columnId: local.id, content: { title: '（草稿）九峰镇脐橙采摘', bodyHtml: BODY(['待补充视频。']) } });
  // The signed-off one passes its three levels; reviewers other than the author act
  // (the administrator holds level 1 here, since the only editor wrote it).
  const admin = await actorFor(db, centerId, 'admin');
  await review(db, admin, signed.id, { action: 'approve', version: 1 });
  await review(db, reviewer!, signed.id, { action: 'approve', version: 1 });
  await review(db, leader!, signed.id, { action: 'approve', version: 1 });
}
