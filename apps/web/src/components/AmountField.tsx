'use client';

import { type ReactNode, useId } from 'react';
import { Amount } from './Amount';

interface AmountFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** What the user holds, shown next to the label with a Max button; absent until connected. */
  balance?: { label: string; wei: bigint | undefined; unit: string; testId?: string; onMax: () => void };
  invalid: boolean;
  hint: ReactNode;
}

/** A decimal amount input with its label, the balance and Max, and a hint that turns into the error. */
export function AmountField({ label, value, onChange, balance, invalid, hint }: AmountFieldProps) {
  const inputId = useId();
  const hintId = useId();
  return (
    <div className="field">
      <div className="field-head">
        <label htmlFor={inputId}>{label}</label>
        {balance ? (
          <span className="muted small">
            {balance.label}: {balance.wei !== undefined ? <Amount wei={balance.wei} unit={balance.unit} decimals={6} testId={balance.testId} /> : '…'}
            <button type="button" className="link" onClick={balance.onMax} disabled={balance.wei === undefined}>
              Max
            </button>
          </span>
        ) : null}
      </div>
      <input
        id={inputId}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        placeholder="0.0"
        value={value}
        aria-invalid={invalid}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={hintId} className={invalid ? 'hint error-text' : 'hint'}>
        {hint}
      </p>
    </div>
  );
}
