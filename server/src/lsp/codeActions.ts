import {
  CodeActionKind,
  type AnnotatedTextEdit,
  type CodeAction,
  type CodeActionParams,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Fix } from '../core/types.js';
import { fixesOf, type LintedFindings } from './diagnostics.js';

/** What the client can apply, from its initialize capabilities. */
export interface EditSupport {
  /** Versioned edits, so the client refuses an edit computed for an older text. */
  documentChanges: boolean;
  /** Change annotations, used to show a fix as a preview before it is applied. */
  changeAnnotations: boolean;
}

const PREVIEW_ANNOTATION = 'evenhand.rewritePreview';

/**
 * Turns the fixes of every diagnostic in the request (from the findings of the lint it came from) into code actions. Each fix is a quick fix; a
 * rewrite is offered again as refactor.rewrite. Fixes that ask for a preview are annotated so the editor shows
 * the change for confirmation. The same fix reached from several diagnostics (a "disable for this file" on two
 * findings) becomes one action listing all of them.
 */
export function codeActionsFor(params: CodeActionParams, version: number, support: EditSupport, linted: LintedFindings | undefined): CodeAction[] {
  const only = params.context.only;
  const wanted = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions = new Map<string, CodeAction>();
  for (const diagnostic of params.context.diagnostics) {
    for (const fix of fixesOf(diagnostic, version, linted)) {
      const kinds = fix.kind === 'rewrite' ? [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] : [CodeActionKind.QuickFix];
      for (const kind of kinds.filter(wanted)) {
        const key = [kind, fix.title, JSON.stringify(fix.edits.map((e) => [e.range, e.newText]))].join('\0');
        const existing = actions.get(key);
        if (existing) {
          existing.diagnostics?.push(diagnostic);
          continue;
        }
        const edit = workspaceEdit(fix, params.textDocument.uri, version, support);
        actions.set(
          key,
          kind === CodeActionKind.QuickFix
            ? { title: fix.title, kind, diagnostics: [diagnostic], isPreferred: fix.preferred ? true : undefined, edit }
            : { title: fix.title, kind, edit },
        );
      }
    }
  }
  return [...actions.values()];
}

/** The fix's edits, versioned when the client allows it (so it refuses them once the text has changed). */
function workspaceEdit(fix: Fix, uri: string, version: number, support: EditSupport): WorkspaceEdit {
  const edits = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
  if (!support.documentChanges) return { changes: { [uri]: edits } };
  if (!fix.preview || !support.changeAnnotations) return { documentChanges: [{ textDocument: { uri, version }, edits }] };
  const annotated: AnnotatedTextEdit[] = edits.map((e) => ({ ...e, annotationId: PREVIEW_ANNOTATION }));
  return {
    documentChanges: [{ textDocument: { uri, version }, edits: annotated }],
    changeAnnotations: { [PREVIEW_ANNOTATION]: { label: fix.title, needsConfirmation: true } },
  };
}
