/**
 * The manuscript body editor: TipTap with StarterKit (headings H2/H3, bold, italic,
 * lists, blockquote, undo/redo), Link and Image, and the content-safety highlights
 * (view-only decorations, ./safety). It produces structured HTML; the
 * server cleans it again to an allow-list. What TipTap loads is parsed into its schema
 * (an inert document), so markup outside the schema, event handlers and scripts never
 * reach the page.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Form, Input, Modal, Tooltip } from 'antd';
import {
  BoldOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, PictureOutlined, RedoOutlined, UndoOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Link from '@tiptap/extension-link';
import Image from '@tiptap/extension-image';
import { useI18n, type MessageKey } from '../../../i18n';
import { SafetyHighlight } from './safety/SafetyHighlight';
import styles from './editor.module.css';

const SAFE_URL = /^https?:\/\/[^\s]+$/i;

/** The body editor; `onChange` runs when the user changes the text (not when it is loaded). */
export function useBodyEditor(onChange: () => void): Editor {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  return useEditor({
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3] }, link: false, code: false, codeBlock: false }),
      Link.configure({
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: ['http', 'https', 'mailto'],
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      }),
      Image.configure({ inline: false, allowBase64: false }),
      // Safety findings as view-only decorations (never saved).
      SafetyHighlight,
    ],
    content: '',
    onUpdate: () => onChangeRef.current(),
  });
}

/** Replaces the body without marking it changed and without an undo step. */
export function loadBody(editor: Editor, html: string): void {
  editor.chain().setMeta('addToHistory', false).setContent(html, { emitUpdate: false }).run();
}

/** The body as HTML: empty when there is no text. */
export function bodyHtmlOf(editor: Editor): string {
  return editor.isEmpty ? '' : editor.getHTML();
}

type UrlAsk = { kind: 'link' | 'image'; initial: string } | null;

export function RichTextEditor({ editor, readOnly }: { editor: Editor; readOnly: boolean }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState<UrlAsk>(null);

  useEffect(() => {
    // false: switching modes is not a change of the text.
    editor.setEditable(!readOnly, false);
  }, [editor, readOnly]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });

  const tool = (key: string, label: MessageKey, icon: ReactNode, active: boolean, run: () => void, disabled = false) => (
    <Tooltip title={t(label)} key={key}>
      <Button
        type={active ? 'primary' : 'text'}
        ghost={active}
        size="small"
        icon={icon}
        aria-label={t(label)}
        aria-pressed={active}
        disabled={readOnly || disabled}
        onMouseDown={(e) => e.preventDefault()} // keep the selection in the editor
        onClick={run}
        data-testid={`tool-${key}`}
      />
    </Tooltip>
  );
  const text = (s: string) => <span style={{ fontWeight: 600, fontSize: 12 }}>{s}</span>;

  return (
    <div className={`${styles.frame} ${readOnly ? styles.readOnly : ''}`}>
      {readOnly ? null : (
        <div className={styles.toolbar} role="toolbar" aria-label={t('editor.toolbar')}>
          {tool('h2', 'editor.h2', text('H2'), state.h2, () => editor.chain().focus().toggleHeading({ level: 2 }).run())}
          {tool('h3', 'editor.h3', text('H3'), state.h3, () => editor.chain().focus().toggleHeading({ level: 3 }).run())}
          <span className={styles.separator} />
          {tool('bold', 'editor.bold', <BoldOutlined />, state.bold, () => editor.chain().focus().toggleBold().run())}
          {tool('italic', 'editor.italic', <ItalicOutlined />, state.italic, () => editor.chain().focus().toggleItalic().run())}
          <span className={styles.separator} />
          {tool('bulletList', 'editor.bulletList', <UnorderedListOutlined />, state.bulletList, () => editor.chain().focus().toggleBulletList().run())}
          {tool('orderedList', 'editor.orderedList', <OrderedListOutlined />, state.orderedList, () => editor.chain().focus().toggleOrderedList().run())}
          {tool('blockquote', 'editor.blockquote', text('❝'), state.blockquote, () => editor.chain().focus().toggleBlockquote().run())}
          <span className={styles.separator} />
          {tool('link', state.link ? 'editor.unlink' : 'editor.link', <LinkOutlined />, state.link, () => {
            if (state.link) editor.chain().focus().extendMarkRange('link').unsetLink().run();
            else setAsking({ kind: 'link', initial: '' });
          })}
          {tool('image', 'editor.image', <PictureOutlined />, false, () => setAsking({ kind: 'image', initial: '' }))}
          <span className={styles.separator} />
          {tool('undo', 'editor.undo', <UndoOutlined />, false, () => editor.chain().focus().undo().run(), !state.canUndo)}
          {tool('redo', 'editor.redo', <RedoOutlined />, false, () => editor.chain().focus().redo().run(), !state.canRedo)}
        </div>
      )}
      <EditorContent editor={editor} className={styles.body} data-testid="body-editor" />
      <UrlModal
        ask={asking}
        onClose={() => setAsking(null)}
        onDone={(url) => {
          if (asking?.kind === 'link') editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
          else editor.chain().focus().setImage({ src: url }).run();
          setAsking(null);
        }}
      />
    </div>
  );
}

/** Asks for a link or image address (http or https only). */
function UrlModal({ ask, onClose, onDone }: { ask: UrlAsk; onClose(): void; onDone(url: string): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ url: string }>();
  useEffect(() => {
    if (ask) form.setFieldsValue({ url: ask.initial });
  }, [ask, form]);
  return (
    <Modal
      open={ask !== null}
      title={ask?.kind === 'image' ? t('editor.image') : t('editor.link')}
      okText={t('editor.insert')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => onDone(v.url.trim())} style={{ marginTop: 16 }}>
        <Form.Item
          name="url"
          label={ask?.kind === 'image' ? t('editor.imagePrompt') : t('editor.linkPrompt')}
          rules={[{ required: true, message: t('validation.required') }, { pattern: SAFE_URL, message: t('editor.urlInvalid') }]}
        >
          <Input placeholder="https://" autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
