import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishAtomically } from '../../src/pipeline/publish.js';

const parent = mkdtempSync(join(tmpdir(), 'gongkai-publish-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

const publish = (out: string, v: string, retire: boolean) =>
  publishAtomically(out, async (stage) => writeFileSync(join(stage, 'v.txt'), v), { retire });
const read = (dir: string) => readFileSync(join(dir, 'v.txt'), 'utf8');

describe('publishing a folder', () => {
  it('retiring keeps the folder replaced beside the new one until the next build, which removes it', async () => {
    const out = join(parent, 'site');
    await publish(out, '1', true);
    expect(existsSync(`${out}.retired`)).toBe(false);
    await publish(out, '2', true);
    expect([read(out), read(`${out}.retired`)]).toEqual(['2', '1']);
    await publish(out, '3', true);
    expect([read(out), read(`${out}.retired`)]).toEqual(['3', '2']);
    // A build that fails publishes nothing: the site is the last one published.
    await expect(publishAtomically(out, () => Promise.reject(new Error('broken')), { retire: true })).rejects.toThrow(
      'broken',
    );
    expect(read(out)).toBe('3');
    // The retired folder went as that build started; no lock or staging folder is left.
    expect(readdirSync(parent).filter((f) => f.startsWith('site'))).toEqual(['site']);
  });

  it('salvaging hands the build the retired folder’s named folders, and removes the rest and what is left of them', async () => {
    const out = join(parent, 'salvage');
    const write = (v: string) => async (stage: string, salvaged?: string) => {
      writeFileSync(join(stage, 'v.txt'), v);
      mkdirSync(join(stage, 'kept', 'deep'), { recursive: true });
      writeFileSync(join(stage, 'kept', 'deep', 'f.txt'), v);
      return salvaged && readFileSync(join(salvaged, 'kept', 'deep', 'f.txt'), 'utf8');
    };
    const options = { retire: true, salvage: ['kept/deep', 'absent'] };
    expect(await publishAtomically(out, write('1'), options)).toBeUndefined();
    expect(await publishAtomically(out, write('2'), options)).toBeUndefined();
    // The third build finds the first one retired: its folder comes to the build, the rest goes.
    expect(
      await publishAtomically(
        out,
        async (stage, salvaged) => {
          const got = await write('3')(stage, salvaged);
          // Taken into the new folder, as the body step takes its folders.
          rmSync(join(stage, 'kept', 'deep'), { recursive: true });
          renameSync(join(salvaged!, 'kept', 'deep'), join(stage, 'kept', 'deep'));
          return got;
        },
        options,
      ),
    ).toBe('1');
    expect(readFileSync(join(out, 'kept', 'deep', 'f.txt'), 'utf8')).toBe('1');
    expect([read(out), read(`${out}.retired`)]).toEqual(['3', '2']);
    expect(readdirSync(parent).filter((f) => f.startsWith('salvage'))).toEqual(['salvage', 'salvage.retired']);
  });

  it('without retiring, nothing but the new folder is left', async () => {
    const out = join(parent, 'data');
    await publish(out, '1', false);
    await publish(out, '2', false);
    expect(read(out)).toBe('2');
    expect(readdirSync(parent).filter((f) => f.startsWith('data'))).toEqual(['data']);
  });
});
