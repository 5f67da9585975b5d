/** What the registry page and its import dialog share: words, colours and the count tags. */
import { Tag, Tooltip } from 'antd';
import type { EbResourceKind, EbResourceStatus, EbStatusCounts } from '../../../api/types';
import { useI18n, type I18n, type MessageKey } from '../../../i18n';

export const REGISTRY_READ = 'eb.registry.read';
export const REGISTRY_MANAGE = 'eb.registry.manage';
export const RESOURCE_KINDS: EbResourceKind[] = ['platform', 'frontend', 'adapter', 'terminal', 'loudspeaker'];
export const RESOURCE_STATUSES: EbResourceStatus[] = ['online', 'playing', 'fault', 'offline'];
/** online green, playing blue, fault red, offline grey. */
export const STATUS_COLORS: Record<EbResourceStatus, string> = { online: 'green', playing: 'blue', fault: 'red', offline: 'default' };

export const resourceKindLabel = (t: I18n['t'], kind: string) => t(`ebr.kind.${kind}` as MessageKey);
export const resourceStatusLabel = (t: I18n['t'], status: string) => t(`ebr.status.${status}` as MessageKey);

export function ResourceStatusTag({ status }: { status: EbResourceStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="resource-status">{resourceStatusLabel(t, status)}</Tag>;
}

/** A subtree's terminals as small tags: 在线 12 · 播放 3 · 故障 1 · 离线 4 (zero counts left out). */
export function CountTags({ counts }: { counts: EbStatusCounts }) {
  const { t } = useI18n();
  return (
    <span data-testid="area-counts">
      <Tooltip title={t('ebr.terminalsTotal')}>
        <Tag bordered={false} style={{ marginInlineEnd: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>{counts.total}</Tag>
      </Tooltip>
      {RESOURCE_STATUSES.filter((s) => counts[s] > 0).map((s) => (
        <Tooltip key={s} title={resourceStatusLabel(t, s)}>
          <Tag color={STATUS_COLORS[s]} style={{ marginInlineEnd: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }} data-testid={`count-${s}`}>
            {counts[s]}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}
