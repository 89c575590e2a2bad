/**
 * Writes what `cli train` starts from, for an independent re-implementation to train on the very same
 * numbers: the initial weights and layer constants, η_h, T and the learning rate, the standardised
 * train and test inputs with their labels, and the batch order of every epoch.
 *
 *   npx tsx scripts/crosscheck/export.ts --config "data=fashion&width=32&depth=32&act=relu&seed=0" --out DIR
 *
 * scripts/crosscheck/train_torch.py trains on DIR with PyTorch autograd (see the README's Training section).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, parseOptions } from '../../src/cli/args';
import { parseCliConfig, startBackend } from '../../src/cli/runtime';
import { prepareTraining, trainingData } from '../../src/cli/train';
import { batchCount, epochOrder, gatherBatch, type Split } from '../../src/data/batches';
import type { Config } from '../../src/state/schema';

function parseArguments(): { config: Config; out: string } {
  try {
    const options = parseOptions(
      process.argv.slice(2),
      [
        { name: 'config', value: 'QUERY', help: 'settings as in the app URL', required: true },
        { name: 'out', value: 'DIR', help: 'output directory', required: true },
      ],
      'crosscheck export',
    );
    return { config: parseCliConfig(options.get('config') as string), out: options.get('out') as string };
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(error.message);
    process.exit(error.exitCode);
  }
}

const { config, out } = parseArguments();
await startBackend(config);
const data = await trainingData(config);
const setup = await prepareTraining(config, data, config.backend);
mkdirSync(out, { recursive: true });

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
for (const split of ['train', 'test'] as Split[]) {
  const all = gatherBatch(
    data,
    split,
    Array.from({ length: data[split].count }, (_, i) => i),
  );
  writeFileSync(join(out, `x_${split}.f32`), bytes(all.x.data));
  writeFileSync(join(out, `labels_${split}.u8`), bytes(Uint8Array.from(all.labels)));
}
// The batches of epoch e are the first batchCount·batch entries of epochOrder(count, seed + e).
const usable = batchCount(data, 'train', config.batch) * config.batch;
const orders = new Uint32Array(config.epochs * usable);
for (let e = 0; e < config.epochs; e++) {
  orders.set(epochOrder(data.train.count, config.seed + e).subarray(0, usable), e * usable);
}
writeFileSync(join(out, 'batch_order.u32'), bytes(orders));
const { network } = setup;
const weights = new Float32Array(network.W.reduce((sum, m) => sum + m.data.length, 0));
let offset = 0;
for (const m of network.W) {
  weights.set(m.data, offset);
  offset += m.data.length;
}
writeFileSync(join(out, 'weights.f32'), bytes(weights));
const meta = {
  config,
  arch: network.arch,
  act: network.act,
  a: network.a,
  shapes: network.W.map((m) => [m.rows, m.cols]),
  etaH: setup.etaH,
  etaLambda: config.etaLambda,
  T: setup.T,
  lr: setup.lr,
  batch: config.batch,
  classes: data.classes,
};
writeFileSync(join(out, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
console.log(`wrote ${out}: ${data.train.count} train / ${data.test.count} test samples, η_h = ${setup.etaH}`);
