import type { RenderStage } from '@mixstack/core';

/**
 * What a command spent its time on, stage by stage (`mixstack build --timings`), so a slow
 * build shows where: starting Node and loading the CLI, loading the stack module (and with it
 * the component packages), reading inputs, each stage of render, writing the folder.
 */
export type CliStage = 'startup' | 'load' | 'inputs' | RenderStage | 'write';

/** What each stage stands for, printed beside its time. */
export const STAGE_DESCRIPTIONS: Readonly<Record<CliStage, string>> = {
  startup: 'Node and the mixstack CLI start',
  load: 'stack module and component packages load, stack composed',
  inputs: 'input files read (--crds, --input)',
  values: 'values, options, contracts and inputs resolved',
  sections: 'sections (mixins, datasources, dashboards) and their patches',
  build: 'components build their objects',
  patches: 'object patches and common labels',
  schemas: 'objects checked: names, duplicates, Kubernetes and CRD schemas',
  expressions: 'PromQL, LogQL and TraceQL parsed; rule templates checked',
  checks: 'safety checks',
  serialise: 'objects written as YAML and JSON',
  write: 'output folder written and swapped in',
};

export interface StageTiming {
  stage: CliStage;
  ms: number;
}

/** Records the time between marks; `now` is the clock (performance.now, from process start). */
export class StageClock {
  readonly #now: () => number;
  #last: number;
  readonly #stages: StageTiming[] = [];

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    // performance.now() counts from the start of the process: the first mark is Node's startup.
    this.#last = 0;
  }

  /** Ends the current stage. */
  mark(stage: CliStage): void {
    const now = this.#now();
    this.#stages.push({ stage, ms: now - this.#last });
    this.#last = now;
  }

  get stages(): readonly StageTiming[] {
    return this.#stages;
  }

  /** The timings as a table: stage, milliseconds, share of the total, what it is. */
  format(): string {
    const total = this.#stages.reduce((sum, s) => sum + s.ms, 0);
    const width = Math.max(...this.#stages.map((s) => s.stage.length), 'total'.length);
    const row = (stage: string, ms: number, what: string) =>
      `  ${stage.padEnd(width)} ${ms.toFixed(1).padStart(8)} ms ${(total > 0 ? (100 * ms) / total : 0).toFixed(0).padStart(3)} %  ${what}`.trimEnd();
    return `${[
      'timings:',
      ...this.#stages.map((s) => row(s.stage, s.ms, STAGE_DESCRIPTIONS[s.stage])),
      row('total', total, ''),
    ].join('\n')}\n`;
  }
}
