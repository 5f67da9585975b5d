/**
 * 操作员: users holding broadcast rights, each county level or bound to the town or
 * village they work for. A manager binds or frees them (never themselves).
 */
import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Modal, Table, Tag, Typography } from 'antd';
import { EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import type { EbOperator, Items } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { AreaPicker } from '../../../common/AreaPicker';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { applyFieldError, errorMessage } from '../../../common/errors';
import { roleName } from '../../../common/roleNames';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';

export function OperatorsTab() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const { message } = App.useApp();
  const session = useCurrentSession();
  const list = useAsync(() => api.get<Items<EbOperator>>('/api/eb/operators').then((r) => r.items), []);
  const [editing, setEditing] = useState<EbOperator | null>(null);
  const [form] = Form.useForm<{ areaCode: string | null }>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  function open(op: EbOperator) {
    setFormError(null);
    form.setFieldsValue({ areaCode: op.scope?.areaCode ?? null });
    setEditing(op);
  }

  async function save({ areaCode }: { areaCode: string | null }) {
    if (!editing) return;
    setSaving(true);
    setFormError(null);
    try {
      await api.put(`/api/eb/operators/${encodeURIComponent(editing.id)}/scope`, { areaCode: areaCode ?? null });
      message.success(t('eb.grants.scopeSaved', { name: editing.displayName }));
      setEditing(null);
      list.reload();
    } catch (err) {
      if (applyFieldError(form, err, i18n, ['areaCode'])) return;
      setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 12 }}>
        <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>
      </Flex>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table<EbOperator>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="eb-operators-table"
        columns={[
          { title: t('eb.grants.user'), key: 'user', render: (_, o) => <>{o.displayName} <Typography.Text type="secondary">{o.username}</Typography.Text></> },
          { title: t('eb.grants.roles'), key: 'roles', render: (_, o) => o.roles.map((r) => <Tag key={r.code}>{roleName(r, lang)}</Tag>) },
          {
            title: t('eb.grants.scope'), key: 'scope', width: 220,
            render: (_, o) => (o.scope ? <Tag color="gold" icon={<EnvironmentOutlined />}>{o.scope.areaName}</Tag> : <Tag color="blue">{t('eb.grants.countyLevel')}</Tag>),
          },
          {
            title: t('common.actions'), key: 'actions', width: 120,
            render: (_, o) => (o.id === session.user.id ? null : <Button size="small" onClick={() => open(o)} data-testid="eb-operator-bind">{t('eb.grants.bind')}</Button>),
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={t('eb.grants.bindTitle', { name: editing?.displayName ?? '' })}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'eb-operator-bind-ok' }}
      >
        {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
        <Typography.Paragraph type="secondary">{t('eb.grants.bindHelp')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="areaCode" label={t('eb.grants.scope')}>
            <AreaPicker />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
