// Finds the prompts in a source file's syntax tree: message contents with a role (chat messages, the SDKs' system
// parameters, LangChain and LlamaIndex message classes and role tuples, DSPy signatures' docstrings), strings bound
// to a name that says prompt, and long prose literals that open like a prompt. Messages passed together (one call,
// one message list) are one conversation; each prompt found on its own is a conversation of its own.
import type { MappedText } from '../mappedText.js';
import type { Role } from '../types.js';
import { firstArgument, lastName, readStringExpression } from './strings.js';
import { childrenOf, type CodeLanguage, type SyntaxNode } from './syntaxTree.js';

/** One message found in code: its role, text (source-mapped), the literals it was read from, its conversation. */
export interface CodeMessage extends MappedText {
  role: Role;
  literals: SyntaxNode[];
  /** Messages with the same conversation key were passed to the model together. */
  conversation: number;
  /** Literal values the file fills the message's template variables with, by variable name. */
  fills?: Record<string, TemplateFill[]>;
}

/** A literal a template variable is filled with somewhere in the file: its text, mapped to the source. */
export interface TemplateFill extends MappedText {
  span: { start: number; end: number };
}

/** Parameters and properties that hold a system prompt in the SDKs' calls. */
const SYSTEM_KEYS = new Set(['system', 'system_prompt', 'systemPrompt', 'system_message', 'systemMessage', 'instructions', 'system_instruction', 'systemInstruction', 'preamble']);
/** Parameters that hold the user's prompt or a prompt template. */
const USER_KEYS = new Set(['prompt', 'template', 'user_prompt', 'userPrompt', 'input', 'contents']);
/** Message classes and the role their content has. */
const MESSAGE_CLASSES: Record<string, Role> = {
  SystemMessage: 'system',
  SystemMessagePromptTemplate: 'system',
  HumanMessage: 'user',
  HumanMessagePromptTemplate: 'user',
  UserMessage: 'user',
  AIMessage: 'assistant',
  AssistantMessage: 'assistant',
  ChatMessage: 'user',
  PromptTemplate: 'user',
};
/** Role names as SDKs and LangChain tuples write them. */
const ROLE_NAMES: Record<string, Role> = { system: 'system', developer: 'developer', user: 'user', human: 'user', assistant: 'assistant', ai: 'assistant', model: 'assistant', tool: 'tool' };

