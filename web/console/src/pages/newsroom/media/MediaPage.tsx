/**
 * 媒体库: the center's files, searched (name or tag), filtered (kind, tag, mine) and
 * paged on the server, as a grid of thumbnails or a table. Uploads go one file per
 * request (multipart, `X-Rongmei-Upload: 1`); the server decides the type by content
 * and its refusals are shown in words. A file opens in a drawer (details, tags, usage,
 * preview, download, delete).
 */
import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Empty, Flex, Input, Pagination, Row, Segmented, Select, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { AppstoreOutlined, InboxOutlined, ReloadOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import type { UploadProps } from 'antd';
import { api, uploadForm } from '../../../api/client';
import type { Items, MediaDetail, MediaItem, MediaKind, MediaTagCount, Page } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { errorMessage } from '../../../common/errors';
import { PageHeader } from '../../../common/PageHeader';
import { useAsync } from '../../../common/useAsync';
import { useListQuery } from '../../../common/useListQuery';
import { useI18n } from '../../../i18n';
import { MediaDrawer } from './MediaDrawer';
import { formatBytes, MEDIA_KINDS, mediaKindLabel, MediaThumb } from './shared';

interface Filters {
  q: string;
  kind?: MediaKind;
  tag?: string;
  mine: boolean;
}

const NO_FILTERS: Filters = { q: '', kind: undefined, tag: undefined, mine: false };

export default function MediaPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { message } = App.useApp();
  const { can } = useCurrentSession();
  const [view, setView] = useState<'grid' | 'table'>('grid');
  const [openId, setOpenId] = useState<string | null>(null);
  const [uploadTags, setUploadTags] = useState<string[]>([]);
  const [uploadErrors, setUploadErrors] = useState<{ name: string; text: string }[]>([]);

  const { query, list, filtered, filter, reset, search, table, pagination, onPageChange } = useListQuery<Filters, MediaItem>({
    filters: NO_FILTERS,
    pageSize: 24,
    pageSizes: [12, 24, 48, 96],
    load: (q) => api.get<Page<MediaItem>>('/api/media', { ...q, mine: q.mine ? true : undefined }),
  });
  const tags = useAsync(() => api.get<Items<MediaTagCount>>('/api/media/tags').then((r) => r.items), [list.data]);

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const blob = file as File;
    const form = new FormData();
    if (uploadTags.length) form.append('tags', uploadTags.join(','));
    form.append('file', blob, blob.name);
    uploadForm<MediaDetail>('/api/media', form).then(
      (created) => {
        onSuccess?.(created);
        message.success(t('media.uploaded', { name: created.name }));
        list.reload();
      },
      (err: unknown) => {
        const text = errorMessage(err, i18n);
        setUploadErrors((errors) => [{ name: blob.name, text }, ...errors].slice(0, 5));
        onError?.(err instanceof Error ? err : new Error(text));
      },
    );
  };

  const columns: ColumnsType<MediaItem> = [
    { title: t('media.preview'), key: 'thumb', width: 96, render: (_, m) => <MediaThumb item={m} height={56} /> },
    {
      title: t('media.name'), dataIndex: 'name', key: 'name',
      render: (name: string, m) => <Typography.Link onClick={() => setOpenId(m.id)} data-testid="media-name">{name}</Typography.Link>,
    },
    { title: t('media.kindLabel'), dataIndex: 'kind', key: 'kind', width: 90, render: (k: string) => mediaKindLabel(t, k) },
    { title: t('media.format'), dataIndex: 'format', key: 'format', width: 90 },
    { title: t('media.size'), dataIndex: 'size', key: 'size', width: 100, render: (n: number) => formatBytes(n) },
    { title: t('media.tags'), dataIndex: 'tags', key: 'tags', render: (tg: string[]) => tg.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t('media.uploader'), key: 'uploader', width: 120, render: (_, m) => m.uploadedBy.name },
    { title: t('media.createdAt'), dataIndex: 'createdAt', key: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
  ];

  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('nav.media')} subtitle={t('media.subtitle')} />
      {can('media.write') ? (
        <Card style={{ marginBottom: 16 }} data-testid="media-upload-card">
          <Flex gap={8} align="center" style={{ marginBottom: 12 }} wrap>
            <Typography.Text>{t('media.uploadTags')}</Typography.Text>
            <Select
              mode="tags"
              style={{ minWidth: 280 }}
              value={uploadTags}
              onChange={(v: string[]) => setUploadTags(v.map((x) => x.trim()).filter((x) => x && x.length <= 30).slice(0, 20))}
              tokenSeparators={[',', '，']}
              placeholder={t('media.uploadTagsPlaceholder')}
              options={(tags.data ?? []).map((x) => ({ value: x.tag, label: x.tag }))}
              data-testid="media-upload-tags"
            />
          </Flex>
          <Upload.Dragger multiple customRequest={customRequest} showUploadList={{ showRemoveIcon: true }} data-testid="media-upload">
            <p className="ant-upload-drag-icon"><InboxOutlined /></p>
            <p className="ant-upload-text">{t('media.uploadHint')}</p>
            <p className="ant-upload-hint">{t('media.uploadLimits')}</p>
          </Upload.Dragger>
          {uploadErrors.length ? (
            <Space direction="vertical" style={{ marginTop: 12, width: '100%' }} data-testid="media-upload-errors">
              {uploadErrors.map((e, i) => (
                <Typography.Text type="danger" key={`${e.name}-${i}`}>
                  {t('media.uploadFailed', { name: e.name, reason: e.text })}
                </Typography.Text>
              ))}
            </Space>
          ) : null}
        </Card>
      ) : null}
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder={t('media.searchPlaceholder')}
            style={{ width: 240 }}
            {...search}
            data-testid="media-search"
          />
          <Select
            allowClear
            placeholder={t('media.kindLabel')}
            style={{ width: 110 }}
            value={query.kind}
            onChange={(kind?: MediaKind) => filter({ kind })}
            options={MEDIA_KINDS.map((k) => ({ value: k, label: mediaKindLabel(t, k) }))}
            data-testid="media-kind"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('media.tag')}
            style={{ width: 160 }}
            value={query.tag}
            onChange={(tag?: string) => filter({ tag })}
            options={(tags.data ?? []).map((x) => ({ value: x.tag, label: `${x.tag} (${x.count})` }))}
            notFoundContent={t('common.none')}
            data-testid="media-tag"
          />
          <Checkbox checked={query.mine} onChange={(e) => filter({ mine: e.target.checked })} data-testid="media-mine">
            {t('media.mine')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={reset}>
            {t('common.reset')}
          </Button>
          <Segmented
            style={{ marginLeft: 'auto' }}
            value={view}
            onChange={(v) => setView(v as 'grid' | 'table')}
            options={[
              { value: 'grid', icon: <AppstoreOutlined />, title: t('media.viewGrid') },
              { value: 'table', icon: <UnorderedListOutlined />, title: t('media.viewTable') },
            ]}
          />
        </Flex>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        {view === 'table' ? (
          <Table<MediaItem>
            rowKey="id"
            size="middle"
            {...table}
            columns={columns}
            locale={{ emptyText: filtered ? t('media.noMatch') : t('media.empty') }}
            data-testid="media-table"
          />
        ) : (
          <Spin spinning={list.loading}>
            {items.length === 0 && !list.loading ? (
              <Empty description={filtered ? t('media.noMatch') : t('media.empty')} />
            ) : (
              <Row gutter={[16, 16]} data-testid="media-grid">
                {items.map((m) => (
                  <Col key={m.id} xs={12} sm={8} md={6} lg={4}>
                    <Card hoverable size="small" cover={<MediaThumb item={m} />} onClick={() => setOpenId(m.id)} data-testid="media-card">
                      <Typography.Text ellipsis={{ tooltip: m.name }} strong style={{ display: 'block' }}>{m.name}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {mediaKindLabel(t, m.kind)} · {m.format.toUpperCase()} · {formatBytes(m.size)}
                      </Typography.Text>
                    </Card>
                  </Col>
                ))}
              </Row>
            )}
            <Flex justify="flex-end" style={{ marginTop: 16 }}>
              <Pagination {...pagination} onChange={onPageChange} />
            </Flex>
          </Spin>
        )}
      </Card>
      <MediaDrawer
        id={openId}
        onClose={() => setOpenId(null)}
        onChanged={list.reload}
        onDeleted={() => {
          setOpenId(null);
          list.reload();
        }}
      />
    </>
  );
}
