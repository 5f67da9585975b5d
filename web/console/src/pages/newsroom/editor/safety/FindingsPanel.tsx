/**
 * 内容安全 tab: what the live check found, "block" (red) before "review" (orange), each
 * with its field, rule, category and suggestion; clicking one shows it in the text.
 */
import { Alert, Empty, Flex, List, Space, Spin, Tag, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import type { SafetyFinding } from '../../../../api/types';
import { errorMessage } from '../../../../common/errors';
import { useI18n } from '../../../../i18n';
import { fieldWord, LEVEL_COLORS, levelWord, ruleWord, sortFindings } from './labels';
import type { SafetyState } from './useSafetyCheck';

export function FindingsPanel({ safety, onLocate }: { safety: SafetyState; onLocate(f: SafetyFinding): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { result, error, checking } = safety;

  return (
    <div data-testid="safety-panel">
      {error ? <Alert type="warning" showIcon title={t('safety.checkFailed')} description={errorMessage(error, i18n)} style={{ marginBottom: 12 }} /> : null}
      <Flex justify="space-between" align="center" style={{ margin: '4px 0 12px' }}>
        <Space size={6} wrap>
          <Tag color={result?.blocking ? 'red' : 'default'} data-testid="safety-blocking">{t('safety.blockingN', { n: result?.blocking ?? 0 })}</Tag>
          <Tag color={result?.reviewing ? 'orange' : 'default'} data-testid="safety-reviewing">{t('safety.reviewingN', { n: result?.reviewing ?? 0 })}</Tag>
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {checking ? <Spin size="small" style={{ marginInlineEnd: 6 }} /> : null}
          {result ? t('safety.rulesVersion', { n: result.rulesVersion }) : t('safety.checking')}
        </Typography.Text>
      </Flex>
      {result && result.findings.length === 0 ? (
        <Empty image={<CheckCircleOutlined style={{ fontSize: 36, color: '#52c41a' }} />} styles={{ image: { height: 40 } }} description={t('safety.clean')} />
      ) : (
        <List
          size="small"
          dataSource={result ? sortFindings(result.findings) : []}
          locale={{ emptyText: t('safety.checking') }}
          renderItem={(f) => (
            <List.Item
              style={{ cursor: 'pointer', paddingInline: 4, borderInlineStart: `3px solid ${f.level === 'block' ? '#ff4d4f' : '#fa8c16'}` }}
              onClick={() => onLocate(f)}
              data-testid="safety-finding"
              data-level={f.level}
              data-word={f.word}
              data-field={f.field}
            >
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Space size={6} wrap>
                  <Tag color={LEVEL_COLORS[f.level]} style={{ marginInlineEnd: 0 }}>{levelWord(t, f.level)}</Tag>
                  <Typography.Text strong>{f.word}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{ruleWord(t, f.rule)} · {fieldWord(t, f.field)}</Typography.Text>
                </Space>
                {f.category ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('safety.category', { text: f.category })}</Typography.Text> : null}
                {f.suggestion ? <Typography.Text style={{ fontSize: 12 }} data-testid="safety-suggestion">{t('safety.suggestion', { text: f.suggestion })}</Typography.Text> : null}
              </Flex>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

/** Under a one-line field: the words found in it, coloured by level. */
export function FieldFindings({ findings }: { findings: SafetyFinding[] }) {
  const { t } = useI18n();
  if (!findings.length) return null;
  return (
    <Space size={[4, 4]} wrap style={{ marginTop: 4 }} data-testid="field-findings">
      {sortFindings(findings).map((f, i) => (
        <Tag key={`${f.start}-${f.rule}-${i}`} color={LEVEL_COLORS[f.level]} style={{ marginInlineEnd: 0 }} data-level={f.level}>
          {levelWord(t, f.level)} · {f.word}{f.suggestion ? ` → ${f.suggestion}` : ''}
        </Tag>
      ))}
    </Space>
  );
}

/** The strictest level among findings: for a field's error or warning state. */
export function statusOf(findings: SafetyFinding[]): 'error' | 'warning' | undefined {
  if (findings.some((f) => f.level === 'block')) return 'error';
  return findings.length ? 'warning' : undefined;
}
