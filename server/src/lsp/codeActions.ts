import {
  CodeActionKind,
  type AnnotatedTextEdit,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Fix } from '../core/types.js';
import { fixesOf } from './diagnostics.js';

/** What the client can apply, from its initialize capabilities. */
export interface EditSupport {
  /** Versioned edits, so the client refuses an edit computed for an older text. */
  documentChanges: boolean;
  /** Change annotations, used to show rewrites as a preview before they are applied. */
  changeAnnotations: boolean;
}

const PREVIEW_ANNOTATION = 'evenhand.rewritePreview';

/**
 * Turns the fixes carried by every diagnostic in the request into code actions. Each fix is a quick fix; a
 * rewrite is offered again as refactor.rewrite, applied through a preview. The same fix reached from several
 * diagnostics (a "disable for this file" on two findings) becomes one action listing all of them.
 */
export function codeActionsFor(params: CodeActionParams, version: number, support: EditSupport): CodeAction[] {
  const only = params.context.only;
  const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of params.context.diagnostics) {
    for (const fix of fixesOf(diagnostic, version)) {
      const variants = fix.kind === 'rewrite' ? [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] : [CodeActionKind.QuickFix];
      for (const kind of variants) {
        if (!wanted(kind)) continue;
        const key = [kind, fix.title, JSON.stringify(fix.edits.map((e) => [e.range, e.newText]))].join('\0');
        const existing = actions.get(key);
        if (existing) {
          existing.diagnostics?.push(diagnostic);
          continue;
        }
        actions.set(key, toAction(fix, kind, diagnostic, params.textDocument.uri, version, support));
      }
    }
  }
  return [...actions.values()];
}

function toAction(
  fix: Fix,
  kind: string,
  diagnostic: Diagnostic,
  uri: string,
  version: number,
  support: EditSupport,
): CodeAction {
  if (kind === CodeActionKind.QuickFix) {
    return {
      title: fix.title,
      kind,
      diagnostics: [diagnostic],
      isPreferred: fix.preferred ? true : undefined,
      edit: workspaceEdit(fix, uri, version, support, false),
    };
  }
  const preview = support.documentChanges && support.changeAnnotations;
  return {
    title: preview ? `${fix.title} (preview)` : fix.title,
    kind,
    edit: workspaceEdit(fix, uri, version, support, preview),
  };
}

function workspaceEdit(fix: Fix, uri: string, version: number, support: EditSupport, preview: boolean): WorkspaceEdit {
  const edits = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
  if (!support.documentChanges) return { changes: { [uri]: edits } };
  if (!preview) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  const annotated: AnnotatedTextEdit[] = edits.map((e) => ({ ...e, annotationId: PREVIEW_ANNOTATION }));
  return {
    documentChanges: [{ textDocument: { uri, version }, edits: annotated }],
    changeAnnotations: { [PREVIEW_ANNOTATION]: { label: fix.title, needsConfirmation: true } },
  };
}
