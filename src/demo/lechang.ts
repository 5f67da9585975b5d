/**
 * The Lechang demo center (乐昌市融媒体中心): its 7 departments, the real area tree of
 * Lechang (NBS 2018 codes, src/demo/lechang-areas.tsv), its 19 towns and 8 county
 * departments as resident accounts, and one user per role. Loading is idempotent:
 * `rongmei demo` on a loaded database resets the demo users and adds what is missing.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from '../platform/db/index.ts';
import type { PermissionRegistry } from '../platform/permissions.ts';
import { hashPassword } from '../platform/auth/password.ts';
import { recordAudit } from '../platform/audit/index.ts';
import { createCenter, syncCenterRoles } from '../modules/identity/index.ts';
import { loadNewsroomDemo } from './newsroom.ts';
import { seedLechangResources } from '../modules/emergency/index.ts';
import { loadTownRightsDemo } from './eb-grants.ts';

export const DEMO_CENTER_CODE = 'lechang';
export const DEMO_PASSWORD = 'Lechang@2026';
const COUNTY_CODE = '440281000000';

const DEPARTMENTS: [string, string][] = [
  ['admin', '行政部'], ['all_media', '全媒体综合部'], ['news', '新闻采编部'], ['programmes', '节目部'],
  ['opinion', '舆情信息部'], ['engineering', '技术部'], ['operations', '运营部'],
];

const COUNTY_DEPARTMENTS = [
  '乐昌市应急管理局', '乐昌市气象局', '乐昌市卫生健康局', '乐昌市教育局',
  '乐昌市水务局', '乐昌市文化广电旅游体育局', '乐昌市市场监督管理局', '乐昌市农业农村局',
];

/** username, display name, role codes, department code (or town for resident staff). */
const USERS: [string, string, string[], string | null][] = [
  ['admin', '系统管理员', ['admin'], 'engineering'],
  ['auditor', '安全审计员', ['auditor'], 'admin'],
  ['editor', '陈编辑', ['editor'], 'news'],
  ['reviewer', '李主任', ['reviewer'], 'news'],
  ['leader', '王总编', ['leader'], 'admin'],
  ['eb_operator', '张值班员', ['eb_operator'], 'engineering'],
  ['eb_approver', '刘审核员', ['eb_approver'], 'engineering'],
  ['engineer', '黄工程师', ['engineer'], 'engineering'],
  ['analyst', '周分析员', ['analyst'], 'opinion'],
  ['town_staff', '乐城街道通讯员', ['resident_staff'], null],
  ['jiufeng_operator', '九峰镇应急广播值班员', ['eb_operator'], null], // bound to 九峰镇: src/demo/eb-grants.ts
];

export interface AreaRecord {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export function readLechangAreas(): AreaRecord[] {
  const file = fileURLToPath(new URL('./lechang-areas.tsv', import.meta.url));
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [code, name, level, parent] = line.split('\t');
    return { code: code!, name: name!, level: level!, parent: level === 'county' ? null : parent! };
  });
}

export interface DemoResult {
  centerId: string;
  created: boolean;
  users: string[];
}

export async function loadDemoCenter(db: Db, registry: PermissionRegistry): Promise<DemoResult> {
  let center = await db.selectFrom('centers').selectAll().where('code', '=', DEMO_CENTER_CODE).executeTakeFirst();
  const created = !center;
  center ??= await createCenter(db, registry, { code: DEMO_CENTER_CODE, name: '乐昌市融媒体中心', areaCode: COUNTY_CODE }, 'demo');
  const centerId = center.id;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction().execute(async (tx) => {
    await syncCenterRoles(tx, registry, centerId);
    const now = new Date().toISOString();
    const haveDepts = new Set((await tx.selectFrom('departments').select('code').where('center_id', '=', centerId).execute()).map((d) => d.code));
    const newDepts = DEPARTMENTS.filter(([code]) => !haveDepts.has(code))
      .map(([code, name]) => ({ id: randomUUID(), center_id: centerId, code, name, sort: DEPARTMENTS.findIndex(([c]) => c === code) * 10, created_at: now }));
    if (newDepts.length) await tx.insertInto('departments').values(newDepts).execute();

    const areas = readLechangAreas();
    const haveAreas = new Set((await tx.selectFrom('areas').select('code').where('center_id', '=', centerId).execute()).map((a) => a.code));
    const newAreas = areas.filter((a) => !haveAreas.has(a.code)).map((a) => ({ center_id: centerId, code: a.code, name: a.name, level: a.level, parent_code: a.parent }));
    for (let i = 0; i < newAreas.length; i += 200) await tx.insertInto('areas').values(newAreas.slice(i, i + 200)).execute();

    const haveRa = new Set((await tx.selectFrom('resident_accounts').select('name').where('center_id', '=', centerId).execute()).map((r) => r.name));
    const towns = areas.filter((a) => a.level === 'town').map((a) => ({ kind: 'town', name: a.name, area_code: a.code }));
    const depts = COUNTY_DEPARTMENTS.map((name) => ({ kind: 'department', name, area_code: COUNTY_CODE }));
    const newRa = [...towns, ...depts].filter((r) => !haveRa.has(r.name)).map((r) => ({ id: randomUUID(), center_id: centerId, status: 'active', created_at: now, ...r }));
    if (newRa.length) await tx.insertInto('resident_accounts').values(newRa).execute();

    const deptIds = new Map((await tx.selectFrom('departments').select(['id', 'code']).where('center_id', '=', centerId).execute()).map((d) => [d.code, d.id]));
    const firstTown = await tx.selectFrom('resident_accounts').select('id').where('center_id', '=', centerId).where('area_code', '=', '440281001000').executeTakeFirst();
    const roleIds = new Map((await tx.selectFrom('roles').select(['id', 'code']).where('center_id', '=', centerId).execute()).map((r) => [r.code, r.id]));
    for (const [username, displayName, roles, dept] of USERS) {
      const existing = await tx.selectFrom('users').select('id').where('center_id', '=', centerId).where('username', '=', username).executeTakeFirst();
      const id = existing?.id ?? randomUUID();
      const fields = {
        display_name: displayName, password_hash: passwordHash, department_id: dept ? deptIds.get(dept) ?? null : null,
        resident_account_id: dept ? null : firstTown?.id ?? null, status: 'active', failed_logins: 0, locked_until: null,
        password_changed_at: now, updated_at: now,
      };
      if (existing) await tx.updateTable('users').set(fields).where('id', '=', id).execute();
      else await tx.insertInto('users').values({ id, center_id: centerId, username, last_login_at: null, created_at: now, ...fields }).execute();
      await tx.deleteFrom('user_roles').where('user_id', '=', id).execute();
      await tx.insertInto('user_roles').values(roles.map((r) => ({ center_id: centerId, user_id: id, role_id: roleIds.get(r)! }))).execute();
    }
    await recordAudit(tx, {
      centerId, actor: { id: 'system', name: 'demo' }, action: created ? 'demo.load' : 'demo.reload', subjectType: 'center', subjectId: centerId,
      detail: { departments: newDepts.length, areas: newAreas.length, residentAccounts: newRa.length, users: USERS.length },
    });
  });
  await loadNewsroomDemo(db, centerId);
  await seedLechangResources(db, centerId);
  await loadTownRightsDemo(db, centerId);
  return { centerId, created, users: USERS.map(([u]) => u) };
}
