/** Create or edit a column (栏目): code, name, review levels 1–3, display order. */
import { Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import { api } from '../../api/client';
import type { NewsColumn } from '../../api/types';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';

interface Values {
  code: string;
  name: string;
  reviewLevels: number;
  sort?: number | null;
}

const FIELDS = ['code', 'name', 'reviewLevels', 'sort'] as const;

export function ColumnFormModal({ open, column, onClose, onSaved }: { open: boolean; column: NewsColumn | null; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { form, formError, submit, modalProps, creating } = useFormModal<NewsColumn, Values>({
    open,
    record: column,
    values: (c) => ({ code: c.code, name: c.name, reviewLevels: c.reviewLevels, sort: c.sort }),
    fields: FIELDS,
    codeFields: { COLUMN_CODE_TAKEN: 'code' },
    async save(values) {
      const body: Record<string, unknown> = { name: values.name.trim(), reviewLevels: values.reviewLevels };
      if (values.sort !== undefined && values.sort !== null) body.sort = values.sort;
      if (column) await api.patch(`/api/columns/${column.id}`, body);
      else await api.post('/api/columns', { code: values.code.trim(), ...body });
      return column ? t('common.saved') : t('columns.created', { name: values.name.trim() });
    },
    onClose,
    onSaved,
  });

  return (
    <Modal
      {...modalProps}
      title={column ? t('columns.editTitle', { name: column.name }) : t('columns.createTitle')}
      okButtonProps={{ 'data-testid': 'column-submit' }}
    >
      <FormError text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ reviewLevels: 3 }} style={{ marginTop: 16 }}>
        <Form.Item
          name="code"
          label={t('columns.code')}
          extra={creating ? t('columns.codeHelp') : undefined}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 64, message: t('validation.max', { n: 64 }) }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('columns.codePattern') }]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('columns.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="reviewLevels" label={t('columns.reviewLevels')} extra={creating ? undefined : t('columns.reviewLevelsHelp')}>
          <Radio.Group>
            <Space orientation="vertical">
              {[1, 2, 3].map((n) => (
                <Radio value={n} key={n}>{t(`columns.levels.${n}` as 'columns.levels.1')}</Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="sort" label={t('columns.sort')} extra={t('columns.sortHelp')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
