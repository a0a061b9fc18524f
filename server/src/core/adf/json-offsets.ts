/**
 * Offsets of every JSON object and array of a text that may be invalid JSON, with the value
 * jsonc-parser's recovery makes of it, in one pass of its streaming visitor. (Valid JSON takes
 * the faster path in valid-json-offsets.ts.) One pass instead of `visit` + `parseTree` +
 * `getNodeValue`: on an 83 MB page with a syntax error the two-pass version needed 2.3 GB of heap.
 */
import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';

/** One object or array: its `{`/`[` to `}`/`]` range and its container-valued children. */
export interface JsonContainer {
  readonly start: number;
  end: number;
  readonly isArray: boolean;
  /**
   * Array: element index → container (holes where the element is a scalar). Object: property
   * name, container, name, container… in text order. Plain arrays: a Map per container
   * measurably slowed pages with thousands of small objects.
   */
  readonly children: (string | JsonContainer | undefined)[];
}

/** The container at `key` (array index or property name; the last duplicate name wins). */
export function childAt(c: JsonContainer, key: string | number): JsonContainer | undefined {
  if (typeof key === 'number') return c.isArray ? (c.children[key] as JsonContainer | undefined) : undefined;
  if (c.isArray) return undefined;
  for (let i = c.children.length - 2; i >= 0; i -= 2) if (c.children[i] === key) return c.children[i + 1] as JsonContainer;
  return undefined;
}

/** Adds `child` to `parent` at `key`. */
export function addChild(parent: JsonContainer, key: string | number, child: JsonContainer): void {
  if (parent.isArray) parent.children[key as number] = child;
  else parent.children.push(key as string, child);
}

export interface JsonSyntaxError {
  readonly code: string;
  readonly start: number;
  readonly end: number;
}

interface Frame {
  readonly container: JsonContainer;
  readonly value: unknown[] | Record<string, unknown>;
  readonly isArray: boolean;
  key: string | number;
}

export interface JsonScan {
  /** The top-level object or array, if any. */
  readonly root: JsonContainer | undefined;
  /** The recovered value (as jsonc-parser's `getNodeValue` would give it). */
  readonly value: unknown;
  readonly errors: JsonSyntaxError[];
}

/** Scans strict JSON (no comments, no trailing commas), recovering from errors. */
export function scanJsonOffsets(text: string): JsonScan {
  const errors: JsonSyntaxError[] = [];
  const stack: Frame[] = [];
  let root: JsonContainer | undefined;
  let value: unknown;
  let hasValue = false;

  // Puts a value that starts now into its parent (arrays count every element).
  const place = (v: unknown): Frame | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (!hasValue) [value, hasValue] = [v, true];
    } else if (parent.isArray) {
      (parent.key as number)++;
      (parent.value as unknown[]).push(v);
    } else {
      // As JSON.parse: "__proto__" is an own property, never the prototype.
      Object.defineProperty(parent.value, parent.key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return parent;
  };
  const open = (offset: number, isArray: boolean) => {
    const v = isArray ? [] : {};
    const parent = place(v);
    const container: JsonContainer = { start: offset, end: text.length, isArray, children: [] };
    if (parent) addChild(parent.container, parent.key, container);
    else root ??= container;
    stack.push({ container, value: v, isArray, key: isArray ? -1 : '' });
  };
  const close = (offset: number, length: number) => {
    const frame = stack.pop();
    if (frame) frame.container.end = offset + length;
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => open(offset, false),
      onArrayBegin: (offset) => open(offset, true),
      onObjectEnd: close,
      onArrayEnd: close,
      onObjectProperty: (property) => {
        stack[stack.length - 1].key = property;
      },
      onLiteralValue: (literal: unknown) => {
        place(literal);
      },
      onError: (error: ParseErrorCode, offset, length) => {
        // Recovery often reports the same spot twice ("property name expected", "value expected").
        if (errors.length > 0 && errors[errors.length - 1].start === offset) return;
        errors.push({ code: printParseErrorCode(error), start: offset, end: offset + Math.max(length, 1) });
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return { root, value, errors };
}
