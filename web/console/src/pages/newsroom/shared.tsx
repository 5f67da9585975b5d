/**
 * Pieces the newsroom pages share: status and kind words, the status tag (with the
 * review level while in review), the lock mark, the column list, waiting times.
 */
import { Tag, Tooltip } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Items, Manuscript, ManuscriptKind, ManuscriptStatus, NewsColumn } from '../../api/types';
import { useAsync } from '../../common/useAsync';
import { useI18n, type I18n, type MessageKey } from '../../i18n';

export const KINDS: ManuscriptKind[] = ['article', 'photo_set', 'video', 'audio', 'live', 'h5'];
export const STATUSES: ManuscriptStatus[] = ['draft', 'in_review', 'returned', 'rejected', 'signed_off', 'published', 'unpublished', 'retracted'];
export const LEVEL_PERMISSIONS = ['newsroom.review.level1', 'newsroom.review.level2', 'newsroom.review.level3'] as const;

const STATUS_COLORS: Record<ManuscriptStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'warning',
  rejected: 'error',
  signed_off: 'success',
  published: 'cyan',
  unpublished: 'default',
  retracted: 'magenta',
};

export const statusLabel = (t: I18n['t'], status: string) => t(`ms.status.${status}` as MessageKey);
export const kindLabel = (t: I18n['t'], kind: string) => t(`ms.kind.${kind}` as MessageKey);
/** 初审 / 复审 / 终审. */
export const levelLabel = (t: I18n['t'], level: number | null | undefined) => (level ? t(`ms.level.${level}` as MessageKey) : '');

/** The review levels (1–3) the user holds, from the session's permissions. */
export function reviewLevelsOf(can: (permission: string) => boolean): Set<number> {
  return new Set([1, 2, 3].filter((level) => can(LEVEL_PERMISSIONS[level - 1]!)));
}

/** 草稿, 审核中 · 初审, 已签发…; the final level of a manuscript reads 终审 only when it has three. */
export function StatusTag({ m }: { m: Pick<Manuscript, 'status' | 'reviewLevel'> }) {
  const { t } = useI18n();
  const text = m.status === 'in_review' && m.reviewLevel ? `${statusLabel(t, m.status)} · ${levelLabel(t, m.reviewLevel)}` : statusLabel(t, m.status);
  return (
    <Tag color={STATUS_COLORS[m.status] ?? 'default'} data-testid="manuscript-status">
      {text}
    </Tag>
  );
}

/** A lock symbol when someone holds the edit lock, with who and until when. */
export function LockMark({ lock }: { lock: Manuscript['lock'] }) {
  const { t, formatDateTime } = useI18n();
  if (!lock) return null;
  const text = t('ms.lockedBy', { name: lock.name, time: formatDateTime(lock.until) });
  return (
    <Tooltip title={text}>
      <LockOutlined style={{ color: '#c2410c' }} aria-label={text} data-testid="lock-mark" />
    </Tooltip>
  );
}

/** The center's columns (every writer may read them). */
export function useColumns() {
  return useAsync(() => api.get<Items<NewsColumn>>('/api/columns').then((r) => r.items), []);
}

/** How long since `iso`, in words: 不到 1 分钟, 25 分钟, 3 小时, 2 天. */
export function waitedSince(iso: string, i18n: I18n, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return i18n.t('duration.lessThanMinute');
  if (minutes < 60) return i18n.t('duration.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return i18n.t('duration.hours', { n: hours });
  return i18n.t('duration.days', { n: Math.floor(hours / 24) });
}

/** `sort` is the API's form (`-updatedAt`); antd wants an order per column. */
export function orderOf(sort: string, field: string): 'ascend' | 'descend' | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}
