/**
 * Running the content-safety rules on text: live in the editor, and on a manuscript
 * at submission and before sign-off, where "block" findings stop the sign-off unless
 * the sign-off authority overrides with a reason (audited).
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from '../../../platform/db/index.ts';
import { plainText, type ManuscriptContent } from '../content.ts';
import { checkLeaders } from './leaders.ts';
import { checkerOf, currentRules } from './rules.ts';

export interface FieldText {
  title: string;
  subtitle?: string;
  summary?: string;
  /** Plain text of the body (see content.plainText). */
  body?: string;
}

export interface Finding {
  field: keyof FieldText;
  rule: string;
  start: number;
  end: number;
  level: 'block' | 'review';
  word: string;
  category: string | null;
  suggestion?: string;
}

export interface CheckResult {
  rulesVersion: number;
  findings: Finding[];
  blocking: number;
  reviewing: number;
}

/** Checks every field; offsets are UTF-16 positions within that field's text. */
export async function checkFields(exec: Executor, centerId: string, fields: FieldText): Promise<CheckResult> {
  const rules = await currentRules(exec, centerId);
  const checker = checkerOf(centerId, rules);
  const findings: Finding[] = [];
  for (const field of ['title', 'subtitle', 'summary', 'body'] as const) {
    const text = fields[field] ?? '';
    if (!text) continue;
    for (const f of checker.check(text)) {
      findings.push({
        field, rule: f.rule, start: f.start, end: f.end, level: f.level, word: f.word, category: f.category,
        ...(f.rule === 'typo' ? { suggestion: f.suggestion } : f.rule === 'banned_link' ? { suggestion: f.bannedHost } : {}),
      });
    }
    for (const f of checkLeaders(text, rules.document.leaders)) findings.push({ field, ...f });
  }
  return {
    rulesVersion: rules.version,
    findings,
    blocking: findings.filter((f) => f.level === 'block').length,
    reviewing: findings.filter((f) => f.level === 'review').length,
  };
}

export function fieldsOf(content: ManuscriptContent): FieldText {
  return { title: content.title, subtitle: content.subtitle, summary: content.summary, body: plainText(content.bodyHtml) };
}

/** Checks a manuscript version and records the result. */
export async function checkManuscript(
  tx: Executor, m: { centerId: string; id: string; version: number }, content: ManuscriptContent, stage: 'submit' | 'sign_off' | 'manual',
): Promise<CheckResult> {
  const result = await checkFields(tx, m.centerId, fieldsOf(content));
  await tx.insertInto('safety_checks').values({
    id: randomUUID(), center_id: m.centerId, manuscript_id: m.id, version: m.version, rules_version: result.rulesVersion, stage,
    findings: JSON.stringify(result.findings), blocking: result.blocking, reviewing: result.reviewing, created_at: new Date().toISOString(),
  }).execute();
  return result;
}