/** A name that says its string is a prompt. */
const PROMPT_NAME = /prompt|system|instruction|persona|preamble|template|role_?desc|character|backstory/i;
const USER_NAME = /user|human|question|query/i;
/** How prompts open: a persona or instruction form, in the languages Evenhand reads. */
const PROMPT_OPENING = /^\s*(?:#+\s*)?(?:you\s+are|you're|you\s+will\s+(?:be|act|play|answer|respond)|act\s+as|pretend|imagine\s+(?:you|that\s+you)|as\s+an?\s|answer\s+(?:(?:the|each|all|these|every)\s+(?:following\s+)?\w+\s+)?as\s+(?:if|though)\s+you|your\s+(?:role|task|job|name|persona)\s+is|your\s+(?:persona|role|character|identity)\s*:|play\s+the\s+(?:role|part)|take\s+on\s+the|role\s*:|system\s*:|persona\s*:|(?:tú\s+)?eres\s|usted\s+es\s|actúa\s+como|tu\s+es\s|vous\s+êtes\s|agis(?:sez)?\s+comme|du\s+bist\s|sie\s+sind\s|handle\s+als|você\s+é\s|aja\s+como|tu\s+és\s)/i;
/** Calls whose string arguments are output, not prompts. */
const OUTPUT_CALLS = /^(?:print|log|debug|info|warn|warning|error|exception|critical|assert\w*|raise|throw|alert|console|toast|notify|setStatus|t|gettext|_|expect|toContain|toMatch|toEqual|toBe|toStrictEqual|toHaveBeenCalledWith|includes|assertIn|assertNotIn)$/;

/** Whether a source text holds a string literal whose words open like a prompt ("You are ...", "Act as ..."). */
export function holdsPromptLiteral(source: string): boolean {
  QUOTED_OPENING.lastIndex = 0;
  return QUOTED_OPENING.test(source);
}

/** The prompts of a parsed source file. */
export function findCodePrompts(root: SyntaxNode, source: string, language: CodeLanguage): CodeMessage[] {
  const names = new NameTable(source, root);
  return readPrompts(root, source, language, names);
}

function readPrompts(root: SyntaxNode, source: string, language: CodeLanguage, names: NameTable): CodeMessage[] {
  const nodes = collect(root, source, language);
  const lookup = (name: string) => names.valueOf(name);
  const found: CodeMessage[] = [];
  const conversations = new Map<number, number>();
  const conversationOf = (key: number) => {
    let id = conversations.get(key);
    if (id === undefined) conversations.set(key, (id = conversations.size));
    return id;
  };
  const taken = new Set<number>();
  // Messages whose content is one of several prompts (a parameter or loop variable), by conversation.
  const alternativesOf = new Map<number, CodeMessage[][]>();
  const add = (content: SyntaxNode, role: Role, conversation: number) => {
    const reading = readStringExpression(content, source, language, lookup);
    if (!reading || reading.text.trim().length === 0) {
      // `system=system`, where `system` runs over conditions (`for cond, system in [("control", CONTROL), ...]`) or
      // is a parameter the file calls with prompts: each value is a variant of this conversation.
      if (content.type !== 'identifier') return;
      const variants: CodeMessage[] = [];
      for (const value of loopValues(source.slice(content.startIndex, content.endIndex), content, source, names)) {
        const alternative = readStringExpression(value, source, language, lookup);
        if (!alternative || alternative.text.trim().length === 0) continue;
        alternative.literals.forEach((l) => taken.add(l.startIndex));
        variants.push({ role, text: alternative.text, offsets: alternative.offsets, literals: alternative.literals, conversation: conversationOf(conversation) });
      }
      if (variants.length > 0) alternativesOf.set(conversationOf(conversation), [...(alternativesOf.get(conversationOf(conversation)) ?? []), variants]);
      return;
    }
    reading.literals.forEach((l) => taken.add(l.startIndex));
    for (const bound of names.boundFrom(content)) names.markUsed(bound);
    found.push({ role, text: reading.text, offsets: reading.offsets, literals: reading.literals, conversation: conversationOf(conversation) });
  };

  for (const { node, type, conversation } of nodes) {
    for (const { content, role } of messageSites(node, type, source, language)) add(content, role, conversation);
  }
  // A conversation with a message of several variants is several conversations, one per variant (the first slot
  // that varies), each with the conversation's other messages.
  for (const [conversation, slots] of alternativesOf) {
    const others = found.filter((m) => m.conversation === conversation);
    const variants = slots[0];
    variants.forEach((variant, i) => {
      const id = i === 0 ? conversation : conversationOf(-1_000_000_000 - conversation * 1000 - i);
      found.push({ ...variant, conversation: id });
      if (i > 0) for (const other of others) found.push({ ...other, conversation: id });
    });
  }
  // Strings bound to a prompt-like name that no message site used.
  for (const binding of names.unused(PROMPT_NAME)) {
    const reading = readStringExpression(binding.value, source, language, lookup);
    if (!reading || reading.literals.some((l) => taken.has(l.startIndex)) || !isProse(reading.text)) continue;
    reading.literals.forEach((l) => taken.add(l.startIndex));
    found.push({ role: USER_NAME.test(binding.name) ? 'user' : 'system', text: reading.text, offsets: reading.offsets, literals: reading.literals, conversation: conversationOf(-1 - binding.value.startIndex) });
  }
  // Long prose literals that open like a prompt, wherever they are (a prompt built in a function and returned).
  for (const node of literalsOpeningLikePrompts(root, source)) {
    if (taken.has(node.startIndex) || isDocstring(node) || inOutputCall(node, source)) continue;
    const top = outermostStringExpression(node, source);
    const reading = readStringExpression(top, source, language, lookup);
    if (!reading || reading.literals.some((l) => taken.has(l.startIndex))) continue;
    // Short is fine when it opens like a prompt and ends a sentence: a persona table's "You are a Conservative." is a
    // whole prompt; a list of phrases to look for ("You are a proud conservative") is not.
    const trimmed = reading.text.trim();
    if (trimmed.length < 12 || (trimmed.length < 40 && !/[.!?]$/.test(trimmed)) || !PROMPT_OPENING.test(reading.text) || !isProse(reading.text, 3)) continue;
    reading.literals.forEach((l) => taken.add(l.startIndex));
    found.push({ role: 'system', text: reading.text, offsets: reading.offsets, literals: reading.literals, conversation: conversationOf(-1 - top.startIndex) });
  }
  const sites = found.length > 0 ? templateSites(root, source, language, lookup) : [];
  for (const message of found) {
    const fills = templateFills(message, sites, source, language, names);
    if (Object.keys(fills).length > 0) message.fills = fills;
  }
  return found.sort((a, b) => a.offsets[0] - b.offsets[0]);
}

/**
 * Where the file fills a message's template in: `.format(name=...)` and `%` on the template, and the loops its slots'
 * names come from (`for persona in PERSONAS`, `PERSONAS.map((p) => ...)`, a comprehension): the literal values, by
 * the variable names the host-template scan gives (`persona`, `0` for the first positional field, `p.party`).
 */
function templateFills(message: CodeMessage, sites: TemplateSite[], source: string, language: CodeLanguage, names: NameTable): Record<string, TemplateFill[]> {
  const fills: Record<string, TemplateFill[]> = {};
  const lookup = (name: string) => names.valueOf(name);
  const addValues = (name: string, values: SyntaxNode[]) => {
    for (const value of values) {
      const reading = readStringExpression(value, source, language, lookup);
      if (!reading || reading.text.trim().length === 0) continue;
      (fills[name] ??= []).push({ text: reading.text, offsets: reading.offsets, span: { start: value.startIndex, end: value.endIndex } });
    }
  };
  const literalStarts = new Set(message.literals.map((l) => l.startIndex));
  // Slots inside the literals: {persona}, ${p}, {p['party']}, ${p.party}.
  for (const literal of message.literals) {
    for (const slot of descendants(literal, (n) => n.type === 'interpolation' || n.type === 'template_substitution')) {
      const expression = childrenOf(slot).find((c) => c.isNamed && c.type !== 'type_conversion' && c.type !== 'format_specifier');
      if (!expression) continue;
      const path = accessPath(expression, source);
      if (!path) continue;
      const name = source.slice(expression.startIndex, expression.endIndex).trim();
      addValues(name, fieldValues(loopValues(path.base, slot, source, names), path.field, source));
    }
  }
  // TEMPLATE.format(...), TEMPLATE % (...), where TEMPLATE reads as this message's literals.
  for (const site of sites) {
    if (!site.literals.some((start) => literalStarts.has(start))) continue;
    let position = 0;
    for (const arg of site.args) {
      const type = arg.type;
      if (type === 'keyword_argument' || type === 'pair') {
        const key = arg.childForFieldName(type === 'pair' ? 'key' : 'name');
        const value = arg.childForFieldName('value');
        if (!key || !value) continue;
        const name = source.slice(key.startIndex, key.endIndex).replace(/^["']|["']$/g, '');
        addValues(name, valuesOf(value, site.node, source, names));
      } else if (type !== 'list_splat' && type !== 'dictionary_splat') {
        addValues(String(position++), valuesOf(arg, site.node, source, names));
      }
    }
  }
  return fills;
}

/** Where a template is filled in: `TEMPLATE.format(...)` or `TEMPLATE % (...)`, the template's literals and the arguments. */
interface TemplateSite {
  node: SyntaxNode;
  literals: number[];
  args: SyntaxNode[];
}

/** The file's `.format(...)` calls and `%` operations on string templates (read once per file that has prompts). */
function templateSites(root: SyntaxNode, source: string, language: CodeLanguage, lookup: (name: string) => SyntaxNode | undefined): TemplateSite[] {
  const out: TemplateSite[] = [];
  const candidates = [
    ...matchStarts(FORMAT_CALL, source).map((at) => enclosing(root, at, ['call', 'call_expression'])),
    ...matchStarts(PERCENT, source).map((at) => enclosing(root, at, ['binary_operator'])),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const { node, type } = candidate;
    let template: SyntaxNode | null = null;
    let args: SyntaxNode[] = [];
    if (type === 'call' || type === 'call_expression') {
      const fn = node.childForFieldName('function');
      if (!fn || fn.type !== 'attribute' || lastName(fn, source) !== 'format') continue;
      template = fn.childForFieldName('object');
      args = childrenOf(node.childForFieldName('arguments')!).filter((c) => c.isNamed && c.type !== 'comment');
    } else if (type === 'binary_operator') {
      const operator = node.childForFieldName('operator');
      if (!operator || source.slice(operator.startIndex, operator.endIndex) !== '%') continue;
      template = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const rightType = right?.type;
      args = rightType === 'tuple' ? childrenOf(right!).filter((c) => c.isNamed) : rightType === 'dictionary' ? childrenOf(right!).filter((c) => c.type === 'pair') : right ? [right] : [];
    }
    if (!template) continue;
    const reading = readStringExpression(template, source, language, lookup);
    if (reading) out.push({ node, literals: reading.literals.map((l) => l.startIndex), args });
  }
  return out;
}

/** `persona` -> {base: persona}; `p['party']`, `p["party"]`, `p.party` -> {base: p, field: party}. */
function accessPath(node: SyntaxNode, source: string): { base: string; field?: string } | undefined {
  const text = source.slice(node.startIndex, node.endIndex).trim();
  const match = /^([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*)|\[\s*["']([^"']+)["']\s*\])?$/.exec(text);
  return match ? { base: match[1], field: match[2] ?? match[3] } : undefined;
}

/** The values an argument gives: a literal, the items a loop variable runs over, a name's bound literal, a dict's values. */
function valuesOf(value: SyntaxNode, at: SyntaxNode, source: string, names: NameTable): SyntaxNode[] {
  if (value.type === 'identifier') {
    const looped = loopValues(source.slice(value.startIndex, value.endIndex), at, source, names);
    if (looped.length > 0) return looped;
    const bound = names.valueOf(source.slice(value.startIndex, value.endIndex));
    return bound && isTextLiteral(bound) ? [bound] : [];
  }
  // DEBIAS[key]: every value of the dict DEBIAS.
  if (value.type === 'subscript') {
    const object = value.childForFieldName('value');
    const bound = object?.type === 'identifier' ? names.valueOf(source.slice(object.startIndex, object.endIndex)) : undefined;
    return bound && (bound.type === 'dictionary' || bound.type === 'object') ? dictionaryValues(bound) : [];
  }
  return [value];
}

/**
 * The items of the list a name is looped over around `at` (for loops, comprehensions, .map/.forEach callbacks), or,
 * for a parameter of the function around `at`, the values the file calls that function with (one level).
 */
function loopValues(name: string, at: SyntaxNode, source: string, names: NameTable, depth = 0): SyntaxNode[] {
  for (let node = at.parent; node; node = node.parent) {
    if (depth < 2 && (node.type === 'function_definition' || node.type === 'function_declaration' || node.type === 'method_definition')) {
      const fromCalls = parameterValues(node, name, source, names, depth);
      if (fromCalls) return fromCalls;
    }
    let variable: SyntaxNode | null = null;
    let iterable: SyntaxNode | null = null;
    if (node.type === 'for_statement' || node.type === 'for_in_clause' || node.type === 'for_in_statement') {
      variable = node.childForFieldName('left');
      iterable = node.childForFieldName('right');
    } else if (node.type === 'list_comprehension' || node.type === 'generator_expression' || node.type === 'set_comprehension' || node.type === 'dictionary_comprehension') {
      const clause = childrenOf(node).find((c) => c.type === 'for_in_clause');
      variable = clause?.childForFieldName('left') ?? null;
      iterable = clause?.childForFieldName('right') ?? null;
    } else if (node.type === 'arrow_function' || node.type === 'function_expression') {
      // LIST.map((p) => ...), LIST.forEach(function (p) { ... })
      const call = node.parent?.parent;
      const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
      if (fn?.type === 'member_expression' && /^(?:map|forEach|flatMap)$/.test(lastName(fn, source))) {
        const params = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
        variable = params ? (params.type === 'identifier' ? params : childrenOf(params).find((c) => c.isNamed) ?? null) : null;
        iterable = fn.childForFieldName('object');
      }
    }
    if (!variable || !iterable) continue;
    // for persona, debias in itertools.product(PERSONAS, DEBIAS) / zip(...) / enumerate(PERSONAS) / D.items()
    if (variable.type === 'pattern_list' || variable.type === 'tuple_pattern' || variable.type === 'tuple') {
      const parts = childrenOf(variable).filter((c) => c.isNamed).map((c) => source.slice(c.startIndex, c.endIndex));
      const index = parts.indexOf(name);
      if (index < 0) continue;
      if (iterable.type !== 'call') {
        // for cond, system in [("control", CONTROL), ("nationalist", NATIONALIST)]: the index-th of each tuple.
        return listItems(iterable, names, source).flatMap((item) => (item.type === 'tuple' || item.type === 'array' || item.type === 'list' ? (childrenOf(item).filter((c) => c.isNamed)[index] ?? []) : []));
      }
      const fn = lastName(iterable.childForFieldName('function')!, source);
      const args = childrenOf(iterable.childForFieldName('arguments')!).filter((c) => c.isNamed && c.type !== 'keyword_argument');
      if (fn === 'product' || fn === 'zip') return args[index] ? listItems(args[index], names, source) : [];
      if (fn === 'enumerate') return index === 1 && args[0] ? listItems(args[0], names, source) : [];
      if (fn === 'items' && index === 1) {
        const object = iterable.childForFieldName('function')!.childForFieldName('object');
        const dict = object?.type === 'identifier' ? names.valueOf(source.slice(object.startIndex, object.endIndex)) : object;
        return dict && dict.type === 'dictionary' ? dictionaryValues(dict) : [];
      }
      return [];
    }
    const declared = source.slice(variable.startIndex, variable.endIndex).replace(/^(?:const|let|var)\s+/, '').trim();
    if (declared !== name && !(variable.type === 'lexical_declaration' && declared.endsWith(name))) {
      // `for (const p of LIST)` keeps the name in a declaration.
      const inner = /([A-Za-z_$][\w$]*)\s*$/.exec(declared)?.[1];
      if (inner !== name) continue;
    }
    return listItems(iterable, names, source);
  }
  return [];
}

/** The values a function's parameter `name` takes at the file's calls of it, or undefined when it is no parameter. */
function parameterValues(fn: SyntaxNode, name: string, source: string, names: NameTable, depth: number): SyntaxNode[] | undefined {
  const fnName = fn.childForFieldName('name');
  const params = fn.childForFieldName('parameters');
  if (!fnName || !params) return undefined;
  const list = childrenOf(params).filter((c) => c.isNamed && c.type !== 'comment');
  const position = list.findIndex((p) => /^[A-Za-z_$][\w$]*/.exec(source.slice(p.startIndex, p.endIndex).replace(/^(?:self|this)\b/, ''))?.[0] === name);
  if (position < 0) return undefined;
  const isMethod = source.slice(list[0].startIndex, list[0].endIndex) === 'self';
  const called = source.slice(fnName.startIndex, fnName.endIndex);
  const out: SyntaxNode[] = [];
  const callsOf = new RegExp(`\\b${called}\\s*\\(`, 'g');
  const calls = matchStarts(callsOf, source)
    .map((at) => enclosing(names.root, at, ['call', 'call_expression'])?.node)
    .filter((c): c is SyntaxNode => !!c);
  for (const call of calls) {
    const callee = call.childForFieldName('function');
    if (!callee || lastName(callee, source) !== called) continue;
    const args = childrenOf(call.childForFieldName('arguments')!).filter((c) => c.isNamed && c.type !== 'comment');
    const keyword = args.find((a) => a.type === 'keyword_argument' && source.slice(a.childForFieldName('name')!.startIndex, a.childForFieldName('name')!.endIndex) === name);
    const positional = args.filter((a) => a.type !== 'keyword_argument')[isMethod ? position - 1 : position];
    const arg = keyword?.childForFieldName('value') ?? positional;
    if (!arg) continue;
    if (arg.type === 'identifier') {
      const looped = loopValues(source.slice(arg.startIndex, arg.endIndex), call, source, names, depth + 1);
      const bound = looped.length === 0 ? names.valueOf(source.slice(arg.startIndex, arg.endIndex)) : undefined;
      out.push(...(bound ? [bound] : looped).filter((v) => isTextLiteral(v) || v.type === 'identifier'));
    } else if (isTextLiteral(arg)) out.push(arg);
  }
  return out;
}

/** The items of a list or tuple literal, directly or through the name it is bound to. */
function listItems(node: SyntaxNode, names: NameTable, source: string): SyntaxNode[] {
  const list = node.type === 'identifier' ? names.valueOf(source.slice(node.startIndex, node.endIndex)) : node;
  if (!list || !['list', 'tuple', 'array', 'set'].includes(list.type)) return [];
  return childrenOf(list).filter((c) => c.isNamed && c.type !== 'comment');
}

/** For `p['party']`: each item's `party` value; without a field, the items that are text. */
function fieldValues(items: SyntaxNode[], field: string | undefined, source: string): SyntaxNode[] {
  if (!field) return items.filter(isTextLiteral);
  const out: SyntaxNode[] = [];
  for (const item of items) {
    if (item.type !== 'dictionary' && item.type !== 'object') continue;
    for (const pair of childrenOf(item)) {
      if (pair.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (key && value && source.slice(key.startIndex, key.endIndex).replace(/^["']|["']$/g, '') === field && isTextLiteral(value)) out.push(value);
    }
  }
  return out;
}

function dictionaryValues(dict: SyntaxNode): SyntaxNode[] {
  return childrenOf(dict)
    .filter((c) => c.type === 'pair')
    .map((pair) => pair.childForFieldName('value'))
    .filter((v): v is SyntaxNode => !!v && isTextLiteral(v));
}

function isTextLiteral(node: SyntaxNode): boolean {
  return node.type === 'string' || node.type === 'template_string' || node.type === 'concatenated_string';
}

/** The nodes under `root` that `wanted` accepts (depth first). */
function descendants(root: SyntaxNode, wanted: (node: SyntaxNode) => boolean): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && wanted(node)) out.push(node);
    for (let i = node.childCount - 1; i >= 0; i--) stack.push(node.child(i)!);
  }
  return out;
}

/**
 * The string literals whose words open like a prompt. The source is searched for a quote followed by such an
 * opening, and the tree says whether that quote really starts a literal there (not a comment, not inside another
 * string): only those literals are looked at, not every string of the file.
 */
function literalsOpeningLikePrompts(root: SyntaxNode, source: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  QUOTED_OPENING.lastIndex = 0;
  for (let m = QUOTED_OPENING.exec(source); m; m = QUOTED_OPENING.exec(source)) {
    let node = root.descendantForIndex?.(m.index + m[0].length - 1) ?? null;
    while (node && node.type !== 'string' && node.type !== 'template_string' && node.startIndex >= m.index - 3) node = node.parent;
    if (!node || (node.type !== 'string' && node.type !== 'template_string')) continue;
    // The quote (with a Python prefix) must be where the literal starts.
    if (node.startIndex < m.index - 3 || node.startIndex > m.index + m[0].length) continue;
    if (out.length === 0 || out[out.length - 1].startIndex !== node.startIndex) out.push(node);
  }
  return out;
}

/** A quote (single, double, triple or back-tick), then words that open like a prompt (one pass over the source). */
const QUOTED_OPENING = new RegExp(`(?:"{3}|'{3}|["'\`])(?:\\\\\\r?\\n)?[ \\t\\r\\n]*${PROMPT_OPENING.source.slice(4)}`, 'gi');

/** A name bound with `=` (not `==`, `=>`), after an optional type annotation: group 1 is the name. */
const BOUND_NAME = /\b(?:(?:self|this)\.)?([A-Za-z_][\w$]*)[ \t]*(?::[^=\n]{0,80})?=(?![=>])/g;

/** What follows a name that is bound: `=` (not `==`, `=>`), after an optional type annotation. */
const BINDING_AFTER_NAME = /^\s*(?::[^=\n]{0,80})?=(?![=>])/;

/** Types whose nodes bind a name to a value. */
const BINDING_TYPES = ['assignment', 'variable_declarator', 'assignment_expression', 'public_field_definition', 'field_definition'];

/** The parameters and properties a message site is named by. */
const SITE_KEYS = '(?:system|system_prompt|systemPrompt|system_message|systemMessage|instructions|system_instruction|systemInstruction|preamble|prompt|template|user_prompt|userPrompt|input|contents)';

/**
 * The nodes the readers look at, with their types. The source is searched for what each reader needs (a `role`
 * key, a system parameter, a message class, a role tuple, a DSPy signature), and the tree says which node is there
 * and whether it really is one (not a comment, not text inside a string): reading costs what the candidates cost,
 * not what the file does.
 */
function collect(root: SyntaxNode, source: string, language: CodeLanguage): { node: SyntaxNode; type: string; conversation: number }[] {
  const out: { node: SyntaxNode; type: string; conversation: number }[] = [];
  const seen = new Set<string>();
  const keep = (found: ReturnType<typeof enclosing>) => {
    if (!found || seen.has(`${found.node.startIndex}:${found.type}`)) return;
    seen.add(`${found.node.startIndex}:${found.type}`);
    out.push({ node: found.node, type: found.type, conversation: conversationKey(found.path, found.level, source) });
  };
  const maps = language === 'python' ? ['dictionary'] : ['object'];
  for (const at of matchStarts(ROLE_KEY, source)) keep(enclosing(root, at, maps));
  for (const at of matchStarts(SITE_KEY, source)) {
    const found = enclosing(root, at, ['keyword_argument', 'pair']);
    // A property (`system: ...`) is read with its object.
    if (found?.type === 'pair') {
      const object = found.path[found.level - 1];
      if (object?.node && maps.includes(object.type)) keep({ node: object.node, type: object.type, path: found.path, level: found.level - 1 });
    } else keep(found);
  }
  for (const at of matchStarts(MESSAGE_CLASS, source)) keep(enclosing(root, at, ['call', 'call_expression', 'new_expression']));
  for (const at of matchStarts(ROLE_PAIR_START, source)) keep(enclosing(root, at, ['tuple', 'array']));
  for (const at of matchStarts(SIGNATURE_CLASS, source)) keep(enclosing(root, at, ['class_definition']));
  return out.sort((x, y) => x.node.startIndex - y.node.startIndex);
}

/** Where a global pattern matches (its first capture group's start when it has one). */
function matchStarts(pattern: RegExp, source: string): number[] {
  const out: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
    out.push(m.index + (m[1] !== undefined ? m[0].indexOf(m[1]) : 0));
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out;
}

/** One level of the path from the root down to an offset: its type and span, and its node when it was kept. */
interface PathLevel {
  type: string;
  start: number;
  node?: SyntaxNode;
}

/** The node types whose nodes a path keeps (materialising a node is a call into the parser; most levels need none). */
const KEPT_ON_PATH = new Set([
  'dictionary', 'object', 'keyword_argument', 'pair', 'call', 'call_expression', 'new_expression', 'tuple', 'array', 'class_definition',
  'binary_operator', 'assignment', 'variable_declarator', 'assignment_expression', 'public_field_definition', 'field_definition',
]);

/**
 * The levels from the root down to the smallest node holding `at`. Walked down one child at a time (tree-sitter
 * finds a node's parent by searching down from the root, so climbing would cost a search per level).
 */
function pathAt(root: SyntaxNode, at: number): PathLevel[] {
  const levels: PathLevel[] = [];
  for (let node: SyntaxNode | null = root; node; ) {
    const type = node.type;
    levels.push({ type, start: node.startIndex, ...(KEPT_ON_PATH.has(type) ? { node } : {}) });
    const child: SyntaxNode | null = node.firstChildForIndex?.(at) ?? null;
    if (!child || child.startIndex > at) break;
    node = child;
  }
  return levels;
}

/**
 * The innermost node around `at` of one of `types`, with its type, and the path to it; nothing when `at` is inside a
 * string or comment that starts before it (words of a literal, not code).
 */
function enclosing(root: SyntaxNode, at: number, types: readonly string[]): { node: SyntaxNode; type: string; path: PathLevel[]; level: number } | undefined {
  const path = pathAt(root, at);
  for (const level of path) if ((level.type === 'string' || level.type === 'comment') && level.start < at) return undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const level = path[i];
    if (level.node && types.includes(level.type)) return { node: level.node, type: level.type, path, level: i };
  }
  return undefined;
}

/**
 * What ties messages into one conversation: the outermost call (not a message class's own) within the statement
 * around the site, else that statement. A `messages=[...]` list, the `system=` beside it and a config object's
 * `system_instruction=` (`config=GenerateContentConfig(...)`) share their call. A DSPy signature stands alone.
 */
function conversationKey(path: PathLevel[], level: number, source: string): number {
  if (path[level].type === 'class_definition') return path[level].start;
  let key: number | undefined;
  for (let i = level - 1; i >= 0; i--) {
    const { type, start } = path[i];
    if ((type === 'call' || type === 'call_expression' || type === 'new_expression') && !MESSAGE_CONSTRUCTOR.test(calleeText(source.slice(start, start + 300)))) key = start;
    if (STATEMENT.test(type)) return key ?? start;
  }
  return key ?? path[level].start;
}

/** The callee of a call's text: up to its argument list. */
function calleeText(text: string): string {
  const open = text.indexOf('(');
  return (open < 0 ? text : text.slice(0, open)).replace(/^new\s+/, '').trim();
}

const ROLE_KEY = /["'`]?\brole["'`]?\s*:/g;
const SITE_KEY = new RegExp(`\\b(${SITE_KEYS})["'\`]?\\s*[:=](?!=)`, 'g');
// Found from the end of the class name (a literal the regex engine can look for), then read back to its start.
const MESSAGE_CLASS = /(?:Message|MessagePromptTemplate|PromptTemplate)(?:\s*\.\s*from_?[Tt]emplate)?\s*\(/g;
const ROLE_PAIR_START = /[([]\s*["'`](?:system|developer|user|human|assistant|ai|model|tool)["'`]\s*,/gi;
const SIGNATURE_CLASS = /\bclass\s+\w+\s*\([^)]*Signature/g;
const FORMAT_CALL = /\.format\s*\(/g;
// `TEMPLATE % persona`, `"..." % (a, b)`: spaced on both sides or before a parenthesis, so a format field in a
// string (`"%s kept %d rows"`) is no candidate.
const PERCENT = /["')\]\w](?:[ \t]+%[ \t]+[\w{"'[(]|[ \t]*%[ \t]*\()/g;

/** The message contents a node holds, with their roles. */
function messageSites(node: SyntaxNode, type: string, source: string, language: CodeLanguage): { content: SyntaxNode; role: Role }[] {
  switch (type) {
    // {"role": "system", "content": ...} in Python, { role: 'system', content: ... } in JavaScript.
    case 'dictionary':
    case 'object': {
      const pairs = pairsOf(node, source);
      const role = pairs.get('role');
      const content = pairs.get('content');
      if (role && content) {
        const name = roleName(role, source);
        return name ? [{ content, role: name }] : [];
      }
      // generateText({ system: ..., prompt: ... }), new Agent({ instructions: ... }): only inside a call's arguments.
      if (language === 'typescript' && insideCallArguments(node)) {
        const out: { content: SyntaxNode; role: Role }[] = [];
        for (const [key, value] of pairs) {
          if (SYSTEM_KEYS.has(key)) out.push({ content: value, role: 'system' });
          else if (USER_KEYS.has(key)) out.push({ content: value, role: 'user' });
        }
        return out;
      }
      return [];
    }
    // client.messages.create(system=...), GenerateContentConfig(system_instruction=...), SystemMessage(content=...).
    case 'keyword_argument': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (!name || !value) return [];
      const key = source.slice(name.startIndex, name.endIndex);
      if (SYSTEM_KEYS.has(key)) return [{ content: value, role: 'system' }];
      const callee = calleeOf(node, source);
      const cls = callee !== undefined ? MESSAGE_CLASSES[callee] : undefined;
      if (key === 'content' && cls) return [{ content: value, role: roleArgument(node.parent!, source) ?? cls }];
      if (USER_KEYS.has(key)) return [{ content: value, role: 'user' }];
      return [];
    }
    // SystemMessage("..."), new HumanMessage("..."), SystemMessagePromptTemplate.from_template("...").
    case 'call':
    case 'call_expression':
    case 'new_expression': {
      const fn = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
      const args = node.childForFieldName('arguments');
      if (!fn || !args) return [];
      const callee = source.slice(fn.startIndex, fn.endIndex);
      const cls = /(\w+)(?:\.from_template|\.fromTemplate)?$/.exec(callee)?.[1];
      const role = cls !== undefined ? MESSAGE_CLASSES[cls] : undefined;
      if (!role) return [];
      const first = firstArgument(args);
      // SystemMessage(content="..."), ChatMessage(role="system", content="...").
      const content = first && first.type !== 'object' && first.type !== 'dictionary' ? first : keywordArgument(args, 'content', source);
      return content ? [{ content, role: roleArgument(args, source) ?? role }] : [];
    }
    // ("system", "...") tuples and ["system", "..."] pairs in a message list (LangChain's from_messages).
    case 'tuple':
    case 'array': {
      const items = childrenOf(node).filter((c) => c.type !== '(' && c.type !== ')' && c.type !== '[' && c.type !== ']' && c.type !== ',');
      if (items.length !== 2 || !node.parent || (node.parent.type !== 'list' && node.parent.type !== 'array')) return [];
      const role = literalText(items[0], source);
      const name = role !== undefined ? ROLE_NAMES[role.toLowerCase()] : undefined;
      return name ? [{ content: items[1], role: name }] : [];
    }
    // class Judge(dspy.Signature): """docstring""" -- the docstring is the task's instructions.
    case 'class_definition': {
      const bases = node.childForFieldName('superclasses');
      if (!bases || !/\bSignature\b/.test(source.slice(bases.startIndex, bases.endIndex))) return [];
      const first = node.childForFieldName('body')?.child(0);
      const doc = first?.type === 'expression_statement' ? first.child(0) : undefined;
      return doc && doc.type === 'string' ? [{ content: doc, role: 'system' }] : [];
    }
    default:
      return [];
  }
}

/** The key -> value pairs of a dict or object literal, keys read as plain names. */
function pairsOf(node: SyntaxNode, source: string): Map<string, SyntaxNode> {
  const pairs = new Map<string, SyntaxNode>();
  for (const child of childrenOf(node)) {
    if (child.type !== 'pair') continue;
    const key = child.childForFieldName('key');
    const value = child.childForFieldName('value');
    if (!key || !value) continue;
    const name = key.type === 'string' ? literalText(key, source) : source.slice(key.startIndex, key.endIndex);
    if (name !== undefined) pairs.set(name, value);
  }
  return pairs;
}

/** A role value: "system", 'user', MessageRole.SYSTEM, Role.USER. */
function roleName(node: SyntaxNode, source: string): Role | undefined {
  const text = literalText(node, source) ?? /(\w+)$/.exec(source.slice(node.startIndex, node.endIndex))?.[1];
  return text !== undefined ? ROLE_NAMES[text.toLowerCase()] : undefined;
}

/** The value of a keyword argument of a call (`content="..."`). */
function keywordArgument(args: SyntaxNode, name: string, source: string): SyntaxNode | undefined {
  for (const child of childrenOf(args)) {
    if (child.type !== 'keyword_argument') continue;
    const key = child.childForFieldName('name');
    if (key && source.slice(key.startIndex, key.endIndex) === name) return child.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** A `role=`/`role:` argument beside the content (ChatMessage(role="system", content=...)). */
function roleArgument(args: SyntaxNode, source: string): Role | undefined {
  for (const child of childrenOf(args)) {
    if (child.type !== 'keyword_argument') continue;
    const name = child.childForFieldName('name');
    const value = child.childForFieldName('value');
    if (name && value && source.slice(name.startIndex, name.endIndex) === 'role') return roleName(value, source);
  }
  return undefined;
}

/** The text of a plain string literal without interpolation, or undefined. */
function literalText(node: SyntaxNode, source: string): string | undefined {
  if (node.type !== 'string') return undefined;
  const text = source.slice(node.startIndex, node.endIndex);
  const match = /^[a-zA-Z]{0,2}(['"]{1,3})([\s\S]*)\1$/.exec(text);
  return match ? match[2] : undefined;
}

/** The class or function name of the call a keyword argument belongs to. */
function calleeOf(argument: SyntaxNode, source: string): string | undefined {
  const call = argument.parent?.parent;
  const fn = call?.childForFieldName('function');
  return fn ? lastName(fn, source) : undefined;
}

function insideCallArguments(node: SyntaxNode): boolean {
  return node.parent?.type === 'arguments';
}

const MESSAGE_CONSTRUCTOR = /(?:Message|MessagePromptTemplate|PromptTemplate)(?:\.from_?[Tt]emplate)?$/;

const STATEMENT = /statement$|^(?:variable_declarator|lexical_declaration|module|program|function_definition|class_definition|arrow_function|function_declaration|method_definition)$/;

/** A Python docstring: a string alone as the first statement of a module, class or function. */
function isDocstring(node: SyntaxNode): boolean {
  const statement = node.parent;
  if (!statement || statement.type !== 'expression_statement' || statement.childCount !== 1) return false;
  const block = statement.parent;
  if (!block) return false;
  if (block.type === 'module' || block.type === 'block') return sameNode(block.child(0), statement);
  return false;
}

function sameNode(a: SyntaxNode | null, b: SyntaxNode): boolean {
  return !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** Whether a string is an argument of a print, log, raise or assert (output, not a prompt). */
function inOutputCall(node: SyntaxNode, source: string): boolean {
  for (let parent = node.parent, depth = 0; parent && depth < 4; parent = parent.parent, depth++) {
    if (parent.type === 'raise_statement' || parent.type === 'assert_statement' || parent.type === 'throw_statement') return true;
    if (parent.type === 'call' || parent.type === 'call_expression' || parent.type === 'new_expression') {
      const fn = parent.childForFieldName(parent.type === 'new_expression' ? 'constructor' : 'function');
      if (!fn) return false;
      const callee = source.slice(fn.startIndex, fn.endIndex);
      const first = /^[A-Za-z_$][\w$]*/.exec(callee)?.[0] ?? '';
      return OUTPUT_CALLS.test(lastName(fn, source)) || OUTPUT_CALLS.test(first) || /Error$|Exception$/.test(lastName(fn, source));
    }
  }
  return false;
}

/** The largest string expression (concatenation, parentheses, dedent) a literal is part of. */
function outermostStringExpression(node: SyntaxNode, source: string): SyntaxNode {
  let top = node;
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'concatenated_string' || parent.type === 'parenthesized_expression') top = parent;
    else if ((parent.type === 'binary_operator' || parent.type === 'binary_expression') && parent.childForFieldName('left') && parent.childForFieldName('operator')) top = parent;
    else if ((parent.type === 'list' || parent.type === 'array') && joinCallOf(parent, source)) {
      top = joinCallOf(parent, source)!;
      parent = top;
    } else break;
  }
  return top;
}

/** The `.join` call a list of strings is joined by (`[...].join(' ')`, `"\n".join([...])`), if any. */
function joinCallOf(list: SyntaxNode, source: string): SyntaxNode | undefined {
  // [...].join(...): list -> member_expression/attribute -> call
  const member = list.parent;
  if (member && (member.type === 'member_expression' || member.type === 'attribute') && member.childForFieldName('object')?.startIndex === list.startIndex) {
    const call = member.parent;
    if (call && (call.type === 'call' || call.type === 'call_expression') && lastName(member, source) === 'join') return call;
  }
  // "sep".join([...]): list -> argument_list -> call
  const args = list.parent;
  const call = args?.parent;
  if (args?.type === 'argument_list' && call?.type === 'call') {
    const fn = call.childForFieldName('function');
    if (fn && lastName(fn, source) === 'join') return call;
  }
  return undefined;
}

/** Prose: several words (`minWords` of two letters or more), not a path, a URL, SQL, XML or JSON. */
export function isProse(text: string, minWords = 4): boolean {
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  if (words.length < minWords) return false;
  return !/^\s*(?:https?:|\/|\.\/|SELECT\s|<\?xml|\{\s*")/i.test(text);
}

/** The file's simple name bindings (`NAME = <expression>`, `const name = ...`), and which a message site used. */
class NameTable {
  private readonly values = new Map<string, SyntaxNode | null>();
  private readonly used = new Set<number>();

  constructor(
    private readonly source: string,
    readonly root: SyntaxNode,
  ) {}

  /** The value last bound to a name in the file (`NAME = ...`, `const NAME = ...`, `self.NAME = ...`), found once. */
  valueOf(name: string): SyntaxNode | undefined {
    let value = this.values.get(name);
    if (value === undefined) {
      value = null;
      const starts = this.bindings().get(name) ?? [];
      for (let i = starts.length - 1; i >= 0 && !value; i--) value = this.bindingValue(starts[i]) ?? null;
      this.values.set(name, value);
    }
    return value ?? undefined;
  }

  private index: Map<string, number[]> | undefined;

  /** Where each name is bound (`NAME =`), from one pass over the source. */
  private bindings(): Map<string, number[]> {
    if (this.index) return this.index;
    this.index = new Map();
    BOUND_NAME.lastIndex = 0;
    for (let m = BOUND_NAME.exec(this.source); m; m = BOUND_NAME.exec(this.source)) {
      const list = this.index.get(m[1]) ?? [];
      list.push(m.index + (/^(?:self|this)\./.test(m[0]) ? 5 : 0));
      this.index.set(m[1], list);
    }
    return this.index;
  }

  /** The value of the binding whose name starts at `at`: an assignment's right side, a declarator's or field's value. */
  private bindingValue(at: number): SyntaxNode | undefined {
    const node = enclosing(this.root, at, BINDING_TYPES)?.node;
    return node?.childForFieldName('right') ?? node?.childForFieldName('value') ?? undefined;
  }

  /** The bound values an expression reads through names (`SYSTEM`, `PROMPT + SUFFIX`). */
  boundFrom(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const visit = (n: SyntaxNode, depth: number) => {
      if (depth > 6) return;
      if (n.type === 'identifier') {
        const value = this.valueOf(this.source.slice(n.startIndex, n.endIndex));
        if (value) out.push(value);
        return;
      }
      for (let i = 0; i < n.childCount; i++) visit(n.child(i)!, depth + 1);
    };
    visit(node, 0);
    return out;
  }

  markUsed(value: SyntaxNode): void {
    this.used.add(value.startIndex);
  }

  /** The bindings of a name that `namePattern` matches whose value no message site used. */
  unused(namePattern: RegExp): { name: string; value: SyntaxNode }[] {
    const out: { name: string; value: SyntaxNode }[] = [];
    const seen = new Set<number>();
    // Each place a prompt-like word occurs, widened to the identifier holding it, then checked for ` = ` after it.
    const words = new RegExp(namePattern.source, 'gi');
    for (let m = words.exec(this.source); m; m = words.exec(this.source)) {
      let start = m.index;
      while (start > 0 && /[\w$]/.test(this.source[start - 1])) start--;
      let end = m.index + m[0].length;
      while (end < this.source.length && /[\w$]/.test(this.source[end])) end++;
      words.lastIndex = end;
      if (!BINDING_AFTER_NAME.test(this.source.slice(end, end + 100))) continue;
      const value = this.bindingValue(start);
      if (!value || seen.has(value.startIndex) || this.used.has(value.startIndex)) continue;
      seen.add(value.startIndex);
      out.push({ name: this.source.slice(start, end), value });
    }
    return out;
  }

}
