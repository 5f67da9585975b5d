/**
 * 审核流程: every version saved and every review step, oldest first, each with who,
 * when, level and version; returns and rejections stand out with their reason.
 */
import { Alert, Flex, Tag, Timeline, Typography, type TimelineItemProps } from 'antd';
import type { TimelineItem } from '../../../api/types';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { useI18n, type MessageKey } from '../../../i18n';
import { levelLabel } from '../shared';

const COLORS: Record<string, string> = {
  create: 'gray', save: 'gray', restore: 'gray', submit: 'blue', approve: 'green', sign_off: 'green', return: 'orange', reject: 'red',
};

/** The server writes a restore's note as `restored from version N`. */
function noteText(note: string, t: (key: MessageKey, vars?: Record<string, string | number>) => string): string {
  const restored = /^restored from version (\d+)$/.exec(note);
  return restored ? t('ver.restoredFrom', { n: restored[1]! }) : note;
}

export function TimelinePanel({ items, error, onRetry }: { items: TimelineItem[] | undefined; error: unknown; onRetry(): void }) {
  const { t, formatDateTime } = useI18n();
  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (!items) return null;
  if (!items.length) return <Typography.Text type="secondary">{t('tl.empty')}</Typography.Text>;

  const entries: TimelineItemProps[] = items.map((item, i) => {
    const warn = item.action === 'return' || item.action === 'reject';
    return {
      key: `${item.at}-${i}`,
      color: COLORS[item.action] ?? 'gray',
      content: (
        <div data-testid="timeline-item" data-action={item.action}>
          <Flex gap={6} align="center" wrap>
            <Typography.Text strong type={item.action === 'reject' ? 'danger' : item.action === 'return' ? 'warning' : undefined}>
              {t(`tl.action.${item.action}` as MessageKey)}
            </Typography.Text>
            {item.level ? <Tag style={{ marginInlineEnd: 0 }}>{levelLabel(t, item.level)}</Tag> : null}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ms.versionN', { n: item.version })}</Typography.Text>
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.actorName} · {formatDateTime(item.at)}
          </Typography.Text>
          {item.reason && warn ? (
            <Alert
              type={item.action === 'reject' ? 'error' : 'warning'}
              style={{ marginTop: 6, padding: '4px 10px' }}
              title={<span style={{ whiteSpace: 'pre-wrap' }} data-testid="timeline-reason">{t('tl.reasonIs', { text: item.reason })}</span>}
            />
          ) : null}
          {item.reason && !warn ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tl.noteIs', { text: noteText(item.reason, t) })}</Typography.Text>
            </div>
          ) : null}
        </div>
      ),
    };
  });
  return (
    <div data-testid="timeline">
      <Timeline items={entries} />
    </div>
  );
}
