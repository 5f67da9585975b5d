/** Create or edit a department (code, name, display order). */
import { Form, Input, InputNumber, Modal } from 'antd';
import { api } from '../../api/client';
import type { Department } from '../../api/types';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';

interface Values {
  code: string;
  name: string;
  sort?: number | null;
}

const FIELDS = ['code', 'name', 'sort'] as const;

interface Props {
  open: boolean;
  /** null: create. */
  department: Department | null;
  onClose(): void;
  onSaved(): void;
}

export function DepartmentFormModal({ open, department, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { form, formError, submit, modalProps } = useFormModal<Department, Values>({
    open,
    record: department,
    values: (d) => ({ code: d.code, name: d.name, sort: d.sort }),
    fields: FIELDS,
    codeFields: { DEPARTMENT_CODE_TAKEN: 'code' },
    async save(values) {
      const body: Record<string, unknown> = { code: values.code.trim(), name: values.name.trim() };
      if (values.sort !== undefined && values.sort !== null) body.sort = values.sort;
      if (department) await api.patch(`/api/departments/${department.id}`, body);
      else await api.post('/api/departments', body);
      return department ? t('common.saved') : t('departments.created', { name: values.name.trim() });
    },
    onClose,
    onSaved,
  });

  return (
    <Modal {...modalProps} title={department ? t('departments.editTitle', { name: department.name }) : t('departments.createTitle')}>
      <FormError text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 16 }}>
        <Form.Item
          name="code"
          label={t('departments.code')}
          extra={t('departments.codeHelp')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 64, message: t('validation.max', { n: 64 }) }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('departments.codePattern') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('departments.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="sort" label={t('departments.sort')} extra={t('departments.sortHelp')}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
