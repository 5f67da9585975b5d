/**
 * 签名密钥: the platform's SM2 signing certificates (public part only; the private key
 * lives in the server's data directory, outside the database and its backups). Holders
 * of eb.keys.manage may make a new key the active one, after a confirm: receivers must
 * trust the new certificate, while old signatures still verify with the retired key.
 * Below: the certificates this platform trusts on incoming alerts (TrustedCertsCard).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Table, Tag, Typography } from 'antd';
import { KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../api/client';
import type { EbKey, Items } from '../../api/types';
import { useCurrentSession } from '../../app/session';
import { ErrorAlert } from '../../common/ErrorAlert';
import { errorMessage } from '../../common/errors';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { EB_KEYS, styles } from './shared';
import { TrustedCertsCard } from './TrustedCertsCard';

export default function KeysPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message, modal } = App.useApp();
  const { can } = useCurrentSession();
  const list = useAsync(() => api.get<Items<EbKey>>('/api/eb/keys').then((r) => r.items), []);
  const [rotating, setRotating] = useState(false);
  const manage = can(EB_KEYS);

  function rotate() {
    modal.confirm({
      title: t('eb.keys.rotateTitle'),
      content: <Typography.Paragraph style={{ marginTop: 8 }} data-testid="eb-keys-confirm">{t('eb.keys.rotateText')}</Typography.Paragraph>,
      okText: t('eb.keys.rotate'),
      okButtonProps: { danger: true, 'data-testid': 'eb-keys-confirm-ok' },
      cancelText: t('common.cancel'),
      width: 560,
      onOk: async () => {
        setRotating(true);
        try {
          const { certSerial } = await api.post<{ certSerial: string }>('/api/eb/keys/rotate');
          message.success(t('eb.keys.rotated', { serial: certSerial }));
        } catch (err) {
          message.error(errorMessage(err, i18n));
        } finally {
          setRotating(false);
          list.reload();
        }
      },
    });
  }

  return (
    <>
      <PageHeader
        title={t('nav.ebKeys')}
        subtitle={t('eb.keys.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading}>{t('common.refresh')}</Button>
            {manage ? (
              <Button type="primary" danger icon={<KeyOutlined />} loading={rotating} onClick={rotate} data-testid="eb-keys-rotate">
                {t('eb.keys.rotate')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        {manage ? null : <Alert type="info" showIcon title={t('eb.keys.readOnly')} style={{ marginBottom: 16 }} />}
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <Table<EbKey>
          rowKey="certSerial"
          size="middle"
          loading={list.loading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: t('eb.keys.empty') }}
          data-testid="eb-keys-table"
          columns={[
            {
              title: t('eb.keys.certSerial'), dataIndex: 'certSerial', key: 'certSerial', width: 180,
              render: (serial: string) => <Typography.Text code copyable={{ text: serial }}>{serial}</Typography.Text>,
            },
            {
              title: t('eb.keys.state'), key: 'state', width: 100,
              render: (_, k) => (k.active ? <Tag color="success" data-testid="eb-key-active">{t('eb.keys.active')}</Tag> : <Tag>{t('eb.keys.retired')}</Tag>),
            },
            {
              title: t('eb.keys.publicKey'), dataIndex: 'publicKey', key: 'publicKey',
              render: (pk: string) => (
                <Typography.Paragraph className={styles.mono} style={{ margin: 0, fontSize: 12 }} copyable={{ text: pk }} ellipsis={{ rows: 2, expandable: true, symbol: t('common.more') }}>
                  {pk}
                </Typography.Paragraph>
              ),
            },
            { title: t('eb.keys.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
            { title: t('eb.keys.retiredAt'), dataIndex: 'retiredAt', key: 'retiredAt', width: 150, render: (v: string | null) => formatDateTime(v) },
          ]}
        />
      </Card>
      <TrustedCertsCard manage={manage} />
    </>
  );
}
