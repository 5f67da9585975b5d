/**
 * The grants table: area, real / drill, the most severe level allowed, validity and
 * status (active, not yet valid, expired, revoked). Managers grant (GrantFormModal) and
 * revoke, after a confirm that asks for the reason.
 */
import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import type { EbGrant, EbGrantStatus, Items } from '../../../api/types';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { useAsync } from '../../../common/useAsync';
import { useI18n, type MessageKey } from '../../../i18n';
import { SeverityTag } from '../shared';
import { GrantFormModal } from './GrantFormModal';

export const EB_GRANTS = 'eb.grants.manage';
const STATUSES: EbGrantStatus[] = ['active', 'pending', 'expired', 'revoked'];
const STATUS_COLORS: Record<EbGrantStatus, string> = { active: 'success', pending: 'processing', expired: 'default', revoked: 'error' };

export function GrantStatusTag({ status }: { status: EbGrantStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]} data-testid="eb-grant-status">{t(`eb.grants.status.${status}` as MessageKey)}</Tag>;
}

export function GrantsTab({ manage, onChanged }: { manage: boolean; onChanged(): void }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const [status, setStatus] = useState<EbGrantStatus | undefined>();
  const list = useAsync(() => api.get<Items<EbGrant>>('/api/eb/grants', { status }).then((r) => r.items), [status]);
  const [granting, setGranting] = useState(false);
  const [revoking, setRevoking] = useState<EbGrant | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);

  const changed = () => {
    list.reload();
    onChanged();
  };

  async function revoke({ reason }: { reason: string }) {
    if (!revoking) return;
    setBusy(true);
    try {
      await api.post(`/api/eb/grants/${encodeURIComponent(revoking.id)}/revoke`, { reason });
      message.success(t('eb.grants.revoked', { area: revoking.areaName }));
      setRevoking(null);
      changed();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<EbGrantStatus>
          allowClear
          placeholder={t('eb.grants.statusFilter')}
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t(`eb.grants.status.${s}` as MessageKey) }))}
        />
        <Space>
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>
          {manage ? <Button type="primary" icon={<PlusOutlined />} onClick={() => setGranting(true)} data-testid="eb-grant-new">{t('eb.grants.new')}</Button> : null}
        </Space>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<EbGrant>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('eb.grants.empty') }}
        data-testid="eb-grants-table"
        columns={[
          { title: t('eb.grants.area'), key: 'area', width: 140, render: (_, g) => <Tooltip title={g.areaCode}>{g.areaName}</Tooltip> },
          {
            title: t('eb.grants.kinds'), key: 'kinds', width: 150,
            render: (_, g) => (
              <Space size={4}>
                {g.mayReal ? <Tag color="red">{t('eb.grants.real')}</Tag> : null}
                {g.mayDrill ? <Tag color="blue">{t('eb.grants.drill')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('eb.grants.maxSeverity'), key: 'sev', width: 150, render: (_, g) => <Space size={4}><SeverityTag severity={g.maxSeverity} />{t('eb.grants.andBelow')}</Space> },
          {
            title: t('eb.grants.validity'), key: 'validity', width: 260,
            render: (_, g) => `${formatDateTime(g.validFrom)} — ${g.validTo ? formatDateTime(g.validTo) : t('eb.grants.untilRevoked')}`,
          },
          { title: t('eb.grants.state'), key: 'status', width: 100, render: (_, g) => <GrantStatusTag status={g.status} /> },
          {
            title: t('eb.grants.grantedBy'), key: 'by', width: 180,
            render: (_, g) => (
              <Typography.Text type="secondary">
                {g.grantedBy.name} · {formatDateTime(g.grantedAt)}
                {g.revokedBy ? <><br />{t('eb.grants.revokedBy', { name: g.revokedBy.name, reason: g.revokeReason ?? '' })}</> : null}
              </Typography.Text>
            ),
          },
          { title: t('eb.grants.note'), dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '' },
          ...(manage ? [{
            title: t('common.actions'), key: 'actions', width: 100,
            render: (_: unknown, g: EbGrant) => (g.status === 'revoked' ? null : (
              <Button size="small" danger icon={<StopOutlined />} onClick={() => { form.resetFields(); setRevoking(g); }} data-testid="eb-grant-revoke">{t('eb.grants.revoke')}</Button>
            )),
          }] : []),
        ]}
      />
      <GrantFormModal open={granting} onClose={() => setGranting(false)} onDone={() => { setGranting(false); changed(); }} />
      <Modal
        open={!!revoking}
        title={t('eb.grants.revokeTitle', { area: revoking?.areaName ?? '' })}
        okText={t('eb.grants.revoke')}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'eb-grant-revoke-ok' }}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setRevoking(null)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('eb.grants.revokeText')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={revoke}>
          <Form.Item name="reason" label={t('eb.grants.revokeReason')} rules={[{ required: true, whitespace: true, message: t('eb.grants.revokeReasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="eb-grant-revoke-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
