// The web-platform globals that Node and every browser both provide: the isomorphic core may use these and
// nothing else of either environment. Compiled only by tsconfig.domain.json; elsewhere lib.dom has them.
declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | [string, string][]);
  get(name: string): string | null;
  set(name: string, value: string): void;
  has(name: string): boolean;
  delete(name: string): void;
  keys(): IterableIterator<string>;
  toString(): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
