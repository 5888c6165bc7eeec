/**
 * The search box's query language, parsed into an FTS5 MATCH expression that is safe by construction:
 * every word and phrase reaches FTS5 inside double quotes (no FTS5 syntax from the user survives), and
 * only this module writes AND/OR/NOT and parentheses. Throws only InputError, so any string is safe input.
 *
 *   ukraine talks           both words (implicit AND)
 *   "foreign minister"      a phrase
 *   nato OR eu              either
 *   ukraine NOT crimea      exclusion (also: ukraine -crimea)
 *   (nato OR eu) AND summit grouping
 *   minist*                 prefix
 *
 * Lenient where a reader would be: an unclosed quote runs to the end, unbalanced parentheses are closed
 * or ignored, lower-case and/or/not are ordinary words. Strict where FTS5 must be: a query that only
 * excludes ("NOT crimea") cannot be expressed and is an InputError, as are over-long queries.
 */
import { InputError } from '../errors.ts';

export const QUERY_LIMITS = { length: 500, terms: 32, depth: 8 } as const;

export type QueryNode =
  | { kind: 'term'; words: string[]; prefix: boolean }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'and'; children: QueryNode[] }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode };

export interface ParsedQuery {
  /** The FTS5 MATCH expression. */
  match: string;
  /** The words the query looks for (not the excluded ones): for highlighting and messages. */
  words: string[];
  ast: QueryNode;
}

type Token =
  | { t: 'word'; text: string }
  | { t: 'phrase'; text: string }
  | { t: 'and' | 'or' | 'not' | 'open' | 'close' };

const WORD_CHARS = /[\p{L}\p{N}\p{M}]+/gu;

/** The pieces of a word FTS5's unicode61 tokenizer would index (letters, marks and digits). */
function wordsOf(text: string): string[] {
  return (text.normalize('NFC').match(WORD_CHARS) ?? []).map((w) => w.toLowerCase());
}

