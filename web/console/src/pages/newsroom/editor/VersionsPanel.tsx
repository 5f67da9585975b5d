/**
 * 版本: every saved version, newest first. Tick two to see what changed between them;
 * restore an older one (after a confirm) as a new version.
 */
import { useState } from 'react';
import { App, Button, Checkbox, Flex, Modal, Spin, Tag, Tooltip, Typography } from 'antd';
import { DiffOutlined, RollbackOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import type { ManuscriptDiff, ManuscriptVersion } from '../../../api/types';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { useI18n } from '../../../i18n';
import { DiffView } from './DiffView';

interface Props {
  manuscriptId: string;
  current: number;
  versions: ManuscriptVersion[] | undefined;
  error: unknown;
  onRetry(): void;
  /** Why a restore is not possible now (read-only), or null. */
  restoreBlocked: string | null;
  dirty: boolean;
  onRestore(version: number): Promise<void>;
}

export function VersionsPanel({ manuscriptId, current, versions, error, onRetry, restoreBlocked, dirty, onRestore }: Props) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { modal, message } = App.useApp();
  const [picked, setPicked] = useState<number[]>([]);
  const [diff, setDiff] = useState<ManuscriptDiff | null>(null);
  const [comparing, setComparing] = useState(false);

  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (!versions) return null;

  function toggle(version: number, on: boolean) {
    // Two at most: a third tick replaces the older pick.
    setPicked((p) => (on ? [...p.filter((v) => v !== version), version].slice(-2) : p.filter((v) => v !== version)));
  }

  async function compare() {
    const [a, b] = [...picked].sort((x, y) => x - y);
    setComparing(true);
    try {
      setDiff(await api.get<ManuscriptDiff>(`/api/manuscripts/${manuscriptId}/diff`, { from: a, to: b }));
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setComparing(false);
    }
  }

  function restore(version: number) {
    modal.confirm({
      title: t('ver.restoreTitle', { n: version }),
      content: dirty ? `${t('ver.restoreText', { n: version })} ${t('ms.leaveUnsaved')}` : t('ver.restoreText', { n: version }),
      okText: t('ver.restore'),
      cancelText: t('common.cancel'),
      onOk: () => onRestore(version),
    });
  }

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ver.pickTwo')}</Typography.Text>
        <Button size="small" icon={<DiffOutlined />} disabled={picked.length !== 2} loading={comparing} onClick={() => void compare()} data-testid="versions-compare">
          {t('ver.compare')}
        </Button>
      </Flex>
      <div data-testid="versions-list">
        {versions.map((v) => (
          <Flex
            key={v.version}
            gap={8}
            align="flex-start"
            justify="space-between"
            style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
            data-testid={`version-${v.version}`}
          >
            <Flex gap={8} align="flex-start" style={{ minWidth: 0 }}>
              <Checkbox checked={picked.includes(v.version)} onChange={(e) => toggle(v.version, e.target.checked)} aria-label={t('ms.versionN', { n: v.version })} />
              <div style={{ minWidth: 0 }}>
                <Flex gap={6} align="center">
                  <Typography.Text strong>{t('ms.versionN', { n: v.version })}</Typography.Text>
                  {v.version === current ? <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t('ver.current')}</Tag> : null}
                </Flex>
                <Typography.Text ellipsis style={{ display: 'block', maxWidth: 220 }}>{v.title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.createdByName} · {formatDateTime(v.createdAt)}
                </Typography.Text>
              </div>
            </Flex>
            {v.version === current ? null : (
              <Tooltip title={restoreBlocked ?? undefined}>
                <Button type="link" size="small" icon={<RollbackOutlined />} disabled={restoreBlocked !== null} onClick={() => restore(v.version)} data-testid={`restore-${v.version}`}>
                  {t('ver.restore')}
                </Button>
              </Tooltip>
            )}
          </Flex>
        ))}
      </div>
      <Modal
        open={diff !== null}
        title={diff ? t('ver.diffTitle', { from: diff.from, to: diff.to }) : ''}
        width={860}
        footer={<Button onClick={() => setDiff(null)}>{t('common.close')}</Button>}
        onCancel={() => setDiff(null)}
        destroyOnHidden
      >
        {comparing ? <Spin /> : diff ? <DiffView diff={diff} /> : null}
      </Modal>
    </>
  );
}
