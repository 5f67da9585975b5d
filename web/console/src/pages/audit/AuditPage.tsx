/**
 * 审计日志: every change recorded in the center, hash-chained so tampering shows;
 * filter, page, open an entry, and verify the chain.
 */
import { useState } from 'react';
import { Button, Card, Table, Tag, Tooltip, Typography } from 'antd';
import { api } from '../../api/client';
import type { AuditEntry, Page } from '../../api/types';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { AuditFilters, EMPTY_FILTER, type AuditFilter } from './AuditFilters';
import { VerifyChainButton } from './VerifyChainButton';

export default function AuditPage() {
  const { t, tOr, formatDateTime } = useI18n();
  const { can } = useCurrentSession();
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const list = useAsync(() => api.get<Page<AuditEntry>>('/api/audit', { ...filter, ...paging }), [filter, paging]);
  const filtered = Object.values(filter).some(Boolean);

  return (
    <>
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} extra={can('audit.verify') ? <VerifyChainButton /> : null} />
      <Card>
        <AuditFilters
          canSearchUsers={can('identity.users.read')}
          onApply={(next) => {
            setFilter(next);
            setPaging((p) => ({ ...p, page: 1 }));
          }}
        />
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: filtered ? t('audit.noMatch') : t('audit.empty') }}
          onRow={(entry) => ({ onDoubleClick: () => setOpen(entry) })}
          onChange={(p) => setPaging((s) => ({ page: p.pageSize !== s.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? s.pageSize }))}
          pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
          data-testid="audit-table"
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', key: 'seq', width: 80 },
            { title: t('audit.at'), dataIndex: 'at', key: 'at', width: 170, render: (at: string) => formatDateTime(at) },
            { title: t('audit.actor'), key: 'actor', render: (_, e) => e.actorName ?? <Typography.Text type="secondary">{t('audit.system')}</Typography.Text> },
            { title: t('audit.action'), dataIndex: 'action', key: 'action', render: (action: string) => (
                <Tooltip title={action}>
                  <Tag color={action.endsWith('.failed') || action.endsWith('.locked') ? 'orange' : 'blue'}>{tOr(`action.${action}`, action)}</Tag>
                </Tooltip>
              ),
            },
            {
              title: t('audit.subject'), key: 'subject',
              render: (_, e) => (
                <span>
                  {tOr(`subject.${e.subjectType}`, e.subjectType)}
                  {e.subjectId ? <Typography.Text type="secondary" style={{ fontSize: 12 }}> {e.subjectId.slice(0, 12)}</Typography.Text> : null}
                </span>
              ),
            },
            { title: t('audit.ip'), dataIndex: 'ip', key: 'ip', render: (ip: string | null) => ip ?? '—' },
            { title: t('common.actions'), key: 'open', width: 90, render: (_, e) => <Button type="link" size="small" onClick={() => setOpen(e)}>{t('common.details')}</Button> },
          ]}
        />
      </Card>
      <AuditDetailDrawer entry={open} onClose={() => setOpen(null)} />
    </>
  );
}
