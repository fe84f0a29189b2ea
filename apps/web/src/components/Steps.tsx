import type { ReactNode } from 'react';

export type StepState = 'done' | 'current' | 'upcoming' | 'failed';

export interface Step {
  key: string;
  text: ReactNode;
  state: StepState;
  /** A transaction that proves the step, shown next to it. */
  tx?: string;
}

const marks: Record<StepState, string> = { done: '✓', current: '•', upcoming: '○', failed: '✕' };
const spoken: Record<StepState, string> = { done: ' (done)', current: ' (in progress)', upcoming: '', failed: ' (failed)' };

/** An ordered list of steps; each says in words, not only by colour, where it stands. */
export function Steps({ steps, testId }: { steps: readonly Step[]; testId?: string }) {
  return (
    <ol className="steps" data-testid={testId}>
      {steps.map((step) => (
        <li key={step.key} className={`step ${step.state}`} data-testid={testId ? `${testId}-${step.key}` : undefined} data-state={step.state} data-tx={step.tx}>
          <span className="step-mark" aria-hidden="true">
            {marks[step.state]}
          </span>
          <span>
            {step.text}
            {step.tx ? (
              <span className="muted small">
                {' '}
                <code title={step.tx}>{shortTx(step.tx)}</code>
              </span>
            ) : null}
          </span>
          <span className="visually-hidden">{spoken[step.state]}</span>
        </li>
      ))}
    </ol>
  );
}

function shortTx(hash: string): string {
  return `${hash.slice(0, 10)}…${hash.slice(-8)}`;
}

export function TxHash({ hash, label = 'Transaction' }: { hash: string; label?: string }) {
  return (
    <p className="small muted">
      {label} <code title={hash}>{shortTx(hash)}</code>
    </p>
  );
}
