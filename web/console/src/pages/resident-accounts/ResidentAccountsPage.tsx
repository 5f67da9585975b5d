/** 入驻单位: towns and county departments holding their own accounts in the app. */
import { useState } from 'react';
import { Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { Page, ResidentAccount, ResidentKind } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { ResidentAccountFormModal } from './ResidentAccountFormModal';

interface Query {
  q: string;
  kind?: ResidentKind;
  page: number;
  pageSize: number;
}

export default function ResidentAccountsPage() {
  const { t, formatDateTime } = useI18n();
  const [query, setQuery] = useState<Query>({ q: '', page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<ResidentAccount | null | undefined>(undefined);
  const list = useAsync(() => api.get<Page<ResidentAccount>>('/api/resident-accounts', { ...query }), [query]);

  return (
    <>
      <PageHeader
        title={t('nav.residentAccounts')}
        subtitle={t('residents.subtitle')}
        extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>{t('residents.create')}</Button>}
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('residents.searchPlaceholder')} style={{ width: 260 }} onSearch={(q) => setQuery((s) => ({ ...s, q: q.trim(), page: 1 }))} />
          <Select
            allowClear
            placeholder={t('residents.kind')}
            style={{ width: 140 }}
            value={query.kind}
            onChange={(kind?: ResidentKind) => setQuery((s) => ({ ...s, kind, page: 1 }))}
            options={[
              { value: 'town', label: t('residents.kind.town') },
              { value: 'department', label: t('residents.kind.department') },
            ]}
          />
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<ResidentAccount>
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: query.q || query.kind ? t('residents.noMatch') : t('residents.empty') }}
          onChange={(p) => setQuery((s) => ({ ...s, page: p.pageSize !== s.pageSize ? 1 : (p.current ?? 1), pageSize: p.pageSize ?? s.pageSize }))}
          pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
          columns={[
            { title: t('residents.name'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
            { title: t('residents.kind'), dataIndex: 'kind', key: 'kind', render: (kind: ResidentKind) => (kind === 'town' ? <Tag color="cyan">{t('residents.kind.town')}</Tag> : <Tag color="geekblue">{t('residents.kind.department')}</Tag>) },
            { title: t('residents.area'), dataIndex: 'areaCode', key: 'areaCode', render: (code: string | null) => (code ? <Typography.Text code>{code}</Typography.Text> : '—') },
            {
              title: t('residents.status'), dataIndex: 'status', key: 'status',
              render: (status: ResidentAccount['status']) => (status === 'active' ? <Tag color="green">{t('residents.status.active')}</Tag> : <Tag color="orange">{t('residents.status.suspended')}</Tag>),
            },
            { title: t('residents.userCount'), dataIndex: 'userCount', key: 'userCount', width: 100 },
            { title: t('users.createdAt'), dataIndex: 'createdAt', key: 'createdAt', render: (v: string) => formatDateTime(v) },
            { title: t('common.actions'), key: 'actions', width: 90, render: (_, a) => <Button type="link" size="small" onClick={() => setEditing(a)}>{t('common.edit')}</Button> },
          ]}
        />
      </Card>
      <ResidentAccountFormModal
        open={editing !== undefined}
        account={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}
