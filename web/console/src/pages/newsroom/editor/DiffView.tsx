/** Two versions compared field by field: additions green, deletions red and struck through. */
import type { CSSProperties } from 'react';
import { Empty, Typography } from 'antd';
import type { ManuscriptDiff } from '../../../api/types';
import { useI18n, type MessageKey } from '../../../i18n';

const ADD: CSSProperties = { background: '#d9f7be', color: '#135200', textDecoration: 'none', borderRadius: 2 };
const DEL: CSSProperties = { background: '#ffccc7', color: '#a8071a', textDecoration: 'line-through', borderRadius: 2 };

const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'ms.title',
  subtitle: 'ms.field.subtitle',
  summary: 'ms.field.summary',
  body: 'ms.field.body',
  authorByline: 'ms.field.authorByline',
  editorByline: 'ms.field.editorByline',
  tags: 'ms.field.tags',
  source: 'ms.field.source',
  location: 'ms.field.location',
  bodyMarkup: 'ms.field.bodyMarkup',
  coverMediaId: 'ms.field.cover',
  attachments: 'ms.field.attachments',
  linkUrl: 'ms.field.linkUrl',
};

export function DiffView({ diff }: { diff: ManuscriptDiff }) {
  const { t } = useI18n();
  if (!diff.fields.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ver.noDiff')} />;
  return (
    <div data-testid="diff-view">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        <ins style={{ ...ADD, padding: '0 4px' }}>+</ins> <del style={{ ...DEL, padding: '0 4px' }}>−</del> {t('ver.legend')}
      </Typography.Paragraph>
      {diff.fields.map((f) => (
        <div key={f.field} style={{ marginBottom: 16 }}>
          <Typography.Text strong>{FIELD_LABELS[f.field] ? t(FIELD_LABELS[f.field]!) : f.field}</Typography.Text>
          <div style={{ marginTop: 4, padding: '8px 12px', background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>
            {f.field === 'bodyMarkup' ? (
              <Typography.Text type="secondary">{t('ver.formattingChanged')}</Typography.Text>
            ) : (
              f.ops.map((op, i) =>
                op.op === 'add' ? <ins key={i} style={ADD} data-testid="diff-add">{op.text}</ins>
                : op.op === 'del' ? <del key={i} style={DEL} data-testid="diff-del">{op.text}</del>
                : <span key={i}>{op.text}</span>,
              )
            )}
          </div>
        </div>
      ))}
    </div>
  );
}
