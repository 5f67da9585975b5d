/**
 * Pieces the emergency broadcast pages share: status and severity tags in the official
 * warning colours, the DRILL / REAL badges and banner (drills look unmistakably
 * different everywhere: the lesson of Hawaii 2018), type and event-type words, and
 * area names for area codes.
 */
import { Flex, Tag } from 'antd';
import { api } from '../../api/client';
import type { Area, Broadcast, EbMsgType, EbStatus, Items } from '../../api/types';
import { useAsync } from '../../common/useAsync';
import { useI18n, type I18n, type MessageKey } from '../../i18n';
import styles from './emergency.module.css';

export { styles };

export const EB_READ = 'eb.broadcast.read';
export const EB_AUTHOR = 'eb.broadcast.author';
export const EB_APPROVE = 'eb.broadcast.approve';
export const EB_KEYS = 'eb.keys.manage';

export const EB_STATUSES: EbStatus[] = ['draft', 'pending', 'approved', 'rejected', 'cancelled', 'completed'];
export const MSG_TYPES: EbMsgType[] = [1, 3, 4, 5];
export const DRILL_TYPES: EbMsgType[] = [3, 4, 5];
export const SEVERITIES = [1, 2, 3, 4, 0] as const;

/** GB/T 35561 codes and the broadcast extensions offered in the form; any other 5-digit code may be typed. */
export const EVENT_TYPES = ['10101', '10102', '10201', '10202', '10203', '10208', '10300', '10400', '10500', '50100', '60000', '60100'];

const STATUS_COLORS: Record<EbStatus, string> = {
  draft: 'default',
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
  completed: 'cyan',
};

/** The official warning colours: 1 red / I … 4 blue / IV; 0 unknown. */
export const SEVERITY_COLORS: Record<number, { bg: string; fg: string }> = {
  1: { bg: '#e60012', fg: '#fff' },
  2: { bg: '#ff7a00', fg: '#fff' },
  3: { bg: '#ffd600', fg: '#3d2e00' },
  4: { bg: '#1d4ed8', fg: '#fff' },
  0: { bg: '#d9d9d9', fg: '#262626' },
};

export const statusLabel = (t: I18n['t'], status: string) => t(`eb.status.${status}` as MessageKey);
export const msgTypeLabel = (t: I18n['t'], msgType: number) => t(`eb.msgType.${msgType}` as MessageKey);
export const severityLabel = (t: I18n['t'], severity: number) => t(`eb.severity.${severity}` as MessageKey);
export const isDrill = (msgType: number) => msgType >= 3;

/** `10101 洪水`; a code the list does not name shows alone. */
export function eventTypeLabel(i18n: I18n, code: string): string {
  const name = i18n.tOr(`eb.event.${code}`, '');
  return name ? `${code} ${name}` : code;
}

export function EbStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status as EbStatus] ?? 'default'} data-testid="eb-status">
      {statusLabel(t, status)}
    </Tag>
  );
}

export function SeverityTag({ severity }: { severity: number }) {
  const { t } = useI18n();
  const c = SEVERITY_COLORS[severity] ?? SEVERITY_COLORS[0]!;
  return (
    <span className={styles.severity} style={{ background: c.bg, color: c.fg }} data-testid="eb-severity" data-severity={severity}>
      {severityLabel(t, severity)}
    </span>
  );
}

/** 演练 DRILL or 真实 REAL, in the list, the header and every confirm dialog. */
export function ModeBadge({ drill, large }: { drill: boolean; large?: boolean }) {
  const { t } = useI18n();
  const cls = [styles.badge, drill ? styles.drillBadge : styles.realBadge, large ? styles.badgeLarge : ''].join(' ');
  return (
    <span className={cls} data-testid={drill ? 'eb-drill-badge' : 'eb-real-badge'}>
      {drill ? t('eb.badge.drill') : t('eb.badge.real')}
    </span>
  );
}

/** The band across a broadcast's header and its confirm dialogs: hatched violet for a drill, red for a real send. */
export function ModeBanner({ msgType, compact }: { msgType: number; compact?: boolean }) {
  const { t } = useI18n();
  const drill = isDrill(msgType);
  return (
    <div className={[styles.banner, drill ? styles.bannerDrill : styles.bannerReal].join(' ')} data-testid={drill ? 'eb-drill-banner' : 'eb-real-banner'}>
      <ModeBadge drill={drill} large={!compact} />
      <Flex vertical gap={2}>
        <span className={styles.bannerTitle}>{drill ? t('eb.banner.drill', { type: msgTypeLabel(t, msgType) }) : t('eb.banner.real')}</span>
        <span>{drill ? t('eb.banner.drillText') : t('eb.banner.realText')}</span>
      </Flex>
    </div>
  );
}

/** The area a 12-digit code (6 county + 3 town + 3 village) sits under: its list is where its name is. */
function parentOf(code: string): string | null {
  if (code.slice(6) === '000000') return null;
  if (code.slice(9) === '000') return `${code.slice(0, 6)}000000`;
  return `${code.slice(0, 9)}000`;
}

/** Names of area codes, read level by level from /api/areas; a code not found keeps its digits. */
export function useAreaNames(codes: readonly string[] | undefined) {
  const key = (codes ?? []).join(',');
  return useAsync(async () => {
    const names = new Map<string, string>();
    const parents = [...new Set((codes ?? []).map(parentOf))];
    await Promise.all(
      parents.map(async (parent) => {
        try {
          const { items } = await api.get<Items<Area>>('/api/areas', { parent: parent ?? undefined });
          for (const a of items) names.set(a.code, a.name);
        } catch {
          // Unknown parent or no right to read areas: the code is shown instead.
        }
      }),
    );
    return names;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `codes`
  }, [key]);
}

/** What a broadcast says in one line for a confirm dialog: the area names, or codes. */
export function areaNamesOf(b: Pick<Broadcast, 'areaCodes'>, names: Map<string, string> | undefined): string[] {
  return b.areaCodes.map((c) => names?.get(c) ?? c);
}
