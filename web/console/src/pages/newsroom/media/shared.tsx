/** What the media library pages share: kind words and icons, sizes, durations, the thumbnail. */
import { CustomerServiceOutlined, FileOutlined, FileImageOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { MediaItem, MediaKind } from '../../../api/types';
import type { I18n, MessageKey } from '../../../i18n';
import { formatBytes } from '../../backups/formatBytes';

export const MEDIA_KINDS: MediaKind[] = ['image', 'audio', 'video', 'document'];

export const mediaKindLabel = (t: I18n['t'], kind: string) => t(`media.kind.${kind}` as MessageKey);
export { formatBytes };

/** 1:05 or 1:02:03. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const ICONS: Record<MediaKind, typeof FileOutlined> = {
  image: FileImageOutlined, audio: CustomerServiceOutlined, video: VideoCameraOutlined, document: FileOutlined,
};

/** The 320 px preview (images and videos), or the kind's icon. The <img> carries the session cookie: same origin. */
export function MediaThumb({ item, height = 140 }: { item: MediaItem; height?: number }) {
  const Icon = ICONS[item.kind] ?? FileOutlined;
  return (
    <div style={{ height, display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', overflow: 'hidden' }}>
      {item.urls.thumb ? (
        <img src={`/api/media/${item.id}/thumb?size=thumb`} alt={item.name} loading="lazy" style={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }} data-testid="media-thumb" />
      ) : (
        <Icon style={{ fontSize: height / 3, color: '#8c8c8c' }} />
      )}
    </div>
  );
}
