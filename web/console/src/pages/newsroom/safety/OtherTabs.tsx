/**
 * The smaller lists of the rules: typo pairs (按装 → 安装), leaders in protocol order
 * (rank 1 first; their order and titles are checked in the text), and banned link hosts
 * (a host and all its subdomains).
 */
import { useMemo, useState } from 'react';
import { Button, Form, Input, InputNumber, Space, Table, Typography } from 'antd';
import { ArrowDownOutlined, ArrowRightOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SafetyRulesDocument } from '../../../api/types';
import { useI18n } from '../../../i18n';

type Typo = SafetyRulesDocument['typos'][number];
type Leader = SafetyRulesDocument['leaders'][number];

interface ListProps<T> {
  items: T[];
  editable: boolean;
  onChange(items: T[]): void;
}

export function TyposTab({ items, editable, onChange }: ListProps<Typo>) {
  const { t } = useI18n();
  const [form] = Form.useForm<Typo>();
  const [search, setSearch] = useState('');
  const rows = useMemo(() => {
    const needle = search.trim();
    return items.map((typo, i) => ({ typo, i })).filter((r) => !needle || r.typo.wrong.includes(needle) || r.typo.right.includes(needle));
  }, [items, search]);

  function add(v: Typo) {
    const wrong = v.wrong.trim();
    if (items.some((x) => x.wrong === wrong)) {
      form.setFields([{ name: 'wrong', errors: [t('rules.typoExists', { word: wrong })] }]);
      return;
    }
    onChange([{ wrong, right: v.right.trim() }, ...items]);
    form.resetFields();
  }

  return (
    <>
      {editable ? (
        <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="wrong" rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 50, message: t('validation.max', { n: 50 }) }]}>
            <Input placeholder={t('rules.typoWrong')} autoComplete="off" style={{ width: 160 }} data-testid="typo-wrong" />
          </Form.Item>
          <Form.Item name="right" rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 50, message: t('validation.max', { n: 50 }) }]}>
            <Input placeholder={t('rules.typoRight')} autoComplete="off" style={{ width: 160 }} data-testid="typo-right" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />} data-testid="typo-add">{t('rules.add')}</Button>
          </Form.Item>
        </Form>
      ) : null}
      <Input.Search allowClear placeholder={t('rules.searchTypos')} style={{ width: 240, marginBottom: 12 }} value={search} onChange={(e) => setSearch(e.target.value)} />
      <Table
        size="small"
        rowKey="i"
        dataSource={rows}
        pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('rules.noTypos') }}
        data-testid="typos-table"
        columns={[
          {
            title: t('rules.typoPair'), key: 'pair',
            render: (_, r) => (
              <Space>
                <Typography.Text delete type="danger">{r.typo.wrong}</Typography.Text>
                <ArrowRightOutlined style={{ color: '#8c8c8c' }} />
                <Typography.Text strong style={{ color: '#389e0d' }}>{r.typo.right}</Typography.Text>
              </Space>
            ),
          },
          ...(editable
            ? [{
                title: t('common.actions'), key: 'actions', width: 80,
                render: (_: unknown, r: { i: number }) => (
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(items.filter((_, j) => j !== r.i))} />
                ),
              }]
            : []),
        ]}
      />
    </>
  );
}

/** Ranks 1..n in the list's order. */
const renumber = (leaders: Leader[]): Leader[] => leaders.map((l, i) => ({ ...l, rank: i + 1 }));

export function LeadersTab({ items, editable, onChange }: ListProps<Leader>) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; title?: string; rank?: number }>();
  const sorted = useMemo(() => [...items].sort((a, b) => a.rank - b.rank), [items]);

  function add(v: { name: string; title?: string; rank?: number }) {
    const name = v.name.trim();
    if (items.some((l) => l.name === name)) {
      form.setFields([{ name: 'name', errors: [t('rules.leaderExists', { name })] }]);
      return;
    }
    const leader = { name, title: (v.title ?? '').trim(), rank: 0 };
    // Inserted at the rank asked for (else last); everyone after moves down one.
    const at = v.rank ? Math.min(Math.max(v.rank, 1), sorted.length + 1) - 1 : sorted.length;
    onChange(renumber([...sorted.slice(0, at), leader, ...sorted.slice(at)]));
    form.resetFields();
  }

  const move = (index: number, by: -1 | 1) => {
    const next = [...sorted];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    onChange(renumber(next));
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('rules.leadersHelp')}</Typography.Paragraph>
      {editable ? (
        <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 20, message: t('validation.max', { n: 20 }) }]}>
            <Input placeholder={t('rules.leaderName')} autoComplete="off" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="title" rules={[{ max: 50, message: t('validation.max', { n: 50 }) }]}>
            <Input placeholder={t('rules.leaderTitle')} autoComplete="off" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="rank">
            <InputNumber min={1} max={1000} placeholder={t('rules.rank')} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />}>{t('rules.add')}</Button>
          </Form.Item>
        </Form>
      ) : null}
      <Table
        size="small"
        rowKey="name"
        dataSource={sorted}
        pagination={false}
        locale={{ emptyText: t('rules.noLeaders') }}
        data-testid="leaders-table"
        columns={[
          { title: t('rules.rank'), dataIndex: 'rank', key: 'rank', width: 80 },
          { title: t('rules.leaderName'), dataIndex: 'name', key: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
          { title: t('rules.leaderTitle'), dataIndex: 'title', key: 'title' },
          ...(editable
            ? [{
                title: t('common.actions'), key: 'actions', width: 140,
                render: (_: unknown, l: Leader, index: number) => (
                  <Space size={0}>
                    <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('rules.moveUp')} disabled={index === 0} onClick={() => move(index, -1)} />
                    <Button type="text" size="small" icon={<ArrowDownOutlined />} aria-label={t('rules.moveDown')} disabled={index === sorted.length - 1} onClick={() => move(index, 1)} />
                    <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(renumber(sorted.filter((x) => x !== l)))} />
                  </Space>
                ),
              }]
            : []),
        ]}
      />
    </>
  );
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function HostsTab({ items, editable, onChange }: ListProps<string>) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ host: string }>();

  function add({ host }: { host: string }) {
    // People paste addresses: keep the host name only.
    const name = host.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/[/:?#].*$/, '').replace(/^www\./, '');
    if (!HOST.test(name)) {
      form.setFields([{ name: 'host', errors: [t('rules.hostInvalid')] }]);
      return;
    }
    if (items.includes(name)) {
      form.setFields([{ name: 'host', errors: [t('rules.hostExists', { host: name })] }]);
      return;
    }
    onChange([name, ...items]);
    form.resetFields();
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('rules.hostsHelp')}</Typography.Paragraph>
      {editable ? (
        <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 12 }}>
          <Form.Item name="host" rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
            <Input placeholder="example.com" autoComplete="off" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<PlusOutlined />}>{t('rules.add')}</Button>
          </Form.Item>
        </Form>
      ) : null}
      <Table
        size="small"
        rowKey={(h) => h}
        dataSource={items}
        pagination={{ defaultPageSize: 50, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: t('rules.noHosts') }}
        data-testid="hosts-table"
        columns={[
          { title: t('rules.host'), key: 'host', render: (_, h) => <Typography.Text code>{h}</Typography.Text> },
          ...(editable
            ? [{
                title: t('common.actions'), key: 'actions', width: 80,
                render: (_: unknown, h: string) => (
                  <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => onChange(items.filter((x) => x !== h))} />
                ),
              }]
            : []),
        ]}
      />
    </>
  );
}
