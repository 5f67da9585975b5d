/**
 * The manuscript's media: the cover image (封面图) and the attachments (附件), both chosen
 * from the media library. Form controls (value / onChange), read-only when the manuscript
 * may not be edited. Names are text: React escapes them.
 */
import { useState } from 'react';
import { Alert, Button, Empty, Flex, Input, List, Modal, Pagination, Spin, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, FileOutlined, PaperClipOutlined, PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import type { MediaItem, MediaKind, Page } from '../../../api/types';
import { errorMessage } from '../../../common/errors';
import { useAsync } from '../../../common/useAsync';
import { useI18n, type MessageKey } from '../../../i18n';

export interface Attachment {
  mediaId: string;
  name: string;
}

export const MAX_ATTACHMENTS = 50;
const PAGE_SIZE = 24;

const thumbUrl = (id: string) => `/api/media/${encodeURIComponent(id)}/thumb?size=thumb`;

/** A small preview from the library's 320 px thumbnail, or an icon when there is none. */
function Thumb({ id, hasThumb = true, size = 96, alt, testId }: { id: string; hasThumb?: boolean; size?: number; alt: string; testId?: string }) {
  const [broken, setBroken] = useState(false);
  return (
    <div style={{ width: size, height: size, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', borderRadius: 4, overflow: 'hidden', flex: 'none' }}>
      {hasThumb && !broken ? (
        <img src={thumbUrl(id)} alt={alt} loading="lazy" onError={() => setBroken(true)} style={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }} data-testid={testId} />
      ) : (
        <FileOutlined style={{ fontSize: size / 3, color: '#8c8c8c' }} />
      )}
    </div>
  );
}

/** Chooses one file of the media library, searched by name or tag, a page at a time. */
export function MediaPickerModal({ open, kind, title, onPick, onClose }: {
  open: boolean;
  /** Only this kind (the cover: images); every kind when absent. */
  kind?: MediaKind;
  title: string;
  onPick(item: MediaItem): void;
  onClose(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useAsync(
    () => (open ? api.get<Page<MediaItem>>('/api/media', { kind, q: q || undefined, page, pageSize: PAGE_SIZE }) : Promise.resolve(undefined)),
    [open, kind, q, page],
  );
  const data = list.data;
  return (
    <Modal open={open} title={title} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Input.Search
        allowClear
        placeholder={t('ms.media.searchPlaceholder')}
        onSearch={(v) => {
          setQ(v.trim());
          setPage(1);
        }}
        style={{ marginBottom: 12 }}
        data-testid="media-pick-search"
      />
      {list.error ? (
        <Alert type="error" showIcon title={errorMessage(list.error, i18n)} action={<Button size="small" onClick={list.reload}>{t('common.retry')}</Button>} />
      ) : (
        <Spin spinning={list.loading}>
          {data && !data.items.length ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ms.media.none')} />
          ) : (
            <Flex wrap gap={12} style={{ minHeight: 120 }} data-testid="media-pick-list">
              {(data?.items ?? []).map((item) => (
                <button
                  key={item.id}
                  type="button"
                  onClick={() => onPick(item)}
                  title={item.name}
                  style={{ width: 160, padding: 6, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff', cursor: 'pointer', textAlign: 'left' }}
                  data-testid="media-pick-item"
                  data-name={item.name}
                >
                  <Thumb id={item.id} hasThumb={Boolean(item.urls.thumb)} size={146} alt={item.name} />
                  <Typography.Text ellipsis style={{ display: 'block', marginTop: 4, fontSize: 12 }}>{item.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`media.kind.${item.kind}` as MessageKey)}</Typography.Text>
                </button>
              ))}
            </Flex>
          )}
          {data && data.total > PAGE_SIZE ? (
            <Pagination style={{ marginTop: 12, textAlign: 'right' }} size="small" current={page} pageSize={PAGE_SIZE} total={data.total} showSizeChanger={false} onChange={setPage} />
          ) : null}
        </Spin>
      )}
    </Modal>
  );
}

/** 封面图: an image of the library, shown as its thumbnail; chosen, changed or cleared. */
export function CoverField({ value, onChange, readOnly }: { value?: string | null; onChange?(v: string | null): void; readOnly: boolean }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const id = value ?? null;
  return (
    <div data-testid="field-cover">
      <Flex gap={12} align="center">
        {id ? (
          <Thumb key={id} id={id} size={112} alt={t('ms.field.cover')} testId="cover-thumb" />
        ) : (
          <div style={{ width: 112, height: 112, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#fafafa', border: '1px dashed #d9d9d9', borderRadius: 4 }}>
            <PictureOutlined style={{ fontSize: 28, color: '#bfbfbf' }} />
          </div>
        )}
        {readOnly ? (
          id ? null : <Typography.Text type="secondary" data-testid="cover-none">{t('ms.media.noCover')}</Typography.Text>
        ) : (
          <Flex vertical gap={8}>
            <Button icon={<PictureOutlined />} onClick={() => setPicking(true)} data-testid="cover-pick">
              {id ? t('ms.media.changeCover') : t('ms.media.pickCover')}
            </Button>
            {id ? (
              <Button danger icon={<DeleteOutlined />} onClick={() => onChange?.(null)} data-testid="cover-clear">{t('ms.media.clearCover')}</Button>
            ) : null}
          </Flex>
        )}
      </Flex>
      <MediaPickerModal
        open={picking}
        kind="image"
        title={t('ms.media.pickCover')}
        onClose={() => setPicking(false)}
        onPick={(item) => {
          setPicking(false);
          onChange?.(item.id);
        }}
      />
    </div>
  );
}

/** 附件: files of the library in order; added, moved, removed. */
export function AttachmentsField({ value, onChange, readOnly }: { value?: Attachment[]; onChange?(v: Attachment[]): void; readOnly: boolean }) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const items = value ?? [];
  const set = (next: Attachment[]) => onChange?.(next);
  const move = (i: number, by: number) => {
    const next = [...items];
    const [a] = next.splice(i, 1);
    next.splice(i + by, 0, a!);
    set(next);
  };
  const full = items.length >= MAX_ATTACHMENTS;
  return (
    <div data-testid="field-attachments">
      {items.length ? (
        <List
          size="small"
          bordered
          dataSource={items}
          rowKey={(a) => a.mediaId}
          renderItem={(a, i) => (
            <List.Item
              data-testid="attachment-item"
              actions={readOnly ? [] : [
                <Button key="up" type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} aria-label={t('ms.media.moveUp')} onClick={() => move(i, -1)} />,
                <Button key="down" type="text" size="small" icon={<ArrowDownOutlined />} disabled={i === items.length - 1} aria-label={t('ms.media.moveDown')} onClick={() => move(i, 1)} />,
                <Button key="remove" type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => set(items.filter((_, j) => j !== i))} data-testid="attachment-remove" />,
              ]}
            >
              <Flex gap={8} align="center" style={{ minWidth: 0 }}>
                <PaperClipOutlined />
                <a href={`/api/media/${encodeURIComponent(a.mediaId)}/file`} target="_blank" rel="noopener noreferrer">
                  <Typography.Text ellipsis style={{ maxWidth: 420 }} data-testid="attachment-name">{a.name}</Typography.Text>
                </a>
              </Flex>
            </List.Item>
          )}
        />
      ) : readOnly ? (
        <Typography.Text type="secondary">{t('ms.media.noAttachments')}</Typography.Text>
      ) : null}
      {readOnly ? null : (
        <Flex gap={8} align="center" style={{ marginTop: items.length ? 8 : 0 }}>
          <Button icon={<PlusOutlined />} disabled={full} onClick={() => setPicking(true)} data-testid="attachment-add">{t('ms.media.addAttachment')}</Button>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ms.media.attachmentsCount', { n: items.length, max: MAX_ATTACHMENTS })}</Typography.Text>
        </Flex>
      )}
      <MediaPickerModal
        open={picking}
        title={t('ms.media.addAttachment')}
        onClose={() => setPicking(false)}
        onPick={(item) => {
          setPicking(false);
          if (items.some((a) => a.mediaId === item.id) || full) return;
          set([...items, { mediaId: item.id, name: item.name.slice(0, 200) }]);
        }}
      />
    </div>
  );
}
