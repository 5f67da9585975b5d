/** One audit entry in full: who, what, on which subject, the JSON detail, and its place in the hash chain. */
import { Descriptions, Drawer, Typography } from 'antd';
import type { AuditEntry } from '../../api/types';
import { useI18n } from '../../i18n';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12, wordBreak: 'break-all' as const };

export function AuditDetailDrawer({ entry, onClose }: { entry: AuditEntry | null; onClose(): void }) {
  const { t, tOr, formatDateTime } = useI18n();
  return (
    <Drawer open={entry !== null} title={entry ? t('audit.detailTitle', { seq: entry.seq }) : ''} size={640} onClose={onClose} destroyOnHidden>
      {entry ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 140 } }}
            items={[
              { key: 'seq', label: t('audit.seq'), children: entry.seq },
              { key: 'at', label: t('audit.at'), children: formatDateTime(entry.at) },
              { key: 'actor', label: t('audit.actor'), children: entry.actorName ? `${entry.actorName}${entry.actorId ? ` (${entry.actorId})` : ''}` : t('audit.system') },
              { key: 'action', label: t('audit.action'), children: <>{tOr(`action.${entry.action}`, entry.action)} <Typography.Text code>{entry.action}</Typography.Text></> },
              { key: 'subject', label: t('audit.subject'), children: <span style={mono}>{tOr(`subject.${entry.subjectType}`, entry.subjectType)} · {entry.subjectType}{entry.subjectId ? ` / ${entry.subjectId}` : ''}</span> },
              { key: 'before', label: t('audit.beforeId'), children: <span style={mono}>{entry.beforeId ?? '—'}</span> },
              { key: 'after', label: t('audit.afterId'), children: <span style={mono}>{entry.afterId ?? '—'}</span> },
              { key: 'ip', label: t('audit.ip'), children: entry.ip ?? '—' },
              { key: 'hash', label: t('audit.hash'), children: <Typography.Text copyable style={mono} data-testid="audit-hash">{entry.hash}</Typography.Text> },
              { key: 'prevHash', label: t('audit.prevHash'), children: entry.prevHash ? <Typography.Text copyable style={mono}>{entry.prevHash}</Typography.Text> : t('audit.chainStart') },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t('audit.detail')}
          </Typography.Title>
          <pre style={{ ...mono, background: '#f6f7f9', border: '1px solid #eee', borderRadius: 6, padding: 12, whiteSpace: 'pre-wrap', margin: 0 }} data-testid="audit-detail-json">
            {JSON.stringify(entry.detail ?? null, null, 2)}
          </pre>
        </>
      ) : null}
    </Drawer>
  );
}
