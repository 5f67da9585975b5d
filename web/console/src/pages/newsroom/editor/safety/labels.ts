/** Words for safety findings: levels (禁止 / 提示), rules, fields, one-line descriptions. */
import type { SafetyFinding } from '../../../../api/types';
import type { I18n, MessageKey } from '../../../../i18n';

export const levelWord = (t: I18n['t'], level: string) => t(`safety.level.${level}` as MessageKey);
export const ruleWord = (t: I18n['t'], rule: string) => t(`safety.rule.${rule}` as MessageKey);
export const fieldWord = (t: I18n['t'], field: string) => t(`safety.field.${field}` as MessageKey);

export const LEVEL_COLORS: Record<string, string> = { block: 'red', review: 'orange' };

/** 禁止 · 敏感词「示例禁用词」（示例）；建议：安装 */
export function describeFinding(t: I18n['t'], f: SafetyFinding): string {
  const parts = [`${levelWord(t, f.level)} · ${ruleWord(t, f.rule)}「${f.word}」`];
  if (f.category) parts.push(`（${f.category}）`);
  if (f.suggestion) parts.push(`；${t('safety.suggestion', { text: f.suggestion })}`);
  return parts.join('');
}

const FIELD_ORDER = ['title', 'subtitle', 'summary', 'body'];

/** Block before review, then in reading order. */
export function sortFindings(findings: readonly SafetyFinding[]): SafetyFinding[] {
  return [...findings].sort(
    (a, b) =>
      (a.level === b.level ? 0 : a.level === 'block' ? -1 : 1) ||
      FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field) ||
      a.start - b.start,
  );
}
