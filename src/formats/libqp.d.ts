// libqp ships no types: the functions Gongkai (and its tests, to write saved pages) use.
declare module 'libqp' {
  const libqp: {
    decode(input: string): Buffer;
    encode(input: Buffer | string): string;
    wrap(input: string, lineLength?: number): string;
  };
  export default libqp;
}
