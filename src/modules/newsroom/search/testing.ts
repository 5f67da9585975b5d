/**
 * Test and benchmark support: manuscripts written straight into the tables (with their version and index rows), bypassing the
 * newsroom's services so search can be tested on its own.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db/index.ts';
import { indexManuscript } from './search.service.ts';

/** A center row, without roles or anything else. */
export async function addCenter(db: Db, code = `c${randomUUID().slice(0, 8)}`): Promise<string> {
  const id = randomUUID();
  await db.insertInto('centers').values({ id, code, name: `测试中心 ${code}`, area_code: null, created_at: new Date().toISOString() }).execute();
  return id;
}

/** A resident account (入驻号) of a center. */
export async function addResidentAccount(db: Db, centerId: string, name = '坪石镇'): Promise<string> {
  const id = randomUUID();
  await db.insertInto('resident_accounts').values({ id, center_id: centerId, kind: 'town', name, area_code: null, status: 'active', created_at: new Date().toISOString() }).execute();
  return id;
}

export interface TestManuscript {
  centerId: string;
  title: string;
  bodyHtml?: string;
  summary?: string;
  status?: string;
  authorId?: string;
  residentAccountId?: string | null;
  updatedAt?: string;
}

/** Inserts a manuscript with version 1 and indexes it; returns its id. */
export async function addManuscript(db: Db, m: TestManuscript): Promise<string> {
  const id = randomUUID();
  const now = m.updatedAt ?? new Date().toISOString();
  const status = m.status ?? 'draft';
  const content = { title: m.title, subtitle: '', summary: m.summary ?? '', bodyHtml: m.bodyHtml ?? '', authorByline: '', editorByline: '', tags: [], coverMediaId: null, source: '', location: '' };
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('manuscripts').values({
      id, center_id: m.centerId, plan_id: null, column_id: null, resident_account_id: m.residentAccountId ?? null, kind: 'article', title: m.title,
      status, review_level: null, review_levels: 3, version: 1, author_id: m.authorId ?? 'author-1', locked_by: null, locked_until: null,
      signed_off_by: null, signed_off_at: null, signed_off_version: null, created_at: now, updated_at: now,
    }).execute();
    await tx.insertInto('manuscript_versions').values({
      id: randomUUID(), center_id: m.centerId, manuscript_id: id, version: 1, content: JSON.stringify(content), created_by: m.authorId ?? 'author-1', note: null, created_at: now,
    }).execute();
    await indexManuscript(tx, { centerId: m.centerId, id, title: m.title, summary: content.summary, bodyHtml: content.bodyHtml, status, updatedAt: now });
  });
  return id;
}
