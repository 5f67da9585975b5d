/**
 * 敏感词: the word list, which may hold 100,000 words: filtered in memory (search and
 * level) and shown a page at a time. Managers add words (a duplicate is refused here,
 * the server would merge it anyway), change a word's level, and remove words.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { App, Button, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SafetyLevel, SafetyWord } from '../../../api/types';
import { useI18n } from '../../../i18n';
import { LEVEL_COLORS, levelWord } from '../editor/safety/labels';

const LEVELS: SafetyLevel[] = ['block', 'review'];

interface Row {
  /** Index in the document's list. */
  i: number;
  w: SafetyWord;
}

interface Props {
  words: SafetyWord[];
  editable: boolean;
  onChange(words: SafetyWord[]): void;
}

/** What counts as the same word: the server folds ASCII case and full-width forms. */
export function wordKey(word: string): string {
  return word.normalize('NFKC').toLowerCase();
}

export function WordsTab({ words, editable, onChange }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [level, setLevel] = useState<SafetyLevel | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const [form] = Form.useForm<{ word: string; level: SafetyLevel; category?: string }>();
  const deferredSearch = useDeferredValue(search);

  const rows = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase();
    const out: Row[] = [];
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (level && w.level !== level) continue;
      if (needle && !w.word.toLowerCase().includes(needle) && !(w.category ?? '').toLowerCase().includes(needle)) continue;
      out.push({ i, w });
    }
    return out;
  }, [words, deferredSearch, level]);

  const counts = useMemo(() => {
    let block = 0;
    for (const w of words) if (w.level === 'block') block++;
    return { block, review: words.length - block };
  }, [words]);

  function add(values: { word: string; level: SafetyLevel; category?: string }) {
    const word = values.word.trim();
    const key = wordKey(word);
    if (words.some((w) => wordKey(w.word) === key)) {
      form.setFields([{ name: 'word', errors: [t('rules.wordExists', { word })] }]);
      return;
    }
    const category = values.category?.trim();
    onChange([{ word, level: values.level, ...(category ? { category } : {}) }, ...words]);
    form.resetFields(['word']);
    setSearch('');
    setPage((p) => ({ ...p, current: 1 }));
    message.success(t('rules.wordAdded', { word }));
  }

  const setWord = (i: number, patch: Partial<SafetyWord>) => onChange(words.map((w, j) => (j === i ? { ...w, ...patch } : w)));

  return (
    <>
      {editable ? (
        <Form form={form} layout="inline" onFinish={add} initialValues={{ level: 'block' }} style={{ marginBottom: 12, rowGap: 8 }} data-testid="word-add-form">
          <Form.Item name="word" rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
            <Input placeholder={t('rules.newWord')} autoComplete="off" style={{ width: 200 }} data-testid="word-input" />
          </Form.Item>
          <Form.Item name="level">
            <Select options={LEVELS.map((l) => ({ value: l, label: levelWord(t, l) }))} style={{ width: 100 }} data-testid="word-level" />
          </Form.Item>
          <Form.Item name="category" rules={[{ max: 50, message: t('validation.max', { n: 50 }) }]}>
            <Input placeholder={t('rules.category')} autoComplete="off" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />} data-testid="word-add">{t('rules.add')}</Button>
          </Form.Item>
        </Form>
      ) : null}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('rules.searchWords')}
          style={{ width: 240 }}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage((p) => ({ ...p, current: 1 }));
          }}
          data-testid="word-search"
        />
        <Select
          allowClear
          placeholder={t('rules.level')}
          style={{ width: 110 }}
          value={level}
          onChange={(l?: SafetyLevel) => {
            setLevel(l);
            setPage((p) => ({ ...p, current: 1 }));
          }}
          options={LEVELS.map((l) => ({ value: l, label: levelWord(t, l) }))}
        />
        <Typography.Text type="secondary" data-testid="word-counts">
          {t('rules.wordCounts', { total: words.length, block: counts.block, review: counts.review })}
        </Typography.Text>
      </Flex>
      <Table<Row>
        size="small"
        rowKey="i"
        dataSource={rows}
        pagination={{
          ...page,
          total: rows.length,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('common.total', { total }),
          onChange: (current, pageSize) => setPage({ current: pageSize !== page.pageSize ? 1 : current, pageSize }),
        }}
        locale={{ emptyText: words.length ? t('rules.noMatch') : t('rules.noWords') }}
        data-testid="words-table"
        columns={[
          { title: t('rules.word'), key: 'word', render: (_, r) => <Typography.Text strong>{r.w.word}</Typography.Text> },
          {
            title: t('rules.level'), key: 'level', width: 130,
            render: (_, r) => editable ? (
              <Select
                size="small"
                value={r.w.level}
                onChange={(l: SafetyLevel) => setWord(r.i, { level: l })}
                options={LEVELS.map((l) => ({ value: l, label: <Tag color={LEVEL_COLORS[l]} style={{ marginInlineEnd: 0 }}>{levelWord(t, l)}</Tag> }))}
                style={{ width: 100 }}
                variant="borderless"
              />
            ) : <Tag color={LEVEL_COLORS[r.w.level]}>{levelWord(t, r.w.level)}</Tag>,
          },
          { title: t('rules.category'), key: 'category', width: 180, render: (_, r) => r.w.category ?? '—' },
          { title: t('rules.note'), key: 'note', render: (_, r) => r.w.note ?? '' },
          ...(editable
            ? [{
                title: t('common.actions'), key: 'actions', width: 80,
                render: (_: unknown, r: Row) => (
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(words.filter((_, j) => j !== r.i))} data-testid="word-remove" />
                ),
              }]
            : []),
        ]}
      />
    </>
  );
}
