/**
 * Safety findings drawn on the body: a ProseMirror plugin holding inline decorations
 * (red for "block", orange for "review"), replaced when a check answers and mapped
 * through edits in between so they stay on their words while the next check runs.
 * Decorations are view-only: they never enter the document or the saved HTML.
 */
import { Extension, type Editor } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { SafetyFinding } from '../../../../api/types';
import { bodyText, docRanges } from './bodyText';

const key = new PluginKey<DecorationSet>('safetyHighlight');

export const SafetyHighlight = Extension.create({
  name: 'safetyHighlight',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set) {
            const next = tr.getMeta(key) as DecorationSet | undefined;
            if (next) return next;
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
          },
        },
        props: {
          decorations: (state) => key.getState(state),
        },
      }),
    ];
  },
});

/**
 * Draws the body findings of a check made on `checkedText`. Returns false (drawing
 * nothing) when the body has changed since: the check that change started will draw.
 * `describe` gives the hover text of a finding.
 */
export function drawFindings(editor: Editor, findings: readonly SafetyFinding[], checkedText: string, describe: (f: SafetyFinding) => string): boolean {
  if (editor.isDestroyed) return false;
  const { text, segments } = bodyText(editor.state.doc);
  if (text !== checkedText) return false;
  const decorations: Decoration[] = [];
  for (const f of findings) {
    if (f.field !== 'body') continue;
    for (const r of docRanges(segments, f.start, f.end)) {
      decorations.push(
        Decoration.inline(r.from, r.to, {
          class: `safety-mark safety-${f.level}`,
          title: describe(f),
          'data-safety-level': f.level,
          'data-safety-rule': f.rule,
          'data-safety-word': f.word,
        }),
      );
    }
  }
  editor.view.dispatch(editor.state.tr.setMeta(key, DecorationSet.create(editor.state.doc, decorations)).setMeta('addToHistory', false));
  return true;
}

/** Selects a body finding in the editor and scrolls it into view. */
export function revealFinding(editor: Editor, f: SafetyFinding): void {
  const ranges = docRanges(bodyText(editor.state.doc).segments, f.start, f.end);
  if (!ranges.length) return;
  editor.chain().focus().setTextSelection({ from: ranges[0]!.from, to: ranges[ranges.length - 1]!.to }).scrollIntoView().run();
}
