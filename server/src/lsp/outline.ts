import { MarkupKind, SymbolKind, type DocumentSymbol, type Hover } from 'vscode-languageserver/node';
import type { PromptDocument } from '../core/formats/types.js';
import { describePersona } from '../core/index.js';
import type { PersonaAssignment } from '../core/persona/types.js';
import type { Range } from '../core/text.js';

/** The hover for the persona whose assigning words contain `offset`, if any. */
export function personaHover(doc: PromptDocument, personas: PersonaAssignment[], offset: number): Hover | null {
  const persona = personas.find((p) => p.span.start <= offset && offset < p.span.end);
  if (!persona) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: describePersona(persona) },
    range: doc.lines.rangeOf(persona.span),
  };
}

/** The outline: one symbol per message (named by its role), with the personas it assigns as children. */
export function documentSymbols(doc: PromptDocument, personas: PersonaAssignment[]): DocumentSymbol[] {
  return doc.messages.map((message, index) => {
    const children = personas
      .filter((p) => p.messageIndex === index)
      .map((p): DocumentSymbol => {
        const selectionRange = doc.lines.rangeOf(p.span);
        return {
          name: p.phrase || doc.source.slice(p.span.start, p.span.end),
          detail: p.kind,
          kind: SymbolKind.Property,
          range: cover(doc.lines.rangeOf(p.sentence), selectionRange),
          selectionRange,
        };
      });
    const range = children.reduce((r, child) => cover(r, child.range), doc.lines.rangeOf(message.span));
    const firstLine = message.text.trim().split(/\r?\n/, 1)[0] ?? '';
    return {
      name: message.role,
      detail: firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine,
      kind: SymbolKind.Namespace,
      range,
      selectionRange: doc.lines.rangeOf({ start: message.span.start, end: message.span.start }),
      children,
    };
  });
}

/** The smallest range containing both (LSP requires a symbol's range to contain its children's). */
function cover(a: Range, b: Range): Range {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return { start: before(b.start, a.start) ? b.start : a.start, end: before(a.end, b.end) ? b.end : a.end };
}
