/**
 * A center's content-safety rules, kept as numbered versions (each change is a new
 * version, so every check cites the rules it used), and compiled checkers cached per
 * version: compiling 100,000 words takes a few hundred milliseconds, checking is fast.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../platform/db/index.ts';
import { appError } from '../../../platform/errors.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import type { RequestContext } from '../../../platform/auth/actor.ts';
import { SafetyChecker, type SensitiveWordEntry, type TypoPair } from '../safety/checker.ts';
import type { Leader } from './leaders.ts';

export interface RulesDocument {
  words: SensitiveWordEntry[];
  typos: TypoPair[];
  leaders: Leader[];
  bannedHosts: string[];
}

export interface RulesVersion {
  version: number;
  document: RulesDocument;
  note: string | null;
  createdBy: string | null;
  createdAt: string | null;
}

export const EMPTY_RULES: RulesDocument = { words: [], typos: [], leaders: [], bannedHosts: [] };

export async function currentRules(exec: Executor, centerId: string): Promise<RulesVersion> {
  const row = await exec.selectFrom('safety_rule_versions').selectAll().where('center_id', '=', centerId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return { version: 0, document: EMPTY_RULES, note: null, createdBy: null, createdAt: null };
  return { version: Number(row.version), document: JSON.parse(row.document) as RulesDocument, note: row.note, createdBy: row.created_by, createdAt: row.created_at };
}

export async function rulesVersion(exec: Executor, centerId: string, version: number): Promise<RulesVersion> {
  const row = await exec.selectFrom('safety_rule_versions').selectAll().where('center_id', '=', centerId).where('version', '=', version).executeTakeFirst();
  if (!row) throw appError('SAFETY_RULES_VERSION_NOT_FOUND');
  return { version: Number(row.version), document: JSON.parse(row.document) as RulesDocument, note: row.note, createdBy: row.created_by, createdAt: row.created_at };
}

export async function listRuleVersions(exec: Executor, centerId: string) {
  const rows = await exec
    .selectFrom('safety_rule_versions as v')
    .leftJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.version', 'v.word_count', 'v.note', 'v.created_at', 'u.display_name'])
    .where('v.center_id', '=', centerId)
    .orderBy('v.version', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ version: Number(r.version), wordCount: Number(r.word_count), note: r.note, createdAt: r.created_at, createdByName: r.display_name ?? '' }));
}

/** Saves `document` as the next version; `baseVersion` must be the current one. */
export async function saveRules(db: Db, ctx: RequestContext, baseVersion: number, document: RulesDocument, note: string | null): Promise<RulesVersion> {
  const centerId = ctx.actor.centerId;
  // Compiling refuses bad entries (empty words, unknown levels) with the entry named;
  // the compiled checker is then kept for the version it becomes, not built again.
  const checker = compile(document, baseVersion + 1);
  const saved = await db.transaction().execute(async (tx) => {
    const current = await currentRules(tx, centerId);
    if (current.version !== baseVersion) throw appError('SAFETY_RULES_VERSION_CONFLICT', { field: 'baseVersion', details: { current: current.version } });
    const version = current.version + 1;
    const now = new Date().toISOString();
    try {
      await tx.insertInto('safety_rule_versions').values({
        id: randomUUID(), center_id: centerId, version, document: JSON.stringify(document), word_count: document.words.length, note, created_by: ctx.actor.userId, created_at: now,
      }).execute();
    } catch {
      throw appError('SAFETY_RULES_VERSION_CONFLICT', { field: 'baseVersion' });
    }
    await recordAudit(tx, {
      centerId, actor: { id: ctx.actor.userId, name: ctx.actor.username }, ip: ctx.ip, action: 'newsroom.safety.rules_update', subjectType: 'safety_rules', subjectId: String(version),
      detail: { version, words: document.words.length, typos: document.typos.length, leaders: document.leaders.length, bannedHosts: document.bannedHosts.length, note },
    });
    return { version, document, note, createdBy: ctx.actor.userId, createdAt: now };
  });
  remember(`${centerId}:${saved.version}`, checker);
  return saved;
}

function compile(document: RulesDocument, version: number): SafetyChecker {
  return new SafetyChecker({ dictionary: { version: String(version), entries: document.words }, typos: document.typos, bannedHosts: document.bannedHosts });
}

function remember(key: string, checker: SafetyChecker): void {
  cache.delete(key);
  cache.set(key, checker);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

const cache = new Map<string, SafetyChecker>();
const CACHE_SIZE = 8;

/** The compiled checker of a rules version (cached; oldest dropped past 8). */
export function checkerOf(centerId: string, rules: RulesVersion): SafetyChecker {
  const key = `${centerId}:${rules.version}`;
  const checker = cache.get(key) ?? compile(rules.document, rules.version);
  remember(key, checker);
  return checker;
}

/** Parses imported lines `word[<TAB>level[<TAB>category]]`; `#` starts a comment. */
export function parseWordLines(text: string, defaultLevel: 'block' | 'review'): SensitiveWordEntry[] {
  const out: SensitiveWordEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [word, level, category] = line.split(/\t|,/).map((s) => s.trim());
    const lv = level === 'block' || level === 'review' ? level : defaultLevel;
    out.push({ word: word!, level: lv, ...(category ? { category } : {}) });
  }
  return out;
}
