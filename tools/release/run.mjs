// Small process helpers of the release test: commands run with their output kept, a failure
// thrown with what the command printed.
import { spawnSync } from 'node:child_process';

/** Runs a command (in exactly `env`); throws with its output when it fails. Returns stdout. */
export function run(command, args, { cwd, env = process.env, label = `${command} ${args.join(' ')}` } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${label}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${label} (in ${cwd}) exited ${result.status}:\n${result.stdout}\n${result.stderr}`.trim(),
    );
  }
  return result.stdout;
}

/** Logs a step, runs it, says how it ended. */
export async function step(title, body) {
  process.stdout.write(`\n--- ${title}\n`);
  const result = await body();
  process.stdout.write(`ok: ${title}\n`);
  return result;
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
