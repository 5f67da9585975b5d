/**
 * One file of the library: a preview (image, audio or video player), what was
 * measured of it, its tags (editable with media.write), which manuscripts use it,
 * download, and delete (media.delete; a file still used is refused with the list).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Drawer, Flex, Popconfirm, Select, Space, Spin, Tag, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../api/client';
import type { MediaDetail, MediaUsage } from '../../../api/types';
import { Link } from '../../../app/router';
import { useCurrentSession } from '../../../app/session';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';
import { statusLabel } from '../shared';
import { formatBytes, formatDuration, mediaKindLabel } from './shared';

interface Props {
  id: string | null;
  onClose(): void;
  onChanged(): void;
  onDeleted(): void;
}

/** Manuscripts named in a MEDIA_IN_USE refusal. */
function blockingManuscripts(err: unknown): { id: string; title: string }[] {
  if (!(err instanceof ApiError) || err.code !== 'MEDIA_IN_USE') return [];
  const list = err.details?.manuscripts;
  return Array.isArray(list) ? list.filter((m): m is { id: string; title: string } => typeof m?.id === 'string' && typeof m?.title === 'string') : [];
}

function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function MediaDrawer({ id, onClose, onChanged, onDeleted }: Props) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const { can } = useCurrentSession();
  const detail = useAsync(() => (id ? api.get<MediaDetail>(`/api/media/${id}`) : Promise.resolve(undefined)), [id]);
  const usage = useAsync(() => (id ? api.get<MediaUsage>(`/api/media/${id}/usage`) : Promise.resolve(undefined)), [id]);
  const [tags, setTags] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [deleteError, setDeleteError] = useState<unknown>(null);

  const m = detail.data && detail.data.id === id ? detail.data : undefined;
  useEffect(() => {
    setTags(m?.tags ?? []);
    setDeleteError(null);
  }, [m]);

  const saveTags = async () => {
    if (!m) return;
    setSaving(true);
    try {
      await api.patch<MediaDetail>(`/api/media/${m.id}`, { tags });
      message.success(t('media.tagsSaved'));
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!m) return;
    try {
      await api.del(`/api/media/${m.id}`);
      message.success(t('media.deleted', { name: m.name }));
      onDeleted();
    } catch (err) {
      setDeleteError(err);
    }
  };

  const tagsChanged = m ? tags.join('\n') !== m.tags.join('\n') : false;
  const inUse = blockingManuscripts(deleteError);
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={560}
      title={m?.name ?? t('media.detail')}
      destroyOnHidden
      data-testid="media-drawer"
      extra={
        m ? (
          <Space>
            <Button icon={<DownloadOutlined />} href={`/api/media/${m.id}/file?download=true`} data-testid="media-download">
              {t('media.download')}
            </Button>
            {can('media.delete') ? (
              <Popconfirm title={t('media.deleteConfirm', { name: m.name })} onConfirm={remove} okButtonProps={{ danger: true }}>
                <Button danger icon={<DeleteOutlined />} data-testid="media-delete">{t('common.delete')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null
      }
    >
      <ErrorAlert error={detail.error} onRetry={detail.reload} />
      {!m ? (
        <Spin />
      ) : (
        <Flex vertical gap={16}>
          {deleteError ? (
            <Alert
              type="error"
              showIcon
              message={errorMessage(deleteError, i18n)}
              description={
                inUse.length ? (
                  <ul style={{ margin: 0, paddingLeft: 20 }}>
                    {inUse.map((ms) => <li key={ms.id}><Link href={`/newsroom/manuscripts/${ms.id}`}>{ms.title}</Link></li>)}
                  </ul>
                ) : undefined
              }
              data-testid="media-delete-error"
            />
          ) : null}
          <div style={{ background: '#f5f5f5', textAlign: 'center' }}>
            {m.kind === 'image' && m.urls.display ? (
              <img src={`/api/media/${m.id}/thumb?size=display`} alt={m.name} style={{ maxWidth: '100%', maxHeight: 360 }} data-testid="media-preview" />
            ) : m.kind === 'video' ? (
              <video controls preload="metadata" src={`/api/media/${m.id}/file`} style={{ width: '100%', maxHeight: 360 }} poster={m.urls.display ? `/api/media/${m.id}/thumb?size=display` : undefined} />
            ) : m.kind === 'audio' ? (
              <audio controls preload="metadata" src={`/api/media/${m.id}/file`} style={{ width: '100%', margin: 16 }} />
            ) : null}
          </div>
          <Descriptions column={1} size="small" bordered data-testid="media-details">
            <Descriptions.Item label={t('media.name')}>{m.name}</Descriptions.Item>
            <Descriptions.Item label={t('media.kindLabel')}>{mediaKindLabel(t, m.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('media.format')}>{m.format.toUpperCase()} ({m.mime})</Descriptions.Item>
            <Descriptions.Item label={t('media.size')}>{formatBytes(m.size)}</Descriptions.Item>
            {m.width !== null && m.height !== null ? (
              <Descriptions.Item label={t('media.dimensions')}>{`${m.width} × ${m.height}`}</Descriptions.Item>
            ) : null}
            {m.durationMs !== null ? <Descriptions.Item label={t('media.duration')}>{formatDuration(m.durationMs)}</Descriptions.Item> : null}
            {m.codecs.video || m.codecs.audio ? (
              <Descriptions.Item label={t('media.codecs')}>{[m.codecs.video, m.codecs.audio].filter(Boolean).join(' / ')}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('media.uploader')}>{m.uploadedBy.name}</Descriptions.Item>
            <Descriptions.Item label={t('media.createdAt')}>{formatDateTime(m.createdAt)}</Descriptions.Item>
            <Descriptions.Item label="SM3"><Typography.Text code copyable style={{ fontSize: 11, wordBreak: 'break-all' }}>{m.sm3}</Typography.Text></Descriptions.Item>
            {Object.entries(m.details).map(([key, value]) => (
              <Descriptions.Item key={key} label={key}>{detailText(value)}</Descriptions.Item>
            ))}
          </Descriptions>

          <div>
            <Typography.Title level={5}>{t('media.tags')}</Typography.Title>
            {can('media.write') ? (
              <Flex gap={8}>
                <Select
                  mode="tags"
                  style={{ flex: 1 }}
                  value={tags}
                  tokenSeparators={[',', '，']}
                  onChange={(v: string[]) => setTags(v.map((x) => x.trim()).filter((x) => x && x.length <= 30).slice(0, 20))}
                  placeholder={t('media.uploadTagsPlaceholder')}
                  data-testid="media-tags-edit"
                />
                <Button type="primary" loading={saving} disabled={!tagsChanged} onClick={saveTags} data-testid="media-tags-save">
                  {t('common.save')}
                </Button>
              </Flex>
            ) : m.tags.length ? (
              m.tags.map((x) => <Tag key={x}>{x}</Tag>)
            ) : (
              <Typography.Text type="secondary">{t('media.noTags')}</Typography.Text>
            )}
          </div>

          <div data-testid="media-usage">
            <Typography.Title level={5}>{t('media.usage')}</Typography.Title>
            <ErrorAlert error={usage.error} onRetry={usage.reload} />
            {usage.data ? (
              usage.data.items.length === 0 && usage.data.hidden === 0 ? (
                <Typography.Text type="secondary">{t('media.unused')}</Typography.Text>
              ) : (
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {usage.data.items.map((u) => (
                    <li key={u.manuscriptId}>
                      <Link href={`/newsroom/manuscripts/${u.manuscriptId}`}>{u.title}</Link>{' '}
                      <Typography.Text type="secondary">
                        {statusLabel(t, u.status)}
                        {u.places.length ? ` · ${u.places.map((p) => t(p === 'cover' ? 'media.place.cover' : 'media.place.body')).join('、')}` : ` · ${t('media.place.earlier')}`}
                      </Typography.Text>
                      {u.blocking ? <Tag color="orange" style={{ marginLeft: 8 }}>{t('media.blocking')}</Tag> : null}
                    </li>
                  ))}
                  {usage.data.hidden ? <li><Typography.Text type="secondary">{t('media.hiddenUsage', { n: usage.data.hidden })}</Typography.Text></li> : null}
                </ul>
              )
            ) : usage.loading ? <Spin size="small" /> : null}
          </div>
        </Flex>
      )}
    </Drawer>
  );
}