function tokenise(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"' || c === '\u201c' || c === '\u201d') {
      let j = i + 1;
      while (j < input.length && !'"\u201c\u201d'.includes(input[j]!)) j++;
      tokens.push({ t: 'phrase', text: input.slice(i + 1, j) });
      i = j + 1;
    } else if (c === '(') {
      tokens.push({ t: 'open' });
      i++;
    } else if (c === ')') {
      tokens.push({ t: 'close' });
      i++;
    } else if (c === '-' && i + 1 < input.length && !/[\s-]/.test(input[i + 1]!) && (i === 0 || /[\s(]/.test(input[i - 1]!))) {
      tokens.push({ t: 'not' });
      i++;
    } else {
      let j = i;
      while (j < input.length && !/[\s"()\u201c\u201d]/.test(input[j]!)) j++;
      const text = input.slice(i, j);
      if (text === 'AND' || text === '&&') tokens.push({ t: 'and' });
      else if (text === 'OR' || text === '||' || text === '|') tokens.push({ t: 'or' });
      else if (text === 'NOT') tokens.push({ t: 'not' });
      else tokens.push({ t: 'word', text });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  private depth = 0;
  terms = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  parseAll(): QueryNode | undefined {
    const parts: QueryNode[] = [];
    while (this.pos < this.tokens.length) {
      const node = this.parseOr();
      if (node) parts.push(node);
      // A stray ")" at the top level: skip it.
      if (this.peek()?.t === 'close') this.pos++;
    }
    return combine('and', parts);
  }

  private parseOr(): QueryNode | undefined {
    const children: QueryNode[] = [];
    const first = this.parseAnd();
    if (first) children.push(first);
    while (this.peek()?.t === 'or') {
      this.pos++;
      const next = this.parseAnd();
      if (next) children.push(next);
    }
    return combine('or', children);
  }

  private parseAnd(): QueryNode | undefined {
    const children: QueryNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.t === 'or' || tok.t === 'close') break;
      if (tok.t === 'and') {
        this.pos++;
        continue;
      }
      const node = this.parseUnary();
      if (node) children.push(node);
    }
    return combine('and', children);
  }

  private parseUnary(): QueryNode | undefined {
    let negations = 0;
    while (this.peek()?.t === 'not') {
      this.pos++;
      negations++;
    }
    const node = this.parsePrimary();
    if (!node) return undefined;
    return negations % 2 === 1 ? { kind: 'not', child: node } : node;
  }

  private parsePrimary(): QueryNode | undefined {
    const tok = this.tokens[this.pos++];
    if (!tok) return undefined;
    switch (tok.t) {
      case 'open': {
        if (++this.depth > QUERY_LIMITS.depth) throw new InputError(`search query nests parentheses more than ${QUERY_LIMITS.depth} deep`);
        const inner = this.parseOr();
        if (this.peek()?.t === 'close') this.pos++;
        this.depth--;
        return inner;
      }
      case 'phrase': {
        const words = wordsOf(tok.text);
        if (!words.length) return undefined;
        this.count(words.length);
        return { kind: 'phrase', words };
      }
      case 'word': {
        const words = wordsOf(tok.text);
        if (!words.length) return undefined;
        this.count(words.length);
        return { kind: 'term', words, prefix: tok.text.endsWith('*') };
      }
      default:
        // An operator where a word should be ("AND AND", "OR" at the start): ignore it.
        return undefined;
    }
  }

  private count(n: number): void {
    this.terms += n;
    if (this.terms > QUERY_LIMITS.terms) throw new InputError(`search query has more than ${QUERY_LIMITS.terms} words`);
  }
}

function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode | undefined {
  const flat = children.flatMap((c) => (c.kind === kind ? c.children : [c]));
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  return { kind, children: flat };
}

/** An FTS5 phrase of the words: in double quotes, inner quotes doubled, so no query syntax survives. */
export function ftsPhrase(words: readonly string[]): string {
  // wordsOf() leaves no quotes, but double them anyway: user text enters FTS5 here.
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

/** Renders a node that must match something (it may contain exclusions, but not only exclusions). */
function render(node: QueryNode): string {
  switch (node.kind) {
    case 'term':
      return node.prefix ? `${ftsPhrase(node.words)}*` : ftsPhrase(node.words);
    case 'phrase':
      return ftsPhrase(node.words);
    case 'not':
      throw new InputError('a search cannot only exclude words: add a word to look for before NOT');
    case 'or':
      return `(${node.children.map(render).join(' OR ')})`;
    case 'and': {
      const positive = node.children.filter((c) => c.kind !== 'not');
      const negative = node.children.flatMap((c) => (c.kind === 'not' ? [c.child] : []));
      if (!positive.length) throw new InputError('a search cannot only exclude words: add a word to look for before NOT');
      let out = positive.length === 1 ? render(positive[0]!) : `(${positive.map(render).join(' AND ')})`;
      for (const n of negative) out = `(${out} NOT ${render(n)})`;
      return out;
    }
  }
}

function positiveWords(node: QueryNode, out: string[]): string[] {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      out.push(...node.words);
      break;
    case 'and':
    case 'or':
      for (const c of node.children) positiveWords(c, out);
      break;
    case 'not':
      break;
  }
  return out;
}

/**
 * Parses a search box query. Returns undefined when it holds nothing to search for (empty, only
 * punctuation); throws InputError when it is too long or cannot be expressed.
 */
export function parseQuery(input: string): ParsedQuery | undefined {
  if (typeof input !== 'string') throw new InputError('search query must be text');
  if (input.length > QUERY_LIMITS.length) throw new InputError(`search query is longer than ${QUERY_LIMITS.length} characters`);
  const ast = new Parser(tokenise(input)).parseAll();
  if (!ast) return undefined;
  return { match: render(ast), words: [...new Set(positiveWords(ast, []))], ast };
}
